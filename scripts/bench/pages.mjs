// Bench helpers: what a phone-sized Chromium downloads for one page, measured from the network.
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../chromium.mjs';

export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export { CHROMIUM_FLAGS };

export const gzipSize = (data) => gzipSync(data, { level: 9 }).length;

/** Inline <script> elements without src that hold JavaScript (not JSON-LD or other data). */
export function inlineScripts(html) {
  const scripts = [];
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\ssrc\s*=/i.test(attributes)) continue;
    const type = /\stype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase();
    if (type && !/^(module|text\/javascript|application\/javascript)$/.test(type)) continue;
    scripts.push(body);
  }
  return scripts;
}

/** Same-origin links in `html` whose path matches `pattern`, in document order. */
export function linksIn(html, base, pattern) {
  const paths = [];
  for (const [, href] of html.matchAll(/<a\b[^>]*\shref\s*=\s*["']([^"']+)["']/gi)) {
    const url = new URL(href.replaceAll('&amp;', '&'), base);
    if (url.origin === new URL(base).origin && pattern.test(url.pathname)) paths.push(url.pathname);
  }
  return paths;
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

/**
 * Loads `path` in a fresh 360×740 mobile context and returns the served document plus what the
 * page loaded: stylesheets, scripts and same-origin fetched data (gzip -9 of each body), fonts
 * (bytes) and third-party origins.
 * With `pickProvince`, also picks a province in a select labelled 省 and reports the scripts and
 * same-origin data fetched after that as `onDemand` (null when there is no such select).
 */
export async function measurePage(browser, origin, path, { pickProvince = false } = {}) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  const seen = { css: 0, js: 0, jsFiles: [], data: 0, dataFiles: [], fonts: 0 };
  const thirdParty = new Set();
  const serviceWorker = [];
  let phase = 'load';
  const onDemand = { js: 0, files: [] };
  const pending = [];
  let inflight = 0;
  context.on('request', () => inflight++);
  context.on('requestfinished', () => inflight--);
  context.on('requestfailed', () => inflight--);
  // Resolves once no request has been in flight for 500 ms (at most 10 s).
  const quiet = async () => {
    for (let idleFor = 0, waited = 0; idleFor < 500 && waited < 10_000; waited += 100) {
      await page.waitForTimeout(100);
      idleFor = inflight > 0 ? 0 : idleFor + 100;
    }
  };
  // Context level, so requests made by a service worker are seen too (origins only).
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (/^https?:$/.test(url.protocol) && url.origin !== origin) thirdParty.add(url.origin);
  });
  context.on('response', (response) => {
    const request = response.request();
    const type = request.resourceType();
    const url = new URL(response.url());
    if (response.status() >= 300 || (url.origin !== origin && type !== 'font')) return;
    if (request.serviceWorker()) {
      serviceWorker.push(url.pathname);
      return;
    }
    const isData = (type === 'fetch' || type === 'xhr') && !url.pathname.startsWith('/api/');
    if (!['stylesheet', 'script', 'font'].includes(type) && !isData) return;
    const at = phase;
    pending.push(
      response
        .body()
        .then((body) => {
          if (at === 'pick' && (type === 'script' || isData)) {
            onDemand.js += gzipSize(body);
            onDemand.files.push(url.pathname);
          } else if (type === 'stylesheet') seen.css += gzipSize(body);
          else if (type === 'script') {
            seen.js += gzipSize(body);
            seen.jsFiles.push(url.pathname);
          } else if (type === 'font') seen.fonts += body.length;
          else {
            seen.data += gzipSize(body);
            seen.dataFiles.push(url.pathname);
          }
        })
        .catch(() => {}),
    );
  });
  try {
    const response = await page.goto(origin + path, { waitUntil: 'load' });
    if (!response || response.status() !== 200) return { missing: `HTTP ${response?.status()}` };
    const html = await response.text();
    await quiet();
    const province = pickProvince
      ? await chooseProvince(page, () => (phase = 'pick'), quiet)
      : null;
    await Promise.all(pending);
    const inline = inlineScripts(html).join('');
    return {
      html,
      htmlGzip: gzipSize(html),
      cssGzip: seen.css,
      jsGzip: seen.js,
      jsFiles: seen.jsFiles,
      dataGzip: seen.data,
      dataFiles: seen.dataFiles,
      inlineBytes: Buffer.byteLength(inline),
      inlineGzip: inline ? gzipSize(inline) : 0,
      thirdParty: [...thirdParty],
      fontBytes: seen.fonts,
      serviceWorker,
      onDemand: province ? { ...onDemand, province } : null,
    };
  } finally {
    await context.close();
  }
}

// 四川省 has the most counties in GB/T 2260, so its part of the region data is about the largest.
const LARGEST_PROVINCE = '510000';

// Best effort: picks a province in the region cascade's select (四川省 when listed, else the
// first one) and waits for the network to settle; resolves to the option's text, or null.
async function chooseProvince(page, startPhase, quiet) {
  for (const field of await page.getByLabel(/省/).all()) {
    if ((await field.evaluate((element) => element.tagName)) !== 'SELECT') continue;
    try {
      const handle = await field.elementHandle();
      await page.waitForFunction((element) => element.options.length > 1, handle, {
        timeout: 5_000,
      });
      const option = await field.evaluate((element, preferred) => {
        const options = [...element.options].filter((o) => o.value && !o.disabled);
        const chosen = options.find((o) => o.value === preferred) ?? options[0];
        return chosen && { value: chosen.value, text: chosen.text };
      }, LARGEST_PROVINCE);
      if (!option) return null;
      startPhase();
      await field.selectOption(option.value);
      await quiet();
      return option.text;
    } catch {
      return null;
    }
  }
  return null;
}
