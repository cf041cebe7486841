/**
 * Pages that follow the clock (issue 9.2), through the Worker with the real built site and its
 * clock fixed (FIXED_NOW, the Worker's one clock): an urgent notice leaves the banner and the home list when its `expires` day ends
 * in Shanghai, is marked 已过期 in the lists and on its page, and loses its forwarding and
 * printing tools, with no rebuild.
 */
import { createExecutionContext, env } from 'cloudflare:test';
import { beforeAll, describe, expect, test } from 'vitest';
import { addDays } from '../../src/lib/dates';
import worker from '../src/index';

const ORIGIN = 'https://firstline.test';

/** A request through the Worker's fetch handler, as a browser sends it, with its clock at `instant`. */
function get(
  path: string,
  instant: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const request = new Request(`${ORIGIN}${path}`, init) as Parameters<typeof worker.fetch>[0];
  return worker.fetch(request, { ...env, FIXED_NOW: instant }, createExecutionContext());
}

/** The page at `path` as the Worker serves it at `instant`. */
async function pageAt(path: string, instant: string): Promise<string> {
  return (await get(path, instant)).text();
}

/** The built file itself, as the assets hold it. */
async function built(path: string): Promise<string> {
  return (await env.ASSETS.fetch(`${ORIGIN}${path}`)).text();
}

/** The first urgent notice in the built banner that is still in force: its id, title and last day. */
async function urgentNotice() {
  const html = await built('/');
  const banner = /<section class="banner"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  const item = /<li data-live-until="([\d-]+)"><a href="\/notices\/([^/]+)\/">([^<]+)<\/a>/.exec(
    banner,
  );
  if (!item) throw new Error('the sample content has no urgent notice in force: run npm run build');
  const [, lastDay = '', id = '', title = ''] = item;
  return { id, title, lastDay, banner };
}

// The last second of a Shanghai day and the first of the next, as UTC instants.
const lastSecondOf = (day: string) => `${day}T23:59:59+08:00`;
const startOfDayAfter = (day: string) => `${addDays(day, 1)}T00:00:00+08:00`;

describe('an urgent notice in force', () => {
  let notice: Awaited<ReturnType<typeof urgentNotice>>;
  beforeAll(async () => {
    notice = await urgentNotice();
  });

  test('stays in the banner and the home list until the last second of its expires day', async () => {
    const home = await pageAt('/', lastSecondOf(notice.lastDay));
    const banner = /<section class="banner"[\s\S]*?<\/section>/.exec(home)?.[0] ?? '';
    expect(banner).toContain(notice.title);
    expect(home.split(`href="/notices/${notice.id}/"`).length - 1).toBe(2);
  });

  test('leaves the banner and the home list when the next Shanghai day begins', async () => {
    const home = await pageAt('/', startOfDayAfter(notice.lastDay));
    expect(home).not.toContain(notice.title);
    expect(home).not.toContain(`href="/notices/${notice.id}/"`);
    // The banner goes with its last notice; one with others left keeps its heading.
    const others = [...notice.banner.matchAll(/data-live-until="([\d-]+)"/g)]
      .slice(1)
      .some((match) => (match[1] ?? '') > notice.lastDay);
    expect(home.includes('id="urgent-heading"')).toBe(others);
  });

  test('is marked 已过期 in the notice list, without its level tag', async () => {
    const list = await pageAt('/notices/', startOfDayAfter(notice.lastDay));
    const item = new RegExp(
      `<li>((?:(?!</li>)[\\s\\S])*href="/notices/${notice.id}/"(?:(?!</li>)[\\s\\S])*)</li>`,
    ).exec(list)?.[1];
    expect(item).toBeDefined();
    expect(item).toContain('<span class="tag expired" data-pagefind-ignore="all">已过期</span>');
    expect(item).not.toContain('tag urgent');
    const before = await pageAt('/notices/', lastSecondOf(notice.lastDay));
    expect(before).toContain(`<span class="tag urgent" data-live-until="${notice.lastDay}">`);
  });

  test('shows 已过期 on its own page and drops its forwarding and printing tools', async () => {
    const path = `/notices/${notice.id}/`;
    const tools = ['<details class="share no-print"', 'data-tool="print"', 'class="print-help'];
    const live = await pageAt(path, lastSecondOf(notice.lastDay));
    for (const tool of tools) expect(live).toContain(tool);
    expect(live).toMatch(/<p class="callout expired"[^>]* hidden/);
    const past = await pageAt(path, startOfDayAfter(notice.lastDay));
    for (const tool of tools) expect(past).not.toContain(tool);
    expect(past).toContain('data-tool="read"');
    expect(past).toMatch(/<p class="callout expired" data-pagefind-ignore="all"><strong>已过期：/);
  });
});

