/** The declaration form in Chromium on a phone, filled the way a person does: by label. */
import { describe, expect, test } from 'vitest';
import { chineseDate } from '../../src/lib/dates';
import { axeViolations, useBrowser } from './browser';
import {
  fillForm,
  idNumbers,
  openForm,
  pickRegionWithPicker,
  pickRegionWithoutScript,
  today,
} from './declaration-form';

const browser = useBrowser();
const newId = idNumbers(5);

describe('with JavaScript', () => {
  test('loads no JavaScript file until the form is first touched', async () => {
    const page = await browser.page();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto('/declare/', { waitUntil: 'networkidle' });
    expect(scripts).toEqual([]);
    await page.getByLabel('姓名').focus();
    await page.getByLabel('省份', { exact: true }).waitFor();
    expect(scripts.some((path) => path.includes('DeclarationForm'))).toBe(true);
  });

  test('keeps what was picked before the island woke up', async () => {
    const page = await browser.page();
    await page.goto('/declare/');
    await page.getByLabel('省份和城市').selectOption({ label: '武汉市' });
    await page.getByLabel('城市或区县').waitFor();
    await expect(page.getByLabel('省份', { exact: true }).inputValue()).resolves.toBe('420000');
    await expect(page.getByLabel('城市或区县').inputValue()).resolves.toBe('420100');
  });

  test('a returnee files a declaration and gets a receipt with reference, grid worker and QR code', async () => {
    const page = await openForm(await browser.page(), true);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await fillForm(page, newId(), pickRegionWithPicker);
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
    const page = await openForm(await browser.page(), true);
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

  test('asks for the train number only for trains, planes and cars, and the test date only after a test', async () => {
    const page = await openForm(await browser.page(), true);
    const detail = page.getByLabel('车次、航班号或车牌号');
    const testDate = page.getByLabel('核酸检测日期');
    expect(await detail.isVisible()).toBe(false);
    await page.getByLabel('长途汽车').check();
    expect(await detail.isVisible()).toBe(false);
    await page.getByLabel('飞机').check();
    expect(await detail.isVisible()).toBe(true);
    await page.getByLabel('自驾车').check();
    expect(await page.getByText('车次、航班号或车牌号（选填）').isVisible()).toBe(true);
    expect(await testDate.isVisible()).toBe(false);
    await page.getByLabel('已检测，等结果').check();
    expect(await testDate.isVisible()).toBe(true);
    await page.getByLabel('没有做', { exact: true }).check();
    expect(await testDate.isVisible()).toBe(false);
  });

  test('limits each typed answer to the schema’s length, with a little room', async () => {
    const page = await openForm(await browser.page(), true);
    const limits = await page.evaluate(() =>
      Object.fromEntries(
        ['name', 'addressDetail', 'originDetail', 'transportDetail', 'note'].map((name) => [
          name,
          document.querySelector<HTMLInputElement>(`[name=${name}]`)?.maxLength,
        ]),
      ),
    );
    expect(limits).toEqual({
      name: 45,
      addressDetail: 105,
      originDetail: 105,
      transportDetail: 45,
      note: 505,
    });
  });

  test('after a network failure, a retry keeps every answer and yields one reference', async () => {
    const page = await openForm(await browser.page(), true);
    await fillForm(page, newId(), pickRegionWithPicker);
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

  test('after a lost answer, another person typed in gets a new reference, never the first one', async () => {
    const page = await openForm(await browser.page(), true);
    await fillForm(page, newId(), pickRegionWithPicker);
    const sent: { submissionId: string; idNumber: string; status: number }[] = [];
    let first = '';
    await page.route('**/api/declarations', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as (typeof sent)[number];
      const response = await route.fetch();
      sent.push({ ...body, status: response.status() });
      if (!first) {
        // Accepted, but the answer is lost on the way back.
        first = ((await response.json()) as { reference: string }).reference;
        await route.abort('connectionreset');
      } else {
        await route.fulfill({ response });
      }
    });
    await page.getByRole('button', { name: '提交报备' }).click();
    await page.getByText('网络不好，报备还没有送出').waitFor();
    // The phone is handed to a family member, who types their own ID number and sends again.
    const second = newId();
    await page.getByLabel('证件号码').fill(second);
    await page.getByRole('button', { name: '重新提交' }).click();
    await page.getByRole('heading', { name: '报备成功' }).waitFor();
    const reference = await page.locator('[data-slot=reference]').textContent();
    expect(reference).not.toBe(first);
    expect(sent.map(({ status }) => status)).toEqual([202, 422, 202]);
    expect(sent[1]?.submissionId).toBe(sent[0]?.submissionId);
    expect(sent[2]?.submissionId).not.toBe(sent[0]?.submissionId);
    expect(sent[2]?.idNumber).toBe(second);
  });
});

describe('the honeypot', () => {
  test('is out of reach of keyboards, screen readers and autofill', async () => {
    const page = await openForm(await browser.page(), true);
    const honeypot = page.locator('input[name=website]');
    expect(await honeypot.getAttribute('autocomplete')).toBe('off');
    expect(await honeypot.getAttribute('tabindex')).toBe('-1');
    // inert: not focusable, so autofill (which fills only focusable fields) leaves it alone.
    const focusable = await honeypot.evaluate((input: HTMLInputElement) => {
      input.focus();
      return document.activeElement === input || input.closest('[inert]') === null;
    });
    expect(focusable).toBe(false);
    expect(await page.getByRole('textbox', { name: '请勿填写' }).count()).toBe(0);
    const tabbed: string[] = [];
    await page.getByLabel('备注').focus();
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      tabbed.push(await page.evaluate(() => document.activeElement?.getAttribute('name') ?? ''));
    }
    expect(tabbed).not.toContain('website');
    expect(tabbed[0]).toBe('consent');
  });
});

describe('without JavaScript', () => {
  test('after the errors page, fixing the answers and sending again gives the receipt', async () => {
    const page = await openForm(await browser.page({ javaScriptEnabled: false }), false);
    await page.getByLabel('姓名').fill('陈小红');
    await page.getByRole('button', { name: '提交报备' }).click();
    await page.locator('#error-summary').waitFor();
    await fillForm(page, newId(), pickRegionWithoutScript);
    await page.getByRole('button', { name: '提交报备' }).click();
    await page.getByRole('heading', { name: '报备成功' }).waitFor();
    await expect(page.locator('[data-slot=reference]').textContent()).resolves.toMatch(
      /^\d{4}-\d{4}-\d$/,
    );
  });

  test('the plain form posts and the receipt comes back as a page, with reasons and test dates', async () => {
    const page = await openForm(await browser.page({ javaScriptEnabled: false }), false);
    await fillForm(page, newId(), pickRegionWithoutScript);
    await page.getByRole('button', { name: '提交报备' }).click();
    await page.getByRole('heading', { name: '报备成功' }).waitFor();
    await expect(page.locator('[data-slot=reference]').textContent()).resolves.toMatch(
      /^\d{4}-\d{4}-\d$/,
    );
    await expect(page.locator('[data-slot=grid-leader]').textContent()).resolves.toBe('李秀英');
    // 武汉市 as a whole is not listed, only its 江汉区: a low risk, tested on arrival.
    await expect(page.locator('[data-slot=reasons] li').allTextContents()).resolves.toEqual([
      '您填写的情况里，没有需要特别注意的',
    ]);
    await expect(page.locator('[data-slot=test-days] li').allTextContents()).resolves.toEqual([
      chineseDate(today),
    ]);
    expect(await page.locator('[data-slot=qr] svg').count()).toBe(1);
    expect(await page.getByRole('button', { name: '打印或保存回执' }).count()).toBe(0);
  });

  test('errors come back on the same page with the summary and every answer kept', async () => {
    const page = await openForm(await browser.page({ javaScriptEnabled: false }), false);
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
