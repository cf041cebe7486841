/** Shared steps of the form's browser tests: fill the declaration by label, as a person does. */
import type { Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import { TEST_DAY } from '../../scripts/test-clock.mjs';
import { addDays } from '../../src/lib/dates';
import { residentIdCheckDigit } from '../../src/lib/id-number';

/** The day the phone, the Worker and the build share (scripts/test-clock.mjs). */
export const today = TEST_DAY;

/**
 * Valid resident IDs, one new one per call; `block` (1–9, the birth month) keeps test files
 * apart, since the Worker treats the same person arriving on the same day as one declaration.
 */
export function idNumbers(block: number): () => string {
  let serial = 0;
  return () => {
    serial += 1;
    const body = `33010619900${block}1${String(serial).padStart(4, '0')}`;
    return body + residentIdCheckDigit(body);
  };
}

/** Picks 湖北省 › 武汉市 › 江汉区 in the three-step picker. */
export async function pickRegionWithPicker(page: Page): Promise<void> {
  await page.getByLabel('省份', { exact: true }).selectOption({ label: '湖北省' });
  await page.getByLabel('城市或区县').selectOption({ label: '武汉市' });
  await page.getByLabel('区县（选填）').selectOption({ label: '江汉区' });
}

/** Picks 武汉市 in the single select of the no-JS form. */
export async function pickRegionWithoutScript(page: Page): Promise<void> {
  await page.getByLabel('省份和城市').selectOption({ label: '武汉市' });
}

/** Fills every required answer by its label; `region` picks the origin as a person would. */
export async function fillForm(
  page: Page,
  idNumber: string,
  region: (page: Page) => Promise<void>,
): Promise<void> {
  await page.getByLabel('姓名').fill('买买提·艾力');
  await page.getByLabel('证件号码').fill(idNumber.toLowerCase());
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

/** Opens the form; with JavaScript, wakes the island by going to the first field, as a person does. */
export async function openForm(
  page: Page,
  javaScriptEnabled: boolean,
  path = '/declare/',
): Promise<Page> {
  await page.goto(path);
  if (javaScriptEnabled) {
    await page.getByLabel('姓名').focus();
    // The three-step picker appears once the island has hydrated.
    await page.getByLabel('省份', { exact: true }).waitFor();
  }
  return page;
}

/**
 * Files a declaration through the API, as the JavaScript form does, for tests about what comes
 * after it: a yellow code (14 days of monitoring, tests on day 1, 7 and 14) arriving on
 * `arrivalDate`. Returns the reference and the check-in link's path.
 */
export async function declareByApi(
  origin: string,
  fields: { idNumber: string; arrivalDate: string; name?: string; areaId?: string },
): Promise<{ reference: string; checkin: string }> {
  const response = await fetch(`${origin}/api/declarations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      name: fields.name ?? '周桂兰',
      idType: 'resident_id',
      idNumber: fields.idNumber,
      phone: '13712345678',
      areaId: fields.areaId ?? 'xixi-1',
      addressDetail: '西溪村3号',
      originRegion: '330106',
      departureDate: addDays(fields.arrivalDate, -1),
      arrivalDate: fields.arrivalDate,
      transport: 'bus',
      viaRiskArea: false,
      healthCode: 'yellow',
      symptoms: [],
      nucleicTest: 'none',
      closeContact: false,
      companions: 0,
      consent: true,
    }),
  });
  if (response.status !== 202) throw new Error(`declaration answered ${response.status}`);
  const { reference, checkinUrl } = (await response.json()) as {
    reference: string;
    checkinUrl: string;
  };
  return { reference, checkin: new URL(checkinUrl).pathname };
}

/** Waits until the queue's consumer has written `reference` into the ledger at `origin`. */
export async function untilInLedger(origin: string, reference: string, token: string) {
  await vi.waitFor(
    async () => {
      const found = await fetch(`${origin}/staff/api/declarations?q=${reference}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(((await found.json()) as { total: number }).total).toBe(1);
    },
    { timeout: 30_000, interval: 250 },
  );
}
