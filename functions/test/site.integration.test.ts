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
});
