/**
 * The home page's 「今日健康报告」 (PRODUCT.md §11): a phone keeps its check-in link while the
 * link takes readings or will (before arrival), and forgets it once its period is over.
 */
import { describe, expect, test } from 'vitest';
import { KEPT_CHECKIN_KEY, RECEIPTS_KEY } from '../../src/islands/saved-receipts';
import { addDays, chineseDate } from '../../src/lib/dates';
import { axeViolations, baseURL, useBrowser } from './browser';
import { declareByApi, idNumbers, today } from './declaration-form';

const browser = useBrowser();
const newId = idNumbers(8);

describe('the kept check-in link', () => {
  test('is kept when opened before arrival, so the home page offers it on the day', async () => {
    const { checkin: path } = await declareByApi(baseURL, {
      idNumber: newId(),
      arrivalDate: addDays(today, 3),
    });
    const page = await browser.page();
    await page.goto(path);
    await page.getByRole('heading', { name: '健康监测还没有开始' }).waitFor();
    await page.getByText(`（${chineseDate(addDays(today, 3))}）开始`).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate((key) => localStorage.getItem(key), KEPT_CHECKIN_KEY)).toBe(path);
    await page.goto('/');
    const offer = page.getByRole('link', { name: '今日健康报告' });
    await offer.waitFor();
    expect(await offer.getAttribute('href')).toBe(path);
  });

  test('goes with its receipt when the receipt expires; a current one’s link takes its place', async () => {
    const page = await browser.page();
    await page.goto('/');
    const receipt = (reference: string, keepUntil: string, link: string) => ({
      reference,
      receivedAt: '2026-01-01T00:00:00.000Z',
      risk: 'medium',
      reasons: [],
      measures: [],
      testDays: [],
      monitoringEnds: addDays(keepUntil, -1),
      grid: { name: '第二网格（西溪村）', leader: '李秀英', phone: '13800001202' },
      checkinUrl: `http://localhost:8787${link}`,
      keepUntil,
    });
    const over = `/checkin/${'o'.repeat(32)}/`;
    const current = `/checkin/${'c'.repeat(32)}/`;
    const keep = async (receipts: unknown[], kept: string) =>
      page.evaluate(
        ({ receipts, kept, keys }) => {
          localStorage.setItem(keys.receipts, JSON.stringify({ v: 1, receipts }));
          localStorage.setItem('firstline-receipt', '/declare/receipt/');
          localStorage.setItem(keys.checkin, kept);
        },
        { receipts, kept, keys: { receipts: RECEIPTS_KEY, checkin: KEPT_CHECKIN_KEY } },
      );
    const offered = async () => {
      await page.goto('/');
      await page.getByRole('link', { name: '查看我的报备回执' }).waitFor();
      return page.getByRole('link', { name: '今日健康报告' }).isVisible();
    };

    // Its period over (kept until yesterday): once the phone has looked at its receipts, the
    // home page offers no report any more.
    await keep([receipt('1111-2222-3', addDays(today, -1), over)], over);
    expect(await offered()).toBe(true);
    await page.goto('/declare/receipt/');
    await page.waitForFunction((key) => localStorage.getItem(key) === null, RECEIPTS_KEY);
    expect(await page.evaluate((key) => localStorage.getItem(key), KEPT_CHECKIN_KEY)).toBeNull();
    await page.goto('/');
    await page.waitForLoadState('load');
    expect(await page.getByRole('link', { name: '今日健康报告' }).isVisible()).toBe(false);

    // With another receipt still current, the home page offers that one's link instead.
    await keep(
      [
        receipt('1111-2222-3', addDays(today, -1), over),
        receipt('4444-5555-6', addDays(today, 5), current),
      ],
      over,
    );
    await page.goto('/declare/receipt/');
    await page.waitForFunction(({ key, current }) => localStorage.getItem(key) === current, {
      key: KEPT_CHECKIN_KEY,
      current,
    });
    expect(await offered()).toBe(true);
    expect(await page.getByRole('link', { name: '今日健康报告' }).getAttribute('href')).toBe(
      current,
    );
  });
});
