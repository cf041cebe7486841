/** Shared Chromium set-up for the browser tests: a phone-sized page, plus an axe check. */
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { CHROMIUM_FLAGS } from '../../scripts/chromium.mjs';
import { TEST_NOW } from '../../scripts/test-clock.mjs';

export const baseURL = inject('baseURL');

/** A low-end Android phone as seen by the site: 360 × 740 CSS pixels, touch, Chinese locale. */
export const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
} as const;

/**
 * Opens one browser for the file and hands out fresh phone contexts; `args` are more Chromium
 * flags (a fake camera, for instance).
 */
export function useBrowser(
  options: { javaScriptEnabled?: boolean } = {},
  args: readonly string[] = [],
) {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: inject('chromePath'),
      args: [...CHROMIUM_FLAGS, ...args],
      headless: true,
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async page(
      extra: {
        javaScriptEnabled?: boolean;
        httpCredentials?: { username: string; password: string };
        userAgent?: string;
        permissions?: string[];
        viewport?: { width: number; height: number };
      } = {},
    ): Promise<Page> {
      if (!browser) throw new Error('browser not started');
      // bypassCSP lets the test inject axe-core; the page's own CSP still governs its scripts.
      const context = await browser.newContext({
        ...PHONE,
        baseURL,
        bypassCSP: true,
        ...options,
        ...extra,
      });
      contexts.push(context);
      // The phone's clock starts on the tests' day, like the Worker's and the build's, and runs.
      await context.clock.install({ time: TEST_NOW });
      return context.newPage();
    },
  };
}

/** Runs axe on the page (WCAG 2.x A/AA rules) and returns the violations in a readable form. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    }),
  );
  return results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
}
