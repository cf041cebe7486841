/**
 * The public address (issue 9.1): a production build puts content/community.yaml's `siteUrl` on
 * every absolute link and printed QR code; a local preview says on every printed sheet and by
 * every WeChat text that its QR codes and links are not for residents.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { baseURL, useBrowser } from './browser';
import { TEST_DAY } from '../../scripts/test-clock.mjs';
import { decodeAt, printLayout } from './print';

const browser = useBrowser();
const SITE_URL = 'https://fangyi.example.cn';
/** The Git host the deploy workflow names for the editor (CMS_BASE_URL). */
const GIT_HOST = 'https://git.qinghe.example.cn';

/** The pages under `root` (a built site) that print as posters, as site paths. */
function posterPaths(root: string): string[] {
  return ['notices', 'guides']
    .flatMap((section) =>
      readdirSync(join(root, section))
        .filter((id) => /^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(id))
        .map((id) => `/${section}/${id}/`),
    )
    .concat('/declare/poster/');
}

/** Where the printed QR code of `path` leads: the form for the registration poster and notices. */
function qrTarget(root: string, path: string): string {
  if (path === '/declare/poster/') return '/declare/';
  const html = readFileSync(join(root, path, 'index.html'), 'utf8');
  return /<figcaption>扫码报备<\/figcaption>/.test(html) ? '/declare/' : path;
}

describe('a production build with siteUrl', () => {
  let out = '';
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firstline-address-'));
    const content = join(dir, 'content');
    cpSync('content', content, { recursive: true });
    const yaml = readFileSync(join(content, 'community.yaml'), 'utf8');
    writeFileSync(join(content, 'community.yaml'), `${yaml}\nsiteUrl: ${SITE_URL}/\n`);
    out = join(dir, 'dist');
    await promisify(execFile)('npx', ['astro', 'build', '--production', '--outDir', out], {
      env: {
        ...process.env,
        FIRSTLINE_CONTENT_DIR: content,
        FIRSTLINE_TODAY: TEST_DAY,
        CMS_BASE_URL: GIT_HOST,
        CMS_REPO: 'qinghe/fangyi-site',
        ASTRO_TELEMETRY_DISABLED: '1',
      },
    });
  }, 180_000);

  test('prints every poster with a QR code that opens its page on the public address', async () => {
    const page = await browser.page();
    const paths = posterPaths(out);
    expect(paths.length).toBeGreaterThanOrEqual(20);
    for (const path of paths) {
      const file = pathToFileURL(join(out, path, 'index.html')).href;
      const selector = path === '/declare/poster/' ? '.declare-qr svg' : '.sheet-qr svg';
      const { png, area, sheet } = await printLayout(page, file, selector, 'production');
      expect(decodeAt(png, area, sheet), path).toBe(`${SITE_URL}${qrTarget(out, path)}`);
    }
    // Some 25 sheets, each laid out at A4 and decoded: more than the default minute on a busy PC.
  }, 240_000);

  test('uses the public address in the WeChat text, canonical links, RSS, sitemap and site data', () => {
    const read = (path: string) => readFileSync(join(out, path), 'utf8');
    const notice = readdirSync(join(out, 'notices')).find((id) => id.startsWith('2026-'));
    expect(read(`notices/${notice}/index.html`)).toContain(`详情：${SITE_URL}/notices/${notice}/`);
    expect(read(`notices/${notice}/index.html`)).toContain(
      `<link rel="canonical" href="${SITE_URL}/notices/${notice}/">`,
    );
    expect(read('rss.xml')).toContain(`<link>${SITE_URL}/notices/`);
    expect(read('sitemap-0.xml')).toContain(`<loc>${SITE_URL}/notices/`);
    expect(read('robots.txt')).toContain(`Sitemap: ${SITE_URL}/sitemap-index.xml`);
    expect(JSON.parse(read('data/site.json'))).toMatchObject({ address: SITE_URL });
    for (const path of [`notices/${notice}/index.html`, 'declare/poster/index.html'])
      expect(read(path)).not.toContain('本地预览');
  });

  test('ships an editor that saves to the Git host it was given, and no local address on any page', () => {
    const read = (path: string) => readFileSync(join(out, path), 'utf8');
    const admin = read('admin/index.html');
    expect(admin).toContain(`"api_root":"${GIT_HOST}/api/v1"`);
    expect(/content-security-policy" content="([^"]*)"/.exec(admin)?.[1]).toContain(
      `connect-src 'self' blob: data: ${GIT_HOST}`,
    );
    // The editor's own translations mention localhost in an error text; pages and data never do.
    const files = readdirSync(out, { recursive: true })
      .map(String)
      .filter((file) => /\.(?:html|xml|json|txt|js)$/.test(file) && !file.startsWith('_astro'));
    expect(files.length).toBeGreaterThan(40);
    expect(files.filter((file) => /localhost|127\.0\.0\.1/.test(read(file)))).toEqual([]);
  });
});

describe('a local preview', () => {
  test('warns by every WeChat text and on every printed sheet, on screen and on paper', async () => {
    const page = await browser.page({ javaScriptEnabled: false });
    const notice = '/notices/2026-11-18-fanxiang-baobei/';
    await page.goto('/declare/poster/');
    expect(await page.locator('.local-preview').isVisible()).toBe(true);
    await expect(page.locator('.local-preview').textContent()).resolves.toContain(
      '本地预览，二维码不能给居民使用。',
    );
    await page.goto(notice);
    await page.getByText('转发到微信群、大喇叭广播稿').click();
    expect(await page.locator('.share .local-preview').isVisible()).toBe(true);
    await expect(page.locator('.share .local-preview').textContent()).resolves.toContain(
      '本地预览，二维码不能给居民使用。',
    );
    for (const path of [notice, '/guides/jujia-jiankang-jiance/', '/declare/poster/']) {
      await page.goto(path);
      await page.emulateMedia({ media: 'print' });
      await expect(page.locator('.sheet .sheet-local').textContent(), path).resolves.toBe(
        '本地预览，二维码不能给居民使用',
      );
      expect(await page.locator('.sheet .sheet-local').isVisible(), path).toBe(true);
      // Whoever prints it must see it: at least 14 pt, bold, and never cut short.
      const warning = await page.locator('.sheet .sheet-local').evaluate((element) => {
        const style = getComputedStyle(element);
        return {
          points: (parseFloat(style.fontSize) * 72) / 96,
          weight: Number(style.fontWeight),
          whole: element.scrollWidth <= element.clientWidth,
        };
      });
      expect(warning.points, path).toBeGreaterThanOrEqual(14);
      expect(warning.weight, path).toBeGreaterThanOrEqual(700);
      expect(warning.whole, path).toBe(true);
      await page.emulateMedia({ media: null });
    }
  });

  test('gives the Worker the address it was built for', async () => {
    const site = (await (await fetch(`${baseURL}/data/site.json`)).json()) as { address: string };
    expect(site.address).toMatch(/^http:\/\/localhost:\d+$/);
  });
});
