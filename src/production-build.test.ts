/**
 * `npm run build -- --production` refuses what residents or staff cannot use: a public address
 * they cannot open (issue 9.1), or an editor saving to a Git host staff cannot reach (issue 13).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const run = promisify(execFile);

/** The variables the deploy workflow gives a build on a self-hosted Gitea. */
const GITEA = { CMS_BASE_URL: 'https://git.qinghe.example.cn', CMS_REPO: 'qinghe/fangyi-site' };

/**
 * Runs a production build over a community.yaml holding `lines`, with `env` added; resolves to
 * its exit code and every 构建停止 line it printed.
 */
async function productionBuild(lines: string, env: Record<string, string> = GITEA) {
  const dir = mkdtempSync(join(tmpdir(), 'firstline-production-'));
  writeFileSync(join(dir, 'community.yaml'), `name: 青禾街道\n${lines}`);
  const failure = await run(
    'npx',
    ['astro', 'build', '--production', '--outDir', join(dir, 'out')],
    {
      env: {
        ...process.env,
        ...env,
        FIRSTLINE_CONTENT_DIR: dir,
        ASTRO_TELEMETRY_DISABLED: '1',
      },
    },
  ).then(
    () => undefined,
    (error: unknown) => error as { code: number; stdout: string; stderr: string },
  );
  const output = `${failure?.stdout ?? ''}${failure?.stderr ?? ''}`;
  return { code: failure?.code ?? 0, messages: output.match(/构建停止：.*/g) ?? [] };
}

const ADDRESS = 'siteUrl: https://fangyi.example.cn\n';

describe('a production build', () => {
  test('stops with a Chinese message when siteUrl is missing', async () => {
    const { code, messages } = await productionBuild('');
    expect(code).toBe(1);
    expect(messages).toMatchInlineSnapshot(`
      [
        "构建停止：正式构建需要网站的公开地址：请在 content/community.yaml 填写 siteUrl，例如：siteUrl: https://fangyi.example.cn。海报二维码、微信群文字的“详情”链接、RSS 和网格群提醒里的链接都用这个地址。",
      ]
    `);
  }, 60_000);

  test('stops when siteUrl is this computer', async () => {
    const { code, messages } = await productionBuild('siteUrl: http://localhost:8787\n');
    expect(code).toBe(1);
    expect(messages.join('\n')).toContain('这是本机、内网或示例地址，居民打不开');
  }, 60_000);

  test('stops when siteUrl is not an address', async () => {
    const { code, messages } = await productionBuild('siteUrl: fangyi.example.cn\n');
    expect(code).toBe(1);
    expect(messages.join('\n')).toContain('要写成完整的网址');
  }, 60_000);

  test('stops when the web editor has no Git host to save to, naming both fixes', async () => {
    const { code, messages } = await productionBuild(ADDRESS, {});
    expect(code).toBe(1);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('请设置 CMS_BASE_URL');
    expect(messages[0]).toContain('不用网页编辑器时，请设置 CMS_BACKEND=none');
  }, 60_000);

  test('stops when the web editor would save to this computer, and reports the address too', async () => {
    const { code, messages } = await productionBuild('', { CMS_BASE_URL: 'http://localhost:3000' });
    expect(code).toBe(1);
    expect(messages).toHaveLength(2);
    expect(messages[1]).toContain(
      'CMS_BASE_URL 是“http://localhost:3000”，这是本机、内网或示例地址',
    );
  }, 60_000);

  test('asks nothing of the editor when it is switched off, and builds /admin/ without it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firstline-no-editor-'));
    const content = join(dir, 'content');
    cpSync('content', content, { recursive: true });
    writeFileSync(
      join(content, 'community.yaml'),
      `${readFileSync(join(content, 'community.yaml'), 'utf8')}\n${ADDRESS}`,
    );
    await run('npx', ['astro', 'build', '--production', '--outDir', join(dir, 'out')], {
      env: {
        ...process.env,
        CMS_BACKEND: 'none',
        FIRSTLINE_CONTENT_DIR: content,
        ASTRO_TELEMETRY_DISABLED: '1',
      },
    });
    const admin = readFileSync(join(dir, 'out/admin/index.html'), 'utf8');
    expect(admin).toContain('<h1>这个网站没有开启网页编辑器</h1>');
    expect(admin).not.toMatch(/<script type="module"|id="cms-config"/);
    expect(/connect-src ([^;"]*)/.exec(admin)?.[1]).toBe("'self'");
  }, 120_000);
});

describe('any build', () => {
  test('stops with a Chinese message on a wrong CMS_ value, before building anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firstline-preview-'));
    const failure = await run('npx', ['astro', 'build', '--outDir', join(dir, 'out')], {
      env: { ...process.env, CMS_BACKEND: 'gogs', ASTRO_TELEMETRY_DISABLED: '1' },
    }).then(
      () => undefined,
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('构建停止：网页编辑器的 Git 服务类型 CMS_BACKEND 是“gogs”');
  }, 60_000);
});
