/** A wrong frontmatter field stops the real content sync with a Chinese message (journey J3). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);

test('a notice with a wrong level fails the build naming the file, the field and a right value', async () => {
  const failure = await run('npx', ['astro', 'sync'], {
    env: {
      ...process.env,
      FIRSTLINE_CONTENT_DIR: 'tests/fixtures/bad-notice',
      ASTRO_TELEMETRY_DISABLED: '1',
    },
  }).then(
    () => undefined,
    (error: unknown) => error as { code: number; stdout: string; stderr: string },
  );
  expect(failure?.code).toBe(1);
  const output = `${failure?.stdout ?? ''}${failure?.stderr ?? ''}`;
  const message = output.slice(output.indexOf('内容文件'), output.indexOf('重新构建。') + 5);
  expect(message).toMatchInlineSnapshot(`
    "内容文件 tests/fixtures/bad-notice/notices/2026-11-20-wrong-level.md 有 1 处需要修改：
      · 字段 level：紧急程度 level 写的是“特急”，只能是 紧急、重要、一般 之一，例如：紧急
    改好后保存，再重新构建。"
  `);
}, 60_000);
