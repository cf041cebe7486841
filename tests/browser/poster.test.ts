/**
 * The A4 posters (journey J4) in Chromium: each prints to exactly one A4 page, the printed QR code
 * decodes back to the page it belongs to, and the sheet carries the title and the duty phone but
 * none of the site's navigation. The PNGs decoded are kept in test-results/posters/ to look at.
 */
import { existsSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { axeViolations, baseURL, useBrowser } from './browser';
import { type Area, pdfPages, printPoster } from './print';

const browser = useBrowser();
const NOTICE = '/notices/2026-11-18-fanxiang-baobei/';

/** Every poster the build made, from dist/ (the global set-up has checked that it exists). */
function posterPaths(): string[] {
  return ['notices', 'guides'].flatMap((section) =>
    readdirSync(`dist/${section}`)
      .filter((id) => existsSync(`dist/${section}/${id}/poster/index.html`))
      .map((id) => `/${section}/${id}/poster/`),
  );
}

/** The absolute URL a page gives as its canonical address: what its poster's QR code must hold. */
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

describe('a notice poster', () => {
  test('prints to exactly one A4 page whose QR code opens the notice', async () => {
    const page = await browser.page();
    const expected = await canonical(page, NOTICE);
    const printed = await printPoster(page, `${NOTICE}poster/`, '.sheet-qr svg', 'notice');
    expect(printed.pages).toBe(1);
    expect(printed.decoded).toEqual(printed.decoded.map(() => expected));
    expect(await darkModulesWidth(page, '.sheet-qr svg', printed.area)).toBeGreaterThanOrEqual(50);
  });

  test('shows the title large, the duty phone and the QR label, with no site navigation on paper', async () => {
    const page = await browser.page();
    await page.goto('/contacts/');
    const dutyPhone = (await page.locator('footer a[href^="tel:"]').textContent())?.trim();
    await page.goto(NOTICE);
    const title = (await page.locator('h1').textContent())?.trim();
    await page.goto(`${NOTICE}poster/`);
    await page.emulateMedia({ media: 'print' });
    const sheet = page.locator('.sheet');
    await expect(sheet.locator('h1').textContent()).resolves.toBe(title);
    const titlePx = await sheet.locator('h1').evaluate((h1) => getComputedStyle(h1).fontSize);
    expect(parseFloat(titlePx) * 0.75, 'title size in pt').toBeGreaterThanOrEqual(28);
    await expect(sheet.locator('.sheet-phone').textContent()).resolves.toBe(dutyPhone);
    await expect(sheet.locator('figcaption').textContent()).resolves.toBe('扫码查看全文');
    expect(await page.locator('nav, .site-head, .site-foot').count()).toBe(0);
    expect(await page.locator('.poster-tools').isVisible()).toBe(false);
    await expect(page.locator('meta[name="robots"]').getAttribute('content')).resolves.toBe(
      'noindex',
    );
  });

  test('offers a print button with JavaScript and a way back to the notice', async () => {
    const page = await browser.page();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    await page.addInitScript(() => {
      window.print = () => document.documentElement.setAttribute('data-printed', 'yes');
    });
    await page.goto(`${NOTICE}poster/`);
    await page.getByRole('button', { name: '打印海报' }).click();
    await expect(page.locator('html').getAttribute('data-printed')).resolves.toBe('yes');
    expect(blocked).toEqual([]);
    await expect(
      page.getByRole('link', { name: /返回通知原文/ }).getAttribute('href'),
    ).resolves.toBe(NOTICE);
  });

  test('hides the print button without JavaScript', async () => {
    const page = await browser.page({ javaScriptEnabled: false });
    await page.goto(`${NOTICE}poster/`);
    expect(await page.locator('[data-print]').isVisible()).toBe(false);
    await expect(page.locator('.sheet h1').isVisible()).resolves.toBe(true);
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

describe('every poster', () => {
  test('fits its sheet on one A4 page without cutting text off', async () => {
    const page = await browser.page();
    const paths = posterPaths();
    expect(paths.length).toBeGreaterThanOrEqual(10);
    for (const path of [...paths, '/declare/poster/']) {
      await page.goto(path);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdfPages(pdf), path).toBe(1);
      await page.emulateMedia({ media: 'print' });
      const clipped = await page
        .locator('.sheet-main')
        .evaluate((main) => main.scrollHeight - main.clientHeight);
      expect(clipped, `${path} cuts text off`).toBeLessThanOrEqual(0);
      // page.pdf() prints with the emulated media: back to the browser's own.
      await page.emulateMedia({ media: null });
    }
  });

  test('stays within the content-page budget and loads nothing but the page', async () => {
    const page = await browser.page();
    for (const path of [
      `${NOTICE}poster/`,
      '/guides/jujia-jiankang-jiance/poster/',
      '/declare/poster/',
    ]) {
      const response = await fetch(baseURL + path);
      const html = Buffer.from(await response.arrayBuffer());
      expect(gzipSync(html, { level: 9 }).length, path).toBeLessThanOrEqual(14_600);
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(path);
      page.removeAllListeners('request');
      expect(
        requests.filter((url) => !url.endsWith(path) && !url.endsWith('/favicon.svg')),
        path,
      ).toEqual([]);
    }
  });

  test('axe finds no violations on a notice poster, a guide poster and the registration poster', async () => {
    const page = await browser.page();
    for (const path of [
      `${NOTICE}poster/`,
      '/guides/jujia-jiankang-jiance/poster/',
      '/declare/poster/',
    ]) {
      await page.goto(path);
      expect(await axeViolations(page), path).toEqual([]);
    }
  });
});