describe('serving live pages', () => {
  test('sends the built page unchanged while nothing in it has passed', async () => {
    for (const path of ['/', '/notices/', '/notices/category/rumour/', '/guides/']) {
      expect(await pageAt(path, '2000-01-01T12:00:00+08:00'), path).toBe(await built(path));
    }
  });

  test('lets browsers keep a page five minutes at most, and never past Shanghai midnight', async () => {
    const noon = await get('/', '2026-12-30T12:00:00+08:00');
    expect(noon.headers.get('Cache-Control')).toBe('public, max-age=300');
    const late = await get('/', '2026-12-30T23:59:00+08:00');
    expect(late.headers.get('Cache-Control')).toBe('public, max-age=60');
  });

  test('answers a revalidation with 304 on the same day and with the page on the next', async () => {
    const first = await get('/notices/', '2026-12-30T09:00:00+08:00');
    const etag = first.headers.get('ETag') ?? '';
    expect(etag).toMatch(/^W\/".+-2026-12-30"$/);
    const again = { headers: { 'If-None-Match': etag } };
    expect((await get('/notices/', '2026-12-30T18:00:00+08:00', again)).status).toBe(304);
    const next = await get('/notices/', '2026-12-31T00:00:00+08:00', again);
    expect(next.status).toBe(200);
    expect(await next.text()).toContain('<h1>通知公告</h1>');
  });

  test('leaves pages without live markup, other files and unknown addresses as the assets serve them', async () => {
    const later = '2030-01-01T00:00:00+08:00';
    expect(await (await get('/faq/', later)).text()).toBe(await built('/faq/'));
    expect((await get('/rss.xml', later)).headers.get('Content-Type')).toMatch(/xml/);
    expect((await get('/notices/no-such-notice/', later)).status).toBe(404);
  });

  test('sends each page its whole CSP as a header, with the headers of every other page', async () => {
    const notice = (await urgentNotice()).id;
    const guide = /href="(\/guides\/[^/"]+\/)"/.exec(await built('/guides/'))?.[1] ?? '';
    const still = await env.ASSETS.fetch(`${ORIGIN}/faq/`);
    for (const path of ['/', `/notices/${notice}/`, guide]) {
      const meta = /<meta http-equiv="content-security-policy" content="([^"]*)"/i.exec(
        await built(path),
      )?.[1];
      expect(meta, path).toMatch(/script-src 'self'/);
      for (const method of ['GET', 'HEAD']) {
        const response = await get(path, '2026-12-30T12:00:00+08:00', { method });
        expect(response.headers.get('Content-Security-Policy'), path).toBe(
          `${meta?.replace(/;\s*$/, '')}; frame-ancestors 'none'`,
        );
        for (const header of [
          'X-Frame-Options',
          'Permissions-Policy',
          'X-Content-Type-Options',
          'Referrer-Policy',
        ]) {
          expect(response.headers.get(header), `${path} ${header}`).toBeTruthy();
          expect(response.headers.get(header), `${path} ${header}`).toBe(still.headers.get(header));
        }
      }
    }
  });
});
