/**
 * The declaration draft through a reload (issue 9): WeChat's browser reloads the page when
 * someone switches to 12306 or the album, and nothing typed may be lost.
 */
import type { Page, Request } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { addDays } from '../../src/lib/dates';
import { DRAFT_KEY } from '../../src/islands/draft';
import { useBrowser } from './browser';
import { fillForm, idNumbers, openForm, pickRegionWithPicker, today } from './declaration-form';

const browser = useBrowser();
const newId = idNumbers(6);

const stored = (page: Page) =>
  page.evaluate((key) => sessionStorage.getItem(key), DRAFT_KEY) as Promise<string | null>;

/** Half a declaration, as far as someone gets before leaving to look up a 车次. */
async function fillHalf(page: Page, idNumber: string) {
  await page.getByLabel('姓名').fill('买买提·艾力');
  await page.getByLabel('证件号码').fill(idNumber);
  await page.getByLabel('手机号码').fill('139 1234 5678');
  await page.getByLabel('居住的小区或村民小组').selectOption({ label: '南塘村' });
  await pickRegionWithPicker(page);
  await page.getByLabel('到达日期').fill(today);
  await page.getByLabel('火车/高铁').check();
  await page.getByLabel('车次、航班号或车牌号').fill('G1234');
  await page.getByLabel('咳嗽').check();
  await page.getByLabel('已检测，等结果').check();
  await page.getByLabel('核酸检测日期').fill(addDays(today, -1));
  await page.getByLabel('备注').fill('下午到村口');
  await page.getByLabel(/我已阅读并同意/).check();
}

describe('a reload mid-form', () => {
  test('puts every answer back, the region and the conditional questions too, but not the consent', async () => {
    const page = await openForm(await browser.page(), true);
    const idNumber = newId();
    await fillHalf(page, idNumber);
    await page.reload();
    await page.getByText('已经填回您刚才写的内容').waitFor();
    await expect(page.getByLabel('姓名').inputValue()).resolves.toBe('买买提·艾力');
    await expect(page.getByLabel('证件号码').inputValue()).resolves.toBe(idNumber);
    await expect(page.getByLabel('手机号码').inputValue()).resolves.toBe('139 1234 5678');
    await expect(page.getByLabel('居住的小区或村民小组').inputValue()).resolves.toBe('nantang');
    await expect(page.getByLabel('区县（选填）').inputValue()).resolves.toBe('420103');
    await expect(page.getByLabel('到达日期').inputValue()).resolves.toBe(today);
    expect(await page.getByLabel('火车/高铁').isChecked()).toBe(true);
    await expect(page.getByLabel('车次、航班号或车牌号').inputValue()).resolves.toBe('G1234');
    expect(await page.getByLabel('咳嗽').isChecked()).toBe(true);
    await expect(page.getByLabel('核酸检测日期').inputValue()).resolves.toBe(addDays(today, -1));
    await expect(page.getByLabel('备注').inputValue()).resolves.toBe('下午到村口');
    expect(await page.getByLabel(/我已阅读并同意/).isChecked()).toBe(false);
  });

  test('keeps the same submissionId, and the receipt deletes the draft', async () => {
    const page = await openForm(await browser.page(), true);
    const idNumber = newId();
    await fillHalf(page, idNumber);
    const before = JSON.parse((await stored(page)) ?? '{}') as { submissionId?: string };
    await page.reload();
    await page.getByText('已经填回您刚才写的内容').waitFor();
    await fillForm(page, idNumber, pickRegionWithPicker);
    const sent = page.waitForRequest('**/api/declarations');
    await page.getByRole('button', { name: '提交报备' }).click();
    const body = JSON.parse((await sent).postData() ?? '{}') as { submissionId?: string };
    expect(body.submissionId).toBe(before.submissionId);
    await page.getByRole('heading', { name: '报备成功' }).waitFor();
    expect(await stored(page)).toBeNull();
  });

  test('「清空重新填写」 empties the form and forgets the draft', async () => {
    const page = await openForm(await browser.page(), true);
    await fillHalf(page, newId());
    // The restored province's regions arrive only after the tap, as on a slow network: the
    // picker they were for is gone by then, and the emptied form must not be kept as a draft.
    let arrive = () => {};
    const held = new Promise<void>((resolve) => (arrive = resolve));
    await page.context().route('**/data/regions/**', async (route) => {
      await held;
      await route.continue();
    });
    const forRegions = (request: Request) => request.url().includes('/data/regions/');
    const asked = page.context().waitForEvent('request', forRegions);
    const loaded = page.context().waitForEvent('requestfinished', forRegions);
    await page.reload();
    await asked;
    await page.getByRole('button', { name: '清空重新填写' }).click();
    arrive();
    await loaded;
    // One more turn of the page's event loop for what the arrival would set off.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
    await expect(page.getByLabel('姓名').inputValue()).resolves.toBe('');
    await expect(page.getByLabel('证件号码').inputValue()).resolves.toBe('');
    await expect(page.getByLabel('城市或区县').count()).resolves.toBe(0);
    expect(await stored(page)).toBeNull();
    expect(await page.getByText('已经填回您刚才写的内容').count()).toBe(0);
  });

  test('a draft older than an hour is deleted unread', async () => {
    const page = await browser.page();
    await page.goto('/declare/');
    // An hour and a minute before now on the phone's clock.
    const savedAt = (await page.evaluate(() => Date.now())) - 61 * 60 * 1000;
    await page.evaluate(({ key, draft }) => sessionStorage.setItem(key, JSON.stringify(draft)), {
      key: DRAFT_KEY,
      draft: { savedAt, submissionId: crypto.randomUUID(), entries: [['name', '王芳']] },
    });
    await page.reload();
    await page.getByLabel('省份', { exact: true }).waitFor();
    await expect(page.getByLabel('姓名').inputValue()).resolves.toBe('');
    expect(await stored(page)).toBeNull();
  });

  test.each([
    ['cut off', '{"entries":"x"'],
    ['without its key', JSON.stringify({ savedAt: 0, submissionId: '', entries: [] })],
  ])('a garbled draft (%s) is deleted and the form still works', async (_, garbled) => {
    const page = await browser.page();
    await page.goto('/declare/');
    const draft = garbled.replace(
      '"savedAt":0',
      `"savedAt":${await page.evaluate(() => Date.now())}`,
    );
    await page.evaluate(({ key, draft }) => sessionStorage.setItem(key, draft), {
      key: DRAFT_KEY,
      draft,
    });
    await page.reload();
    await page.getByLabel('省份', { exact: true }).waitFor();
    expect(await stored(page)).toBeNull();
    expect(await page.getByText('已经填回您刚才写的内容').count()).toBe(0);
    await page.getByLabel('姓名').fill('王芳');
    expect(JSON.parse((await stored(page)) ?? '{}')).toMatchObject({
      submissionId: expect.stringMatching(/^[\da-f-]{36}$/) as unknown,
      entries: expect.arrayContaining([['name', '王芳']]) as unknown,
    });
  });

  test('never writes the draft to localStorage or cookies', async () => {
    const page = await openForm(await browser.page(), true);
    await fillHalf(page, newId());
    expect(
      await page.evaluate(() => ({ local: localStorage.length, cookies: document.cookie })),
    ).toEqual({ local: 0, cookies: '' });
  });
});
