/** The declaration form in Chromium on a phone, filled the way a person does: by label. */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { addDays, shanghaiDate } from '../../src/lib/dates';
import { residentIdCheckDigit } from '../../src/lib/id-number';
import { axeViolations, useBrowser } from './browser';

const browser = useBrowser();
const today = shanghaiDate();
let serial = 100;

/** A valid resident ID that no other test uses. */
function newId(): string {
  serial += 1;
  const body = `3301061990051${String(serial).padStart(4, '0')}`;
  return body + residentIdCheckDigit(body);
}

/** Fills every required answer by its label; `region` picks the origin as a person would. */
async function fillForm(page: Page, region: (page: Page) => Promise<void>) {
  await page.getByLabel('姓名').fill('买买提·艾力');
  await page.getByLabel('证件号码').fill(newId().toLowerCase());
  await page.getByLabel('手机号码').fill('+86 139-1234-5678');
  await page.getByLabel('居住的小区或村民小组').selectOption({ label: '西溪村第一村民小组' });
  await page.getByLabel('详细地址').fill('西溪村8号');
  await region(page);
  await page.getByLabel('出发日期').fill(addDays(today, -1));
  await page.getByLabel('到达日期').fill(today);
  await page.getByLabel('火车/高铁').check();
  await page.getByLabel('车次、航班号或车牌号').fill('g1234');
  await page.getByLabel('绿码').check();
  await page.getByLabel('阴性').check();
  await page.getByLabel('核酸检测日期').fill(addDays(today, -1));
  await page.getByLabel(/我已阅读并同意/).check();
}

async function pickRegionWithPicker(page: Page) {
  await page.getByLabel('省份', { exact: true }).selectOption({ label: '湖北省' });
  await page.getByLabel('城市或区县').selectOption({ label: '武汉市' });
  await page.getByLabel('区县（选填）').selectOption({ label: '江汉区' });
}

async function openForm(javaScriptEnabled: boolean): Promise<Page> {
  const page = await browser.page({ javaScriptEnabled });
  await page.goto('/declare/');
  // The three-step picker appears once the island has hydrated.
  if (javaScriptEnabled) await page.getByLabel('省份', { exact: true }).waitFor();
  return page;
}

