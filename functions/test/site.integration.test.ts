/** What the built site answers through the Worker's assets, checked without a browser. */
import { SELF } from 'cloudflare:test';
import { describe, expect, test } from 'vitest';

const SITE = 'https://firstline.test';

describe('the built site', () => {
  test('the sitemap lists notices and guides, and no staff, editor, receipt or check-in page', async () => {
    const xml = await (await SELF.fetch(`${SITE}/sitemap-0.xml`)).text();
    expect(xml).toContain('/notices/');
    expect(xml).toContain('/guides/');
    for (const hidden of ['/staff/', '/admin/', '/declare/receipt/', '/checkin/', '/offline/']) {
      expect(xml, hidden).not.toContain(hidden);
    }
  });

  test('the check-in frame is never served by itself', async () => {
    expect((await SELF.fetch(`${SITE}/checkin/`)).status).toBe(404);
  });

  test('the old poster and share addresses send people to the page that now holds them', async () => {
    for (const [old, now] of [
      ['/notices/2026-11-18-fanxiang-baobei/poster/', '/notices/2026-11-18-fanxiang-baobei/'],
      ['/notices/2026-11-18-fanxiang-baobei/share/', '/notices/2026-11-18-fanxiang-baobei/'],
      ['/guides/ertong-fanghu/poster/', '/guides/ertong-fanghu/'],
    ] as const) {
      const response = await SELF.fetch(`${SITE}${old}`, { redirect: 'manual' });
      expect(response.status, old).toBe(301);
      expect(new URL(response.headers.get('Location') ?? '', SITE).pathname).toBe(now);
    }
  });

  test('a notice’s one inline script runs under its CSP by hash, without unsafe-inline', async () => {
    const html = await (await SELF.fetch(`${SITE}/notices/2026-11-18-fanxiang-baobei/`)).text();
    const csp = /<meta http-equiv="content-security-policy" content="([^"]+)"/i.exec(html)?.[1];
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(script));
    const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
    expect(script).toContain('/tools.js');
    expect(csp).toContain(`'sha256-${hash}'`);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toContain('unsafe-inline');
  });
});
