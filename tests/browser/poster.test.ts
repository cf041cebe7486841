/**
 * Printing (journey J4, issue 9.7) in Chromium: a notice or guide page prints as its own A4
 * poster — the whole text at 14 pt or more, on one sheet when it fits and else on more, the duty
 * phone and a QR code on the first sheet that decodes back to the page (or to the form for a
 * registration notice) — and the registration poster prints on one sheet. The PNGs decoded are
 * kept in test-results/posters/ to look at.
 */
import { readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { axeViolations, baseURL, useBrowser } from './browser';
import { type Area, pdfPages, printPoster } from './print';

const browser = useBrowser();
/** The urgent registration notice of the sample content: the example. */
const URGENT = '/notices/2026-11-18-fanxiang-baobei/';
const GUIDE = '/guides/jujia-jiankang-jiance/';

/** Every notice and guide page the build made, from dist/ (the global set-up checked it). */
function printablePaths(): string[] {
  return ['notices', 'guides'].flatMap((section) =>
    readdirSync(`dist/${section}`)
      .filter((id) => /^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(id))
      .map((id) => `/${section}/${id}/`),
  );
}

/** The absolute URL a page gives as its canonical address. */
async function canonical(page: Page, path: string): Promise<string> {
  await page.goto(path);
  const href = await page.locator('link[rel="canonical"]').getAttribute('href');
  if (!href) throw new Error(`${path} has no canonical link`);
  return href;
}

/** The width of the QR code's dark modules as printed, in millimetres. */
async function darkModulesWidth(page: Page, selector: string, area: Area): Promise<number> {
  const modules = Number((await page.locator(selector).getAttribute('viewBox'))?.split(' ')[2]);
  // The SVG includes a 4-module quiet zone on each side.
  return (area.width * (modules - 8)) / modules;
}

/** The smallest body type on the printed sheet, in pt. */
async function smallestBodyPt(page: Page): Promise<number> {
  return page
    .locator('.sheet-body :is(p, li, td, th)')
    .evaluateAll(
      (nodes) =>
        Math.min(...nodes.map((node) => parseFloat(getComputedStyle(node).fontSize))) * 0.75,
    );
}

describe('a notice printed as its poster', () => {
  test('prints the urgent notice whole at 14 pt or more, its QR code opening the form', async () => {
    const page = await browser.page();
    const expected = await canonical(page, '/declare/');
    const printed = await printPoster(page, URGENT, '.sheet-qr svg', 'notice');
    expect(printed.pages).toBeGreaterThanOrEqual(1);
    expect(printed.decoded).toEqual(printed.decoded.map(() => expected));
    expect(await darkModulesWidth(page, '.sheet-qr svg', printed.area)).toBeGreaterThanOrEqual(50);
    await page.emulateMedia({ media: 'print' });
    expect(await smallestBodyPt(page)).toBeGreaterThanOrEqual(14);
    await expect(page.locator('.sheet-qr figcaption').textContent()).resolves.toBe('扫码报备');
    // Every part of the notice is on paper, 怎么报备 too.
    const printedText = await page
      .locator('.sheet')
      .evaluate((sheet) => (sheet as HTMLElement).innerText);
    for (const heading of await page.locator('.sheet-body h2').allTextContents())
      expect(printedText).toContain(heading);
    expect(printedText).toContain('怎么报备');
  });

  test('sends the QR code of any other notice to the notice itself', async () => {
    const page = await browser.page();
    const path = '/notices/2026-11-05-dongji-fangkong-changyishu/';
    const expected = await canonical(page, path);
    const printed = await printPoster(page, path, '.sheet-qr svg', 'notice-plain');
    expect(printed.pages).toBe(1);
    expect(printed.decoded).toEqual(printed.decoded.map(() => expected));
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.sheet-qr figcaption').textContent()).resolves.toBe('扫码查看全文');
  });

  test('shows the title large and the duty phone, with no site navigation or tools on paper', async () => {
    const page = await browser.page();
    await page.goto('/contacts/');
    const dutyPhone = (await page.locator('footer a[href^="tel:"]').textContent())?.trim();
    await page.goto(URGENT);
    const title = (await page.locator('h1').textContent())?.trim();
    expect(await page.locator('.sheet-phone').first().isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    const sheet = page.locator('.sheet');
    await expect(sheet.locator('h1').textContent()).resolves.toBe(title);
    const titlePx = await sheet.locator('h1').evaluate((h1) => getComputedStyle(h1).fontSize);
    expect(parseFloat(titlePx) * 0.75, 'title size in pt').toBeGreaterThanOrEqual(28);
    await expect(sheet.locator('.sheet-phone').textContent()).resolves.toBe(dutyPhone);
    await expect(sheet.locator('.sheet-kind').textContent()).resolves.toBe('紧急通知');
    for (const selector of ['.site-head', '.site-foot', '.page-tools', '.share', '.tag', '.meta'])
      expect(await page.locator(selector).first().isVisible(), selector).toBe(false);
  });

  test('offers 打印海报 with JavaScript, running the page tools under the CSP', async () => {
    const page = await browser.page();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    await page.addInitScript(() => {
      window.print = () => document.documentElement.setAttribute('data-printed', 'yes');
    });
    await page.goto(URGENT);
    await page.getByRole('button', { name: '打印海报' }).click();
    await expect.poll(() => page.locator('html').getAttribute('data-printed')).toBe('yes');
    expect(blocked).toEqual([]);
  });

  test('says how to print without JavaScript, and shows no buttons that cannot work', async () => {
    const page = await browser.page({ javaScriptEnabled: false });
    await page.goto(URGENT);
    expect(await page.locator('[data-tool]:visible').count()).toBe(0);
    await expect(page.locator('.print-help').textContent()).resolves.toContain(
      '浏览器菜单里的“打印”',
    );
  });
});

describe('the registration poster', () => {
  test('prints to exactly one A4 page whose QR code opens the declaration form', async () => {
    const page = await browser.page();
    const expected = await canonical(page, '/declare/');
    const printed = await printPoster(page, '/declare/poster/', '.declare-qr svg', 'declare');
    expect(printed.pages).toBe(1);
    expect(printed.decoded).toEqual(printed.decoded.map(() => expected));
    expect(await darkModulesWidth(page, '.declare-qr svg', printed.area)).toBeGreaterThanOrEqual(
      50,
    );
  });

  test('asks returnees to scan, says what to prepare and gives the phone for those who cannot', async () => {
    const page = await browser.page();
    await page.goto('/declare/poster/');
    await page.emulateMedia({ media: 'print' });
    const sheet = page.locator('.sheet');
    await expect(sheet.locator('h1').textContent()).resolves.toBe('返乡、来访人员请扫码报备');
    const text = (await sheet.textContent()) ?? '';
    expect(text).toContain('证件号码');
    expect(text).toContain('行程');
    expect(text).toContain('不方便扫码请拨打');
    expect(text).toContain('青禾街道');
    expect(await sheet.locator('.sheet-phone').textContent()).toMatch(/^[\d-]+$/);
    expect(await page.locator('nav, .site-head, .site-foot').count()).toBe(0);
    expect(await page.locator('.poster-tools').isVisible()).toBe(false);
  });
});

describe('every printed page', () => {
  test('prints the whole text at 14 pt or more, on one sheet only when it fits there uncut', async () => {
    const page = await browser.page();
    const paths = printablePaths();
    expect(paths.length).toBeGreaterThanOrEqual(20);
    for (const path of paths) {
      await page.goto(path);
      const onePage = (await page.locator('.sheet.one-page').count()) === 1;
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      if (onePage) expect(pdfPages(pdf), path).toBe(1);
      else expect(pdfPages(pdf), path).toBeGreaterThanOrEqual(2);
      await page.emulateMedia({ media: 'print' });
      const clipped = await page
        .locator('.sheet-main')
        .evaluate((main) => main.scrollHeight - main.clientHeight);
      expect(clipped, `${path} cuts text off`).toBeLessThanOrEqual(0);
      expect(await smallestBodyPt(page), path).toBeGreaterThanOrEqual(14);
      // page.pdf() prints with the emulated media: back to the browser's own.
      await page.emulateMedia({ media: null });
    }
    // Some 25 pages, each printed to PDF: more than the default minute on a busy PC.
  }, 240_000);

  test('the registration poster fits its one A4 sheet without cutting text off', async () => {
    const page = await browser.page();
    await page.goto('/declare/poster/');
    expect(pdfPages(await page.pdf({ format: 'A4', printBackground: true }))).toBe(1);
    await page.emulateMedia({ media: 'print' });
    const clipped = await page
      .locator('.sheet-main')
      .evaluate((main) => main.scrollHeight - main.clientHeight);
    expect(clipped).toBeLessThanOrEqual(0);
  });

  test('stays within the content-page budget with its print layout, loading nothing else', async () => {
    const page = await browser.page({ javaScriptEnabled: false });
    for (const path of [...printablePaths(), '/declare/poster/']) {
      const html = Buffer.from(await (await fetch(baseURL + path)).arrayBuffer());
      expect(gzipSync(html, { level: 9 }).length, path).toBeLessThanOrEqual(14_600);
    }
    for (const path of [URGENT, GUIDE, '/declare/poster/']) {
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(path);
      page.removeAllListeners('request');
      expect(
        requests.filter((url) => !url.endsWith(path) && !url.endsWith('/favicon.png')),
        path,
      ).toEqual([]);
    }
  });

  test('axe finds no violations on a notice, a guide and the registration poster', async () => {
    const page = await browser.page();
    for (const path of [URGENT, GUIDE, '/declare/poster/']) {
      await page.goto(path);
      expect(await axeViolations(page), path).toEqual([]);
    }
  });
});