describe('with JavaScript', () => {
  test('a returnee files a declaration and gets a receipt with reference, grid worker and QR code', async () => {
    const page = await openForm(true);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await fillForm(page, pickRegionWithPicker);
    await page.getByRole('button', { name: '提交报备' }).click();
    await page.getByRole('heading', { name: '报备成功' }).waitFor();
    await expect(page.locator('[data-slot=reference]').textContent()).resolves.toMatch(
      /^\d{4}-\d{4}-\d$/,
    );
    await expect(page.locator('[data-slot=risk]').textContent()).resolves.toBe('中风险');
    await expect(page.locator('[data-slot=grid-phone]').getAttribute('href')).resolves.toBe(
      'tel:13800001202',
    );
    await page.locator('[data-slot=qr] svg').waitFor();
    expect(requests).toContain('/data/regions/420000.json');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('shows the error summary, focused, with the same messages beside each field, keeping answers', async () => {
    const page = await openForm(true);
    await page.getByLabel('姓名').fill('王芳');
    await page.getByLabel('手机号码').fill('1381234');
    await page.getByRole('button', { name: '提交报备' }).click();
    const summary = page.locator('#error-summary');
    await summary.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await page.title()).toMatch(/^错误：/);
    const links = await summary.locator('a').allTextContents();
    expect(links[0]).toBe('请填写身份证号码');
    expect(links).toContain('手机号码应为11位，现在是7位，请核对');
    await expect(page.locator('#f-phone-error').textContent()).resolves.toBe(
      '错误：手机号码应为11位，现在是7位，请核对',
    );
    await expect(page.getByLabel('姓名').inputValue()).resolves.toBe('王芳');
    await expect(page.getByLabel('手机号码').inputValue()).resolves.toBe('1381234');
    await summary.getByRole('link', { name: /手机号码应为11位/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-phone');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('asks for the train number only for trains and planes, and the test date only after a test', async () => {
    const page = await openForm(true);
    const detail = page.getByLabel('车次、航班号或车牌号');
    const testDate = page.getByLabel('核酸检测日期');
    expect(await detail.isVisible()).toBe(false);
    await page.getByLabel('长途汽车').check();
    expect(await detail.isVisible()).toBe(false);
    await page.getByLabel('飞机').check();
    expect(await detail.isVisible()).toBe(true);
    expect(await testDate.isVisible()).toBe(false);
    await page.getByLabel('已检测，等结果').check();
    expect(await testDate.isVisible()).toBe(true);
    await page.getByLabel('没有做', { exact: true }).check();
    expect(await testDate.isVisible()).toBe(false);
  });

  test('after a network failure, a retry keeps every answer and yields one reference', async () => {
    const page = await openForm(true);
    await fillForm(page, pickRegionWithPicker);
    const bodies: string[] = [];
    let first = true;
    let acceptedFirst = '';
    await page.route('**/api/declarations', async (route) => {
      bodies.push(route.request().postData() ?? '');
      if (first) {
        // The server accepts it, but the answer is lost on the way back (a weak signal).
        first = false;
        const response = await route.fetch();
        acceptedFirst = ((await response.json()) as { reference: string }).reference;
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await page.getByRole('button', { name: '提交报备' }).click();
    await page.getByText('网络不好，报备还没有送出').waitFor();
    await expect(page.getByLabel('姓名').inputValue()).resolves.toBe('买买提·艾力');
    await expect(page.getByLabel('手机号码').inputValue()).resolves.toBe('+86 139-1234-5678');
    await page.getByRole('button', { name: '重新提交' }).click();
    await page.getByRole('heading', { name: '报备成功' }).waitFor();
    expect(await page.locator('[data-slot=reference]').textContent()).toBe(acceptedFirst);
    const ids = bodies.map((body) => (JSON.parse(body) as { submissionId: string }).submissionId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  test('writes nothing to browser storage', async () => {
    const page = await openForm(true);

    await fillForm(page, pickRegionWithPicker);
    await page.getByRole('button', { name: '提交报备' }).click();
    await page.getByRole('heading', { name: '报备成功' }).waitFor();
    const stored = await page.evaluate(() => ({
      local: localStorage.length,
      session: sessionStorage.length,
      cookies: document.cookie,
    }));
    expect(stored).toEqual({ local: 0, session: 0, cookies: '' });
  });
});

describe('without JavaScript', () => {
  test('after the errors page, fixing the answers and sending again gives the receipt', async () => {
    const page = await openForm(false);
    await page.getByLabel('姓名').fill('陈小红');
    await page.getByRole('button', { name: '提交报备' }).click();
    await page.locator('#error-summary').waitFor();
    await fillForm(page, async (form) => {
      await form.getByLabel('省份和城市').selectOption({ label: '武汉市' });
    });
    await page.getByRole('button', { name: '提交报备' }).click();
    await page.getByRole('heading', { name: '报备成功' }).waitFor();
    await expect(page.locator('[data-slot=reference]').textContent()).resolves.toMatch(
      /^\d{4}-\d{4}-\d$/,
    );
  });

  test('the plain form posts and the receipt comes back as a page', async () => {
    const page = await openForm(false);
    await fillForm(page, async (form) => {
      await form.getByLabel('省份和城市').selectOption({ label: '武汉市' });
    });
    await page.getByRole('button', { name: '提交报备' }).click();
    await page.getByRole('heading', { name: '报备成功' }).waitFor();
    await expect(page.locator('[data-slot=reference]').textContent()).resolves.toMatch(
      /^\d{4}-\d{4}-\d$/,
    );
    await expect(page.locator('[data-slot=grid-leader]').textContent()).resolves.toBeTruthy();
    expect(await page.locator('[data-slot=qr] svg').count()).toBe(1);
  });

  test('errors come back on the same page with the summary and every answer kept', async () => {
    const page = await openForm(false);
    await page.getByLabel('姓名').fill('李秀英');
    await page.getByLabel('手机号码').fill('138');
    await page.getByLabel('居住的小区或村民小组').selectOption({ label: '南塘村' });
    await page.getByLabel('咳嗽').check();
    await page.getByRole('button', { name: '提交报备' }).click();
    await page.locator('#error-summary').waitFor();
    expect(await page.title()).toMatch(/^错误：/);
    await expect(page.getByLabel('姓名').inputValue()).resolves.toBe('李秀英');
    await expect(page.getByLabel('手机号码').inputValue()).resolves.toBe('138');
    await expect(page.getByLabel('居住的小区或村民小组').inputValue()).resolves.toBe('nantang');
    expect(await page.getByLabel('咳嗽').isChecked()).toBe(true);
    await expect(page.locator('#f-phone-error').textContent()).resolves.toContain(
      '手机号码应为11位',
    );
  });
});
