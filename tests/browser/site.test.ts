/** The public site in Chromium on a phone: every page type, no scripts on content pages, axe. */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { axeViolations, baseURL, useBrowser } from './browser';

/** Titles of the sample notices marked `draft: true`, read straight from content/. */
async function draftTitles(): Promise<string[]> {
  const titles: string[] = [];
  for (const file of await readdir('content/notices')) {
    const text = await readFile(`content/notices/${file}`, 'utf8');
    const title = /^title:\s*(.+)$/m.exec(text)?.[1];
    if (/^draft:\s*true$/m.test(text) && title) titles.push(title.trim());
  }
  return titles;
}

const browser = useBrowser();

/** Opens `path` and records every script file and every origin the page asks for. */
async function visit(page: Page, path: string) {
  const scripts: string[] = [];
  const origins = new Set<string>();
  page.on('request', (request) => {
    origins.add(new URL(request.url()).origin);
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  const response = await page.goto(path);
  return { status: response?.status(), scripts, origins };
}

async function firstLink(page: Page, path: string, selector: string): Promise<string> {
  await page.goto(path);
  const href = await page.locator(selector).first().getAttribute('href');
  if (!href) throw new Error(`no link ${selector} on ${path}`);
  return href;
}

describe('content pages', () => {
  const pages = async (page: Page) => ({
    home: '/',
    notices: '/notices/',
    rumours: '/notices/category/rumour/',
    notice: await firstLink(page, '/notices/', '.list a[href^="/notices/"]'),
    guides: '/guides/',
    guide: await firstLink(page, '/guides/', '.list a[href^="/guides/"]'),
    faq: '/faq/',
    contacts: '/contacts/',
    privacy: '/privacy/',
  });

  // What each page type's heading says; a notice's and a guide's is their own title.
  const HEADINGS: Partial<Record<string, string>> = {
    home: '青禾街道防疫信息站',
    notices: '通知公告',
    rumours: '辟谣',
    guides: '防护指南',
    faq: '常见问题',
    contacts: '联系我们',
    privacy: '个人信息处理说明',
  };
  // A notice's or guide's own title: the page title before the site name.
  const titleOf = async (page: Page) => (await page.title()).split(' - ')[0]?.trim();

  test('each page type renders with a heading and the duty phone, loading no script files', async () => {
    const page = await browser.page();
    for (const [kind, path] of Object.entries(await pages(page))) {
      const { status, scripts, origins } = await visit(page, path);
      expect(status, kind).toBe(200);
      const heading = (await page.locator('h1').first().textContent())?.trim() ?? '';
      expect(heading, kind).toBe(HEADINGS[kind] ?? (await titleOf(page)));
      expect(await page.locator('footer a[href^="tel:"]').count(), kind).toBe(1);
      expect(scripts, `${kind} loads no script files`).toEqual([]);
      expect([...origins], `${kind} asks only its own origin`).toEqual([baseURL]);
    }
  });

  test('axe finds no violations on home, a notice, a guide, the FAQ and contacts', async () => {
    const page = await browser.page();
    const all = await pages(page);
    for (const path of [all.home, all.notice, all.guide, all.faq, all.contacts, all.rumours]) {
      await page.goto(path);
      expect(await axeViolations(page), path).toEqual([]);
    }
  });

  test('the home page shows the urgent banner, notices, guides, FAQ entry and a tel: duty phone', async () => {
    const page = await browser.page({ javaScriptEnabled: false });
    await page.goto('/');
    await expect(page.locator('.banner h2').textContent()).resolves.toBe('紧急通知');
    expect(await page.locator('.banner a').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('main a[href^="tel:"]').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#notices-heading + .list li').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#guides-heading + .list li').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('form[role=search] input[name=q]').count()).toBe(1);
    expect(await page.locator('main').textContent()).not.toContain('已过期');
  });

  test('a pinned notice comes before newer unpinned ones on the home page', async () => {
    const page = await browser.page();
    await page.goto('/');
    const tags = await page
      .locator('#notices-heading + .list li')
      .evaluateAll((items) => items.map((item) => item.textContent?.includes('置顶') ?? false));
    const firstUnpinned = tags.indexOf(false);
    expect(tags.slice(firstUnpinned).includes(true)).toBe(false);
    expect(tags[0]).toBe(true);
  });

  test('an expired notice is marked 已过期 and left off the home page', async () => {
    const page = await browser.page();
    const expired: { title: string; href: string }[] = [];
    for (let next: string | null = '/notices/'; next;) {
      await page.goto(next);
      expired.push(
        ...(await page.locator('.list li:has(.tag.expired:not([hidden])) a').evaluateAll((links) =>
          links.map((link) => ({
            title: link.textContent ?? '',
            href: link.getAttribute('href') ?? '',
          })),
        )),
      );
      next = await page
        .locator('a[rel=next]')
        .getAttribute('href', { timeout: 1000 })
        .catch(() => null);
    }
    expect(expired.length).toBeGreaterThanOrEqual(1);
    const [first] = expired;
    await page.goto(first?.href ?? '');
    await expect(page.locator('.callout.expired').textContent()).resolves.toContain('已过期');
    await page.goto('/');
    const home = (await page.locator('main').textContent()) ?? '';
    for (const notice of expired) expect(home).not.toContain(notice.title);
  });

  test('a draft notice is published nowhere', async () => {
    const drafts = await draftTitles();
    expect(drafts.length).toBeGreaterThanOrEqual(1);
    const page = await browser.page();
    for (const path of ['/', '/notices/', '/notices/2/']) {
      await page.goto(path);
      const text = (await page.locator('main').textContent()) ?? '';
      for (const title of drafts) expect(text).not.toContain(title);
    }
  });

  test('a 辟谣 notice shows the claim, the verdict, who verified it and where to report', async () => {
    const page = await browser.page();
    await page.goto(
      await firstLink(page, '/notices/category/rumour/', '.list a[href^="/notices/"]'),
    );
    const terms = await page.locator('.rumour dt').allTextContents();
    expect(terms).toEqual(['网传说法', '核实结果', '核实单位', '发现谣言请举报']);
    expect(await page.locator('.rumour dd').allTextContents()).not.toContain('');
  });

  test('a guide past its review date says so visibly', async () => {
    const page = await browser.page();
    await page.goto('/guides/');
    const hrefs = await page
      .locator('.list a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    let warned = 0;
    for (const href of hrefs) {
      await page.goto(href ?? '');
      warned += await page.locator('.callout.warn').count();
    }
    expect(warned).toBeGreaterThanOrEqual(1);
  });

  test('FAQ answers are grouped by category and each has its own anchor', async () => {
    const page = await browser.page();
    await page.goto('/faq/');
    expect(await page.locator('main h2').count()).toBeGreaterThanOrEqual(3);
    const anchors = await page
      .locator('article h3[id]')
      .evaluateAll((headings) => headings.map((heading) => heading.id));
    expect(anchors.length).toBeGreaterThanOrEqual(20);
    expect(new Set(anchors).size).toBe(anchors.length);
  });

  test('the contacts page lists every grid with its worker and a tel: link', async () => {
    const page = await browser.page();
    await page.goto('/contacts/');
    const rows = page.locator('#grids ~ table tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
    for (const row of await rows.all())
      expect(await row.locator('a[href^="tel:"]').count()).toBe(1);
  });

  test('notices paginate ten to a page', async () => {
    const page = await browser.page();
    await page.goto('/notices/');
    expect(await page.locator('.list li').count()).toBe(10);
    await page.locator('a[rel=next]').click();
    await page.waitForURL('**/notices/2/');
    expect(await page.locator('.list li').count()).toBeGreaterThanOrEqual(1);
  });

  test('an unknown address answers 404 with a way back', async () => {
    const page = await browser.page();
    const { status } = await visit(page, '/no-such-page/');
    expect(status).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('找不到这个页面');
  });
});

/** The results the search page lists for `q`, and what its status line says. */
async function search(q: string) {
  const page = await browser.page();
  await page.goto(`/search/?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => {
    const text = document.querySelector('#search-status')?.textContent ?? '';
    return text !== '' && !text.startsWith('正在');
  });
  const results = await page.locator('#search-results li a').evaluateAll((links) =>
    links.map((link) => ({
      href: link.getAttribute('href') ?? '',
      title: link.textContent ?? '',
    })),
  );
  const status = (await page.locator('#search-status').textContent()) ?? '';
  await page.context().close();
  return { results, status };
}

/** The text of the page at `href` (its main part), without tags. */
async function pageText(href: string): Promise<string> {
  const html = await (await fetch(baseURL + href)).text();
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return main.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

describe('search', () => {
  test('finds a notice in Chinese, loading Pagefind only when someone searches', async () => {
    const page = await browser.page();
    const home = await visit(page, '/');
    expect(home.scripts).toEqual([]);
    await page.getByRole('searchbox').fill('报备');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.waitForURL('**/search/?q=*');
    await page.locator('#search-results li').first().waitFor();
    await expect(page.locator('#search-status').textContent()).resolves.toMatch(/^找到\d+条/);
  });

  test('says plainly when nothing matches', async () => {
    const page = await browser.page();
    await page.goto('/search/?q=qzxjvw');
    await page.waitForFunction(() =>
      document.querySelector('#search-status')?.textContent?.startsWith('没有找到'),
    );
  });

  test('finds nothing for a phrase of which only one character is on the site', async () => {
    expect(await search('xyz不存在')).toMatchInlineSnapshot(`
      {
        "results": [],
        "status": "没有找到与“xyz不存在”有关的内容，换个词试试，或者打24小时值班电话问一问。",
      }
    `);
  });

  test('ranks pages with the whole phrase before pages with its words apart', async () => {
    const { results } = await search('疫苗接种');
    expect(results[0]?.title).toContain('疫苗接种');
    const texts = await Promise.all(results.map(({ href }) => pageText(href)));
    const phrased = texts.map((text) => text.includes('疫苗接种'));
    expect(phrased[0]).toBe(true);
    // Once a result lacks the phrase, no later one has it.
    expect(phrased.slice(phrased.indexOf(false) >>> 0).includes(true)).toBe(false);
  });

  test('finds the risk list for 风险地区, first', async () => {
    const { results } = await search('风险地区');
    expect(results[0]?.href).toBe('/policy/');
  });

  test('indexes every public page that says something of its own', async () => {
    const pages = ['/contacts/', '/policy/', '/privacy/', '/faq/', '/declare/'];
    for (const section of ['notices', 'guides'])
      for (const id of await readdir(`dist/${section}`))
        if (/^[a-z0-9-]+$/.test(id) && !/^\d+$/.test(id) && id !== 'category')
          pages.push(`/${section}/${id}/`);
    expect(pages.length).toBeGreaterThanOrEqual(25);
    const headings = await Promise.all(
      pages.map(async (path) => ({
        path,
        heading:
          /<h1[^>]*>([^<]+)<\/h1>/.exec(await (await fetch(baseURL + path)).text())?.[1] ?? path,
      })),
    );
    // Pagefind's own search, straight from the page: one look-up per heading.
    const page = await browser.page();
    await page.goto('/search/');
    // A string, so that vitest leaves the browser's own import() alone.
    const found = (await page.evaluate(`(async (wanted) => {
      const pagefind = await import('/pagefind/pagefind.js');
      return Promise.all(wanted.map(async ({ path, heading }) => {
        const { results } = await pagefind.search(heading);
        const urls = await Promise.all(results.map(async (result) => (await result.data()).url));
        return { path, found: urls.includes(path) };
      }));
    })(${JSON.stringify(headings)})`)) as { path: string; found: boolean }[];
    expect(found.filter((page) => !page.found)).toEqual([]);
  });

  test('leaves lists, posters, share pages, the search page and staff pages out of the index', async () => {
    const { results } = await search('通知公告');
    for (const { href } of (await search('转发和广播')).results.concat(results))
      expect(href).not.toMatch(
        /^\/(?:notices\/(?:\d+\/|category\/)?|search\/|staff\/)?$|\/(?:poster|share)\/$/,
      );
  });
});

describe('feeds', () => {
  test('the RSS feed lists every published notice still in force, no drafts, none expired', async () => {
    const page = await browser.page();
    const live: string[] = [];
    const expired: string[] = [];
    for (let next: string | null = '/notices/'; next;) {
      await page.goto(next);
      for (const item of await page.locator('.list li').all()) {
        const title = (await item.locator('a').textContent()) ?? '';
        ((await item.locator('.tag.expired:not([hidden])').count()) ? expired : live).push(title);
      }
      next = await page
        .locator('a[rel=next]')
        .getAttribute('href', { timeout: 1000 })
        .catch(() => null);
    }
    const xml = await (await fetch(`${baseURL}/rss.xml`)).text();
    expect(xml).toContain('<rss version="2.0"');
    const titles = [...xml.matchAll(/<item><title>(.*?)<\/title>/g)].map((match) => match[1]);
    expect(titles.sort()).toEqual(live.sort());
    for (const title of expired) expect(xml).not.toContain(title);
    for (const title of await draftTitles()) expect(xml).not.toContain(title);
  });
});
