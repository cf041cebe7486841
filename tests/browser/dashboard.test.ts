/** The dashboard in Chromium (issue 12): readable pictures on a phone and a PC, no script. */
import { describe, expect, test } from 'vitest';
import { GRID_2_TOKEN } from './accounts';
import { axeViolations, useBrowser } from './browser';

const browser = useBrowser();

describe('the dashboard', () => {
  test.each([
    ['a phone', { width: 360, height: 740 }],
    ['a PC', { width: 1280, height: 800 }],
  ])('draws its bars without a script and passes axe on %s', async (_where, viewport) => {
    const page = await browser.page({
      httpCredentials: { username: 'lixiuying', password: GRID_2_TOKEN },
      viewport,
    });
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });
    await page.goto('/staff/dashboard/');
    await page.getByRole('heading', { name: '每天新增报备（按风险）' }).waitFor();
    expect(await page.locator('svg.bar').count()).toBeGreaterThanOrEqual(14);
    // Every bar fits the page: nothing wider than the screen.
    const widest = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(widest).toBeLessThanOrEqual(viewport.width);
    expect(scripts).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });
});
