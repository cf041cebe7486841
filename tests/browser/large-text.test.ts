/** Large-text mode (MIIT 适老化) in Chromium on a phone. */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { axeViolations, useBrowser } from './browser';

const browser = useBrowser();

/** Computed size in CSS px of the first element matching `selector`. */
async function px(page: Page, selector: string, property: 'fontSize' | 'lineHeight' | 'height') {
  return page
    .locator(`${selector}:visible`)
    .first()
    .evaluate((element, name) => {
      const style = getComputedStyle(element);
      return name === 'height' ? element.getBoundingClientRect().height : parseFloat(style[name]);
    }, property);
}

describe('large text', () => {
  test('one tap makes main text at least 18 pt and tap targets at least 60 px', async () => {
    const page = await browser.page();
    await page.goto('/');
    const button = page.getByRole('button', { name: '大字' });
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    expect(await px(page, 'main p', 'fontSize')).toBeLessThan(24);
    await button.click();
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    // 18 pt is 24 CSS px.
    expect(await px(page, '#guides-heading + .list p', 'fontSize')).toBeGreaterThanOrEqual(24);
    expect(
      (await px(page, '#guides-heading + .list p', 'lineHeight')) /
        (await px(page, '#guides-heading + .list p', 'fontSize')),
    ).toBeGreaterThanOrEqual(1.3);
    for (const selector of [
      '.nav a',
      '.text-size',
      '.search button',
      '.search input',
      '.button.wide',
      '.more',
      '.pills a',
    ]) {
      expect(await px(page, selector, 'height'), selector).toBeGreaterThanOrEqual(60);
    }
    expect(await axeViolations(page)).toEqual([]);
  });

  test('is remembered across pages and applies before the page is shown', async () => {
    const page = await browser.page();
    await page.goto('/');
    await page.getByRole('button', { name: '大字' }).click();
    await page.getByRole('link', { name: '联系我们' }).first().click();
    await page.waitForURL('**/contacts/');
    expect(await page.evaluate(() => document.documentElement.classList.contains('large'))).toBe(
      true,
    );
    // The class is set by the blocking head script, before the body exists.
    const early = await page.evaluate(async () => {
      const html = await (await fetch('/faq/')).text();
      return html.indexOf('firstline-text-size') < html.indexOf('<body');
    });
    expect(early).toBe(true);
    await page.getByRole('button', { name: '大字' }).click();
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.classList.contains('large'))).toBe(
      false,
    );
  });

  test('keeps its switch out of the way without JavaScript', async () => {
    const page = await browser.page({ javaScriptEnabled: false });
    await page.goto('/');
    expect(await page.locator('#text-size').isVisible()).toBe(false);
  });
});
