/** `npm run build -- --production` refuses an address residents cannot open (issue 9.1). */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const run = promisify(execFile);

/** Runs a production build over a community.yaml holding `lines`; resolves to its output. */
async function productionBuild(lines: string) {
  const dir = mkdtempSync(join(tmpdir(), 'firstline-production-'));
  writeFileSync(join(dir, 'community.yaml'), `name: 青禾街道\n${lines}`);
  const failure = await run(
    'npx',
    ['astro', 'build', '--production', '--outDir', join(dir, 'out')],
    {
      env: { ...process.env, FIRSTLINE_CONTENT_DIR: dir, ASTRO_TELEMETRY_DISABLED: '1' },
    },
  ).then(
    () => undefined,
    (error: unknown) => error as { code: number; stdout: string; stderr: string },
  );
  const output = `${failure?.stdout ?? ''}${failure?.stderr ?? ''}`;
  return { code: failure?.code ?? 0, message: /构建停止：.*/.exec(output)?.[0] };
}

describe('a production build', () => {
  test('stops with a Chinese message when siteUrl is missing', async () => {
    const { code, message } = await productionBuild('');
    expect(code).toBe(1);
    expect(message).toMatchInlineSnapshot(
      `"构建停止：正式构建需要网站的公开地址：请在 content/community.yaml 填写 siteUrl，例如：siteUrl: https://fangyi.example.cn。海报二维码、微信群文字的“详情”链接、RSS 和网格群提醒里的链接都用这个地址。"`,
    );
  }, 60_000);

  test('stops when siteUrl is this computer', async () => {
    const { code, message } = await productionBuild('siteUrl: http://localhost:8787\n');
    expect(code).toBe(1);
    expect(message).toContain('这是本机、内网或示例地址，居民打不开');
  }, 60_000);

  test('stops when siteUrl is not an address', async () => {
    const { code, message } = await productionBuild('siteUrl: fangyi.example.cn\n');
    expect(code).toBe(1);
    expect(message).toContain('要写成完整的网址');
  }, 60_000);
});
