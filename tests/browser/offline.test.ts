/**
 * Offline (issue 9.4) with the network cut: every public page this phone has opened reloads, a
 * page never opened shows the offline page with the duty phone and the grid workers, personal
 * pages are never stored, a first visit downloads nothing but the offline page, and the files a
 * search loads are kept apart from the pages, so they never push a page out.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { axeViolations, baseURL, useBrowser } from './browser';

const browser = useBrowser();
const URGENT = '/notices/2026-11-18-fanxiang-baobei/';

/** Opens the home page and waits until the offline worker controls it and has stored it. */
async function firstVisit(page: Page) {
  await page.goto('/');
  // Polled here: the worker stores the page a moment after it takes control.
  await expect
    .poll(() =>
      page.evaluate(async () => {
        if (!navigator.serviceWorker.controller) return false;
        const names = await caches.keys();
        if (!names.includes('firstline-pages')) return false;
        return (await (await caches.open('firstline-pages')).match('/')) !== undefined;
      }),
    )
    .toBe(true);
}

/** Every path this phone's caches hold. */
function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const paths: string[] = [];
    for (const key of await caches.keys())
      for (const request of await (await caches.open(key)).keys())
        paths.push(new URL(request.url).pathname);
    return paths;
  });
}

/** Each cache's paths, oldest first, with the type of what it holds. */
function cacheContents(page: Page): Promise<Record<string, { path: string; type: string }[]>> {
  return page.evaluate(async () => {
    const contents: Record<string, { path: string; type: string }[]> = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      contents[name] = [];
      for (const request of await cache.keys()) {
        const type = (await cache.match(request))?.headers.get('Content-Type') ?? '';
        contents[name].push({ path: new URL(request.url).pathname, type });
      }
    }
    return contents;
  });
}

/** Puts `count` stand-ins of earlier visits into `cache`, as `prefix<n>`, older than anything else. */
function fillWithOld(page: Page, cache: string, prefix: string, count: number, type: string) {
  return page.evaluate(
    async ({ cache, prefix, count, type }) => {
      const store = await caches.open(cache);
      for (let n = 0; n < count; n += 1) {
        await store.put(
          `${prefix}${n}`,
          new Response('old', { headers: { 'Content-Type': type } }),
        );
      }
    },
    { cache, prefix, count, type },
  );
}

/** A cap of the offline worker, as the served /sw.js sets it. */
async function cap(name: 'MAX_PAGES' | 'MAX_FILES'): Promise<number> {
  const source = await (await fetch(`${baseURL}/sw.js`)).text();
  return Number(new RegExp(`const ${name} = (\\d+);`).exec(source)?.[1]);
}

/** The first link on `path` matching `selector`. */
async function firstLink(page: Page, path: string, selector: string): Promise<string> {
  await page.goto(path);
  return (await page.locator(selector).first().getAttribute('href')) ?? path;
}

