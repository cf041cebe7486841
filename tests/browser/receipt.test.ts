/**
 * The declaration receipt (issue 9): why the risk is what it is, the test dates, keeping it
 * (print, or a screenshot in WeChat) and reopening it later on the same phone.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { addDays, chineseDate } from '../../src/lib/dates';
import { RECEIPTS_KEY } from '../../src/islands/saved-receipts';
import { axeViolations, useBrowser } from './browser';
import { fillForm, idNumbers, openForm, pickRegionWithPicker, today } from './declaration-form';

const browser = useBrowser();
const newId = idNumbers(7);

const WECHAT =
  'Mozilla/5.0 (Linux; Android 12; V2055A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';

/** Files a declaration from 江汉区 (a listed high-risk district: a medium risk) with JavaScript. */
async function declare(page: Page, idNumber = newId()): Promise<string> {
  await openForm(page, true);
  await fillForm(page, idNumber, pickRegionWithPicker);
  await page.getByRole('button', { name: '提交报备' }).click();
  await page.getByRole('heading', { name: '报备成功' }).waitFor();
  return (await page.locator('[data-slot=reference]').textContent()) ?? '';
}

describe('the receipt', () => {
  test('says why the risk is what it is and lists the test days as dates', async () => {
    const page = await browser.page();
    await declare(page);
    await expect(page.locator('[data-slot=risk]').textContent()).resolves.toBe('中风险');
    await expect(page.locator('[data-slot=reasons] li').allTextContents()).resolves.toEqual([
      '来自高风险地区：湖北省武汉市江汉区',
    ]);
    await expect(page.locator('[data-slot=test-days] li').allTextContents()).resolves.toEqual(
      [0, 6, 13].map((days) => chineseDate(addDays(today, days))),
    );
    expect(await axeViolations(page)).toEqual([]);
  });

  test('prints from its button in an ordinary browser', async () => {
    const page = await browser.page();
    await page.addInitScript(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    await declare(page);
    await page.getByRole('button', { name: '打印或保存回执' }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  });

  test('in WeChat, which cannot print, offers no button and says to take a screenshot', async () => {
    const page = await browser.page({ userAgent: WECHAT });
    await declare(page);
    expect(await page.getByRole('button', { name: '打印或保存回执' }).count()).toBe(0);
    await expect(page.locator('[data-slot=save-tip]').textContent()).resolves.toContain(
      '请截图保存本页',
    );
  });
});

describe('reopening the receipt', () => {
  test('keeps it on the phone without the ID number or phone, and a reload shows it again', async () => {
    const page = await browser.page();
    const idNumber = newId();
    const reference = await declare(page, idNumber);
    expect(new URL(page.url()).pathname + new URL(page.url()).hash).toBe(
      `/declare/receipt/#${reference}`,
    );
    const kept = (await page.evaluate((key) => localStorage.getItem(key), RECEIPTS_KEY)) ?? '';
    expect(kept).toContain(reference);
    expect(kept).not.toContain(idNumber);
    expect(kept).not.toMatch(/13912345678|买买提·艾力/);
    await page.reload();
    await page.locator('[data-slot=reference]', { hasText: reference }).waitFor();
    await expect(page.locator('[data-slot=person]').textContent()).resolves.toMatch(/^买\*\*·\*\*/);
    await page.locator('[data-slot=qr] svg').waitFor();
    expect(await page.title()).toContain(reference);
    expect(await axeViolations(page)).toEqual([]);
  });

  test('the home page offers 查看我的报备回执 once a receipt is kept, and it reopens that receipt', async () => {
    const page = await browser.page();
    const link = page.getByRole('link', { name: '查看我的报备回执' });
    await page.goto('/');
    expect(await link.count()).toBe(0);
    const reference = await declare(page);
    await page.goto('/');
    await link.click();
    await page.locator('[data-slot=reference]', { hasText: reference }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/declare/receipt/');
    await expect(page.locator('[data-slot=risk]').textContent()).resolves.toBe('中风险');
  });

  test('lists every receipt kept on a family’s phone and opens the one asked for', async () => {
    const page = await browser.page();
    const first = await declare(page);
    await page.getByRole('link', { name: '再为一位家人或同行人报备' }).click();
    const second = await declare(page);
    await page.goto('/declare/receipt/');
    // The newest first; the page wakes up to it after the template has shown.
    await page.locator('[data-slot=reference]', { hasText: second }).waitFor();
    await page.getByRole('link', { name: new RegExp(first) }).click();
    await page.locator('[data-slot=reference]', { hasText: first }).waitFor();
    expect(await page.locator('[data-slot=reference]').count()).toBe(1);
  });

  test('forgets receipts past their keeping date and ignores what it cannot read', async () => {
    const page = await browser.page();
    await page.goto('/declare/receipt/');
    await page.evaluate(
      ({ key, yesterday }) =>
        localStorage.setItem(
          key,
          JSON.stringify({
            v: 1,
            receipts: [
              {
                reference: '1111-2222-3',
                receivedAt: '2026-01-01T00:00:00.000Z',
                risk: 'low',
                reasons: [],
                measures: [],
                testDays: [],
                monitoringEnds: null,
                grid: { name: '', leader: '', phone: '' },
                keepUntil: yesterday,
              },
              'nonsense',
              { reference: '<b>x</b>', risk: 'none' },
            ],
          }),
        ),
      { key: RECEIPTS_KEY, yesterday: addDays(today, -1) },
    );
    await page.reload();
    await page.waitForFunction((key) => localStorage.getItem(key) === null, RECEIPTS_KEY);
    expect(await page.getByText('这是回执页面的样式').isVisible()).toBe(true);
    await expect(page.locator('[data-slot=reference]').textContent()).resolves.toBe('0000-0000-0');
  });
});
