/** Journey J5 in Chromium: a returnee declares, the grid worker is notified, finds it, follows up, exports. */
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, test, vi } from 'vitest';
import { TEST_DAY } from '../../scripts/test-clock.mjs';
import { addDays } from '../../src/lib/dates';
import { residentIdCheckDigit } from '../../src/lib/id-number';
import { GRID_2_TOKEN } from './accounts';
import { axeViolations, useBrowser } from './browser';

const browser = useBrowser();
const today = TEST_DAY;

describe('from declaration to follow-up', () => {
  test('the grid worker finds the new declaration, records a follow-up and exports the ledger', async () => {
    const body = '33010619780808123';
    const idNumber = body + residentIdCheckDigit(body);
    const returnee = await browser.page();
    await returnee.goto('/declare/');
    // The form wakes on first use; the three-step picker appears once it has.
    await returnee.getByLabel('姓名').fill('周桂兰');
    await returnee.getByLabel('省份', { exact: true }).waitFor();
    await returnee.getByLabel('证件号码').fill(idNumber);
    await returnee.getByLabel('手机号码').fill('13511112222');
    await returnee.getByLabel('居住的小区或村民小组').selectOption({ label: '西溪村第二村民小组' });
    await returnee.getByLabel('详细地址').fill('西溪村21号');
    await returnee.getByLabel('省份', { exact: true }).selectOption({ label: '广东省' });
    await returnee.getByLabel('城市或区县').selectOption({ label: '深圳市' });
    await returnee.getByLabel('出发日期').fill(addDays(today, -2));
    await returnee.getByLabel('到达日期').fill(today);
    await returnee.getByLabel('自驾车').check();
    await returnee.getByLabel('黄码').check();
    await returnee.getByLabel('没有做', { exact: true }).check();
    await returnee.getByLabel(/我已阅读并同意/).check();
    await returnee.getByRole('button', { name: '提交报备' }).click();
    await returnee.getByRole('heading', { name: '报备成功' }).waitFor();
    const reference = (await returnee.locator('[data-slot=reference]').textContent()) ?? '';

    // The grid's robot got a masked notice with the staff link.
    const notice = await vi.waitFor(
      async () => {
        const lines = (await readFile(inject('robotLog'), 'utf8')).split('\n').filter(Boolean);
        const found = lines
          .map((line) => JSON.parse(line) as { text: { content: string } })
          .find((item) => item.text.content.includes(reference));
        if (!found) throw new Error('no notification yet');
        return found.text.content;
      },
      { timeout: 15_000, interval: 250 },
    );
    expect(notice).toContain('周**');
    expect(notice).toContain('135****2222');
    expect(notice).not.toContain(idNumber);

    const worker = await browser.page({
      httpCredentials: { username: 'lixiuying', password: GRID_2_TOKEN },
    });
    await worker.goto('/staff/declarations/');
    await worker.getByRole('heading', { name: '报备台账' }).waitFor();
    await worker.getByText('更多筛选：网格、片区、风险、状态、日期').click();
    await worker.getByLabel('风险').selectOption({ label: '中风险' });
    await worker.getByRole('button', { name: '查找' }).click();
    await worker.getByRole('link', { name: reference }).click();
    await worker.getByRole('heading', { name: `报备 ${reference}` }).waitFor();
    expect(await worker.locator('main').textContent()).not.toContain(idNumber);
    expect(await axeViolations(worker)).toEqual([]);

    await worker.getByLabel('跟进状态').selectOption({ label: '居家健康监测中' });
    await worker.getByLabel('记录（选填）').fill('已上门，发放体温计');
    await worker.getByRole('button', { name: '保存跟进记录' }).click();
    await worker.getByText('已上门，发放体温计').waitFor();

    await worker.getByRole('button', { name: '显示完整姓名、电话和证件号码' }).click();
    await worker.getByText(idNumber).waitFor();

    await worker.goto('/staff/declarations/');
    const download = worker.waitForEvent('download');
    await worker.getByRole('link', { name: '导出 CSV' }).click();
    const file = await download;
    const csv = await readFile((await file.path()) ?? '', 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(reference);
    expect(csv).toContain(`"=""${idNumber}"""`);
    expect(csv).toContain('居家健康监测中');
  });
});