describe('offline', () => {
  test('every public page opened before stays readable with the network cut', async () => {
    const page = await browser.page();
    await firstVisit(page);
    const rumour = await firstLink(page, '/notices/category/rumour/', '.list a[href^="/notices/"]');
    const opened = ['/', URGENT, rumour, '/faq/', '/policy/', '/contacts/', '/declare/'];
    const headings: Record<string, string> = {};
    for (const path of opened) {
      await page.goto(path);
      headings[path] = (await page.locator('h1').first().textContent()) ?? '';
    }
    // The worker stores each page just after answering with it.
    await expect.poll(() => cachedPaths(page)).toEqual(expect.arrayContaining(opened));
    await page.context().setOffline(true);
    try {
      for (const path of opened) {
        await page.goto(path);
        await expect(page.locator('h1').first().textContent(), path).resolves.toBe(headings[path]);
        expect(await page.locator('footer a[href^="tel:"]').count(), path).toBe(1);
      }
      await page.goto('/declare/');
      expect(await page.locator('form input, form select').count()).toBeGreaterThan(5);
    } finally {
      await page.context().setOffline(false);
    }
  });

  test('a page never opened shows the duty phone and every grid worker instead of an error', async () => {
    const page = await browser.page();
    await firstVisit(page);
    await page.context().setOffline(true);
    try {
      await page.goto('/guides/ertong-fanghu/');
      await expect(page.locator('h1').textContent()).resolves.toBe('现在没有网络');
      const phones = await page
        .locator('main a[href^="tel:"]')
        .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
      const site = (await (await fetch(`${baseURL}/data/site.json`)).json()) as {
        community: { dutyPhone: string; grids: { phone: string }[] };
      };
      expect(phones).toContain(`tel:${site.community.dutyPhone}`);
      for (const grid of site.community.grids) expect(phones).toContain(`tel:${grid.phone}`);
      expect(await page.locator('main').textContent()).toContain('打开过的页面没有网络也能看');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.context().setOffline(false);
    }
  });

  test('never stores the API, staff pages, receipts or check-in links', async () => {
    const page = await browser.page();
    await firstVisit(page);
    await page.goto('/declare/');
    for (const path of ['/api/health', '/staff/', '/declare/receipt/', '/checkin/abc123/'])
      // Without credentials: a staff page's 401 would otherwise ask for a password.
      await page.evaluate(
        (path) => fetch(path, { credentials: 'omit' }).then((response) => response.text()),
        path,
      );
    await expect
      .poll(() => cachedPaths(page))
      .toEqual(expect.arrayContaining(['/', '/declare/', '/offline/']));
    const cached = await cachedPaths(page);
    expect(
      cached.filter((path) => /^\/(?:api|staff|checkin)\/|^\/declare\/receipt\//.test(path)),
    ).toEqual([]);
  });

  test('a first visit stores the offline page and the page itself, nothing more', async () => {
    const page = await browser.page();
    await firstVisit(page);
    // The browser asks for the favicon by itself, sometimes after the worker has taken control:
    // then the worker keeps it as a file the page loaded, not a download of its own.
    const cached = (await cachedPaths(page)).filter((path) => path !== '/favicon.png');
    expect(cached.sort()).toEqual(['/', '/offline/']);
  });

  test('keeps the files a search loads apart from the pages, so searching never pushes a page out', async () => {
    const page = await browser.page();
    await firstVisit(page);
    await page.goto(URGENT);
    // Earlier searches filled the files' cache to its cap.
    const maxFiles = await cap('MAX_FILES');
    await fillWithOld(
      page,
      'firstline-files',
      '/pagefind/earlier-',
      maxFiles,
      'application/octet-stream',
    );
    await page.goto('/search/?q=报备');
    await page.locator('#search-results li').first().waitFor();
    // Settled: the search's own files are in, and the cache is back at its cap.
    await expect
      .poll(async () => {
        const files = (await cacheContents(page))['firstline-files'] ?? [];
        return (
          files.length === maxFiles && /^\/pagefind\/(?!earlier-)/.test(files.at(-1)?.path ?? '')
        );
      })
      .toBe(true);
    const cached = await cacheContents(page);
    const pages = cached['firstline-pages'] ?? [];
    const files = cached['firstline-files'] ?? [];
    expect(pages.map((entry) => entry.path)).toEqual(
      expect.arrayContaining(['/', URGENT, '/search/']),
    );
    expect(pages.filter((entry) => !entry.type.startsWith('text/html'))).toEqual([]);
    expect(files.filter((entry) => entry.type.startsWith('text/html'))).toEqual([]);
    // The oldest files made room for the search's own.
    expect(files.map((entry) => entry.path)).not.toContain('/pagefind/earlier-0');
  });

  test('keeps the newest pages read up to its cap, dropping the oldest', async () => {
    const page = await browser.page();
    await firstVisit(page);
    const maxPages = await cap('MAX_PAGES');
    await fillWithOld(page, 'firstline-pages', '/notices/read-long-ago-', maxPages, 'text/html');
    await page.goto(URGENT);
    await expect
      .poll(async () => (await cacheContents(page))['firstline-pages']?.at(-1)?.path)
      .toBe(URGENT);
    const pages = ((await cacheContents(page))['firstline-pages'] ?? []).map((entry) => entry.path);
    expect(pages).toHaveLength(maxPages);
    expect(pages).not.toContain('/notices/read-long-ago-0');
    expect(pages).toContain(`/notices/read-long-ago-${maxPages - 1}`);
  });
});
