/**
 * Time moves without a rebuild (issue 9.2): a site built on an earlier day, served by the real
 * Worker on the tests' day (its clock fixed, scripts/test-clock.mjs), with JavaScript off. Notices that expired since the build have left the banner
 * and the home page, and show 已过期 without their forwarding and printing tools.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { env, freePort, waitForHealth } from '../../scripts/local-worker.mjs';
import { TEST_DAY, TEST_NOW } from '../../scripts/test-clock.mjs';
import { useBrowser } from './browser';

const browser = useBrowser({ javaScriptEnabled: false });
/** The day the site is built for: before several sample notices expire. */
const BUILT_ON = '2026-10-10';

/** Sample notices that were in force on BUILT_ON and have expired by the tests' day. */
function expiredSinceBuild(): { id: string; title: string; urgent: boolean }[] {
  const today = TEST_DAY;
  return readdirSync('content/notices').flatMap((file) => {
    const text = readFileSync(`content/notices/${file}`, 'utf8');
    const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(text)?.[1]?.trim();
    const expires = field('expires');
    if (!expires || field('draft') === 'true' || expires < BUILT_ON || expires >= today) return [];
    return [
      {
        id: file.replace(/\.mdx?$/, ''),
        title: field('title') ?? '',
        urgent: field('level') === '紧急',
      },
    ];
  });
}

let dir = '';
let origin = '';
let child: ChildProcess | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'firstline-live-'));
  const out = join(dir, 'dist');
  await promisify(execFile)('npx', ['astro', 'build', '--outDir', out], {
    env: { ...env, FIRSTLINE_TODAY: BUILT_ON },
  });
  // The Worker's own config, pointed at this build.
  const config = readFileSync('functions/wrangler.jsonc', 'utf8')
    .replace(
      '"main": "src/index.ts"',
      `"main": ${JSON.stringify(resolve('functions/src/index.ts'))}`,
    )
    .replace('"directory": "../dist"', `"directory": ${JSON.stringify(out)}`)
    .replace(
      '"migrations_dir": "migrations"',
      `"migrations_dir": ${JSON.stringify(resolve('functions/migrations'))}`,
    );
  writeFileSync(join(dir, 'wrangler.jsonc'), config);
  const port = await freePort();
  let output = '';
  child = spawn(
    process.execPath,
    [
      resolve('node_modules/wrangler/bin/wrangler.js'),
      'dev',
      '--config',
      join(dir, 'wrangler.jsonc'),
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      '--persist-to',
      join(dir, 'state'),
      '--show-interactive-dev-session=false',
      '--var',
      `FIXED_NOW:${TEST_NOW}`,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  origin = `http://127.0.0.1:${port}`;
  await waitForHealth(origin, child, { output: () => output });
}, 240_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((done) => child?.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('a site built before its notices expired', () => {
  test('was built with them in force', () => {
    const notices = expiredSinceBuild();
    expect(notices.some((notice) => notice.urgent)).toBe(true);
    const home = readFileSync(join(dir, 'dist/index.html'), 'utf8');
    for (const notice of notices) {
      const page = readFileSync(join(dir, `dist/notices/${notice.id}/index.html`), 'utf8');
      expect(page, notice.id).toMatch(
        /<p class="callout expired" data-shown-after="[\d-]+" hidden/,
      );
      if (notice.urgent) expect(home, notice.id).toContain(notice.title);
    }
  });

  test('no longer shows them in the banner or on the home page', async () => {
    const page = await browser.page();
    await page.goto(`${origin}/`);
    const main = (await page.locator('main').textContent()) ?? '';
    for (const notice of expiredSinceBuild()) expect(main, notice.id).not.toContain(notice.title);
    expect(await page.locator('main .tag.expired:visible').count()).toBe(0);
  });

  test('marks them 已过期 in the notice lists, without their level tags', async () => {
    const page = await browser.page();
    const found = new Set<string>();
    for (let next: string | null = `${origin}/notices/`; next;) {
      await page.goto(next);
      for (const notice of expiredSinceBuild()) {
        const item = page.locator(`.list li:has(a[href="/notices/${notice.id}/"])`);
        if (!(await item.count())) continue;
        found.add(notice.id);
        expect(await item.locator('.tag.expired').isVisible(), notice.id).toBe(true);
        expect(await item.locator('.tag.urgent, .tag.important').count(), notice.id).toBe(0);
      }
      const href = await page
        .locator('a[rel=next]')
        .getAttribute('href', { timeout: 1000 })
        .catch(() => null);
      next = href ? `${origin}${href}` : null;
    }
    expect([...found].sort()).toEqual(
      expiredSinceBuild()
        .map((notice) => notice.id)
        .sort(),
    );
  });

  test('shows 已过期 on each of their pages and drops forwarding and printing', async () => {
    const page = await browser.page();
    for (const notice of expiredSinceBuild()) {
      await page.goto(`${origin}/notices/${notice.id}/`);
      await expect(page.locator('.callout.expired').textContent(), notice.id).resolves.toContain(
        '已过期',
      );
      expect(await page.locator('.callout.expired').isVisible(), notice.id).toBe(true);
      expect(await page.locator('.share, [data-tool=print], .print-help').count(), notice.id).toBe(
        0,
      );
    }
  });
});
