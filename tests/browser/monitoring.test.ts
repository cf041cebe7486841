/**
 * Home health monitoring in Chromium, day by day (PRODUCT.md §11): declare, check in on days 1–3
 * with JavaScript on and off, report a fever on day 4, the grid is alerted, the grid worker calls,
 * records a reading and closes out; then two more returnees to the end of their fourteen days:
 * one closed out (解除监测) by the grid worker, one reporting late on the day of grace, whose link
 * is over the day after. The days pass by restarting one `wrangler dev` on the same storage with
 * the Worker's fixed clock (FIXED_NOW) moved on.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { applyMigrations, freePort, startDev, waitForHealth } from '../../scripts/local-worker.mjs';
import { TEST_DAY } from '../../scripts/test-clock.mjs';
import { addDays } from '../../src/lib/dates';
import { residentIdCheckDigit } from '../../src/lib/id-number';
import { axeViolations, useBrowser } from './browser';
import { declareByApi, idNumbers, untilInLedger } from './declaration-form';

const browser = useBrowser();
const newId = idNumbers(9);
const ADMIN = 'journey-admin-token';
const storage = mkdtempSync(join(tmpdir(), 'firstline-journey-'));
const robotLog = join(storage, 'robot.jsonl');
writeFileSync(robotLog, '');
const robot = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    appendFileSync(robotLog, `${body}\n`);
    response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"errcode":0}');
  });
});
await new Promise<void>((resolve) => robot.listen(0, '127.0.0.1', resolve));
const robotAddress = robot.address();
const robotUrl = `http://127.0.0.1:${typeof robotAddress === 'object' && robotAddress ? robotAddress.port : 0}/send`;
applyMigrations(storage, { stdio: 'ignore' });
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
let server: ChildProcess | undefined;

/** (Re)starts the Worker on the same storage and port with its clock at 09:00 of `day`. */
async function startDay(day: string, hour = '09') {
  if (server) {
    const stopped = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await stopped;
  }
  // The old workerd may hold the port a moment after wrangler exits (on a busy machine): a start
  // that ends at once is tried again, up to three times.
  for (let attempt = 1; ; attempt++) {
    let output = '';
    const child = startDev({
      port,
      persistTo: storage,
      vars: {
        FIXED_NOW: `${day}T${hour}:00:00+08:00`,
        STAFF_TOKEN: ADMIN,
        CHECKIN_SECRET: 'journey-checkin-secret-0123456789',
        GRID_WEBHOOKS: JSON.stringify({ 'grid-1': robotUrl }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitForHealth(origin, child, { output: () => output });
      return;
    } catch (error) {
      const early = child.exitCode !== null || child.signalCode !== null;
      if (!early || attempt === 3) throw error;
      server = undefined;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

afterAll(async () => {
  if (server) {
    const stopped = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await stopped;
  }
  robot.close();
  rmSync(storage, { recursive: true, force: true });
});

const day1 = TEST_DAY;

describe('fourteen days of home monitoring', () => {
  test('from the receipt to the close-out, with and without JavaScript', async () => {
    await startDay(day1);
    const phone = await browser.page();

    // Day 1: declare with JavaScript, open the link on the receipt, report.
    const body = '33010619860606123';
    await phone.goto(`${origin}/declare/`);
    await phone.getByLabel('姓名').fill('欧阳秀英');
    await phone.getByLabel('省份', { exact: true }).waitFor();
    await phone.getByLabel('证件号码').fill(body + residentIdCheckDigit(body));
    await phone.getByLabel('手机号码').fill('13912345678');
    await phone.getByLabel('居住的小区或村民小组').selectOption({ index: 1 });
    await phone.getByLabel('详细地址').fill('东山村8号');
    await phone.getByLabel('省份', { exact: true }).selectOption({ label: '广东省' });
    await phone.getByLabel('城市或区县').selectOption({ label: '深圳市' });
    await phone.getByLabel('出发日期').fill(addDays(day1, -1));
    await phone.getByLabel('到达日期').fill(day1);
    await phone.getByLabel('自驾车').check();
    await phone.getByLabel('黄码').check();
    await phone.getByLabel('没有做', { exact: true }).check();
    await phone.getByLabel(/我已阅读并同意/).check();
    await phone.getByRole('button', { name: '提交报备' }).click();
    await phone.getByRole('heading', { name: '报备成功' }).waitFor();
    // Days pass between each step: the queue's consumer has long since written the ledger row.
    await vi.waitFor(
      async () => {
        const response = await fetch(`${origin}/staff/api/declarations`, {
          headers: { Authorization: `Bearer ${ADMIN}` },
        });
        expect(((await response.json()) as { total: number }).total).toBe(1);
      },
      { timeout: 30_000, interval: 500 },
    );
    const link = await phone.getByRole('link', { name: '今日健康报告' }).getAttribute('href');
    expect(link).toMatch(new RegExp(`^http://localhost:8787/checkin/[\\w-]{32}/$`));
    // The receipt's link is on the local preview address: the test's server is on another port.
    const mine = `${origin}${new URL(link ?? '').pathname}`;
    await phone.goto(mine);
    await phone.getByText('第 1 天').waitFor();
    await phone.getByLabel('体温（℃）').fill('36.5');
    await phone.getByLabel('都没有').check();
    await phone.getByLabel('阴性').check();
    await phone.getByRole('button', { name: '提交今天的报告' }).click();
    await phone.getByRole('heading', { name: '已收到今天的报告，谢谢' }).waitFor();

    // Day 2, no JavaScript: the same link, a plain form post.
    await startDay(addDays(day1, 1));
    const plain = await browser.page({ javaScriptEnabled: false });
    await plain.goto(mine);
    await plain.getByText('第 2 天').waitFor();
    await plain.getByLabel('体温（℃）').fill('３６．７');
    await plain.getByRole('button', { name: '提交今天的报告' }).click();
    await plain.getByRole('heading', { name: '已收到今天的报告，谢谢' }).waitFor();

    // Day 3: the home page of the phone that opened the link offers 今日健康报告.
    await startDay(addDays(day1, 2));
    await phone.goto(`${origin}/`);
    await phone.getByRole('link', { name: '今日健康报告' }).click();
    await phone.getByText('第 3 天').waitFor();
    await phone.getByLabel('体温（℃）').fill('36.6');
    await phone.getByRole('button', { name: '提交今天的报告' }).click();
    await phone.getByRole('heading', { name: '已收到今天的报告，谢谢' }).waitFor();

    // Day 4, evening: a fever. The answer says to call now; the grid's robot is told at once.
    await startDay(addDays(day1, 3), '19');
    await phone.goto(mine);
    await phone.getByLabel('下午').check();
    await phone.getByLabel('体温（℃）').fill('38.6');
    await phone.getByLabel('咳嗽').check();
    await phone.getByRole('button', { name: '提交今天的报告' }).click();
    await phone.getByRole('heading', { name: '请马上联系网格员' }).waitFor();
    expect(await phone.getByRole('link', { name: /打电话给网格员/ }).getAttribute('href')).toBe(
      'tel:13800001201',
    );
    const alert = await vi.waitFor(
      () => {
        const found = readFileSync(robotLog, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => (JSON.parse(line) as { text: { content: string } }).text.content)
          .find((text) => text.includes('健康监测异常'));
        if (!found) throw new Error('no alert yet');
        return found;
      },
      { timeout: 15_000 },
    );
    expect(alert).toContain('欧阳** 139****5678，监测第4天');
    expect(alert).not.toContain('欧阳秀英');

    // The grid worker: the person is at the top of today's list; call, record, close out.
    const worker = await browser.page({ httpCredentials: { username: 'x', password: ADMIN } });
    await worker.goto(`${origin}/staff/`);
    const urgent = worker.getByRole('region', { name: /需要马上处理/ });
    await urgent.getByRole('link', { name: '欧阳**' }).waitFor();
    // The tap posts the audited call, whose answer sends the phone to the dialler (Chromium
    // has none: the answer itself is checked with the same request).
    const [call] = await Promise.all([
      worker.waitForRequest((request) => request.url().endsWith('/call')),
      urgent.getByRole('button', { name: '拨打 欧阳** 的电话' }).click(),
    ]);
    const answer = await worker.request.post(call.url(), {
      headers: { Origin: origin },
      maxRedirects: 0,
    });
    expect(answer.status()).toBe(303);
    expect(answer.headers()['location']).toBe('tel:13912345678');
    // (A fresh tab: Chromium holds the tapped one at its dialler prompt.)
    const desk = await worker.context().newPage();
    await desk.goto(`${origin}/staff/audit/`);
    await desk.getByText('拨打电话').first().waitFor();
    await desk.goto(`${origin}/staff/`);
    await desk
      .getByRole('region', { name: /需要马上处理/ })
      .getByRole('link', { name: '欧阳**' })
      .click();
    await desk.waitForURL('**/staff/declarations/**');
    await desk.getByLabel('怎么了解到的').selectOption({ label: '电话询问' });
    await desk.getByLabel('日期', { exact: true }).selectOption(addDays(day1, 3));
    await desk.getByLabel('体温（℃）').fill('36.8');
    await desk.getByRole('button', { name: '保存这次记录' }).click();
    await desk.getByText('36.8℃ （电话询问）').waitFor();
    await desk.getByLabel('已转诊（发热门诊）').check();
    await desk.getByLabel('说明（选填）').fill('已送禾丰县人民医院发热门诊');
    await desk.getByRole('button', { name: '保存办结情况' }).click();
    await desk.getByText(/已办结：已转诊/).waitFor();

    // The returnee's link now says the monitoring is over.
    const closed = await phone.goto(mine);
    expect(closed?.status()).toBe(410);
    await phone.getByRole('heading', { name: '健康监测已经结束' }).waitFor();
  }, 300_000);

  test('to day 14 and the close-out, and a late reading on the day of grace before the link ends', async () => {
    const day14 = addDays(day1, 13);
    await startDay(day14);
    // Two returnees who arrived on day 1 (the form itself was walked through above).
    const done = await declareByApi(origin, {
      idNumber: newId(),
      arrivalDate: day1,
      name: '钱学敏',
      areaId: 'dongshan-1',
    });
    const late = await declareByApi(origin, {
      idNumber: newId(),
      arrivalDate: day1,
      name: '孙立平',
      areaId: 'dongshan-1',
    });
    // Both are on the worklist only once the queue's consumer has written them.
    for (const { reference } of [done, late]) await untilInLedger(origin, reference, ADMIN);

    // Day 14, a test day: the first reports with the test result; the answer says it is the end.
    const phone = await browser.page();
    await phone.goto(`${origin}${done.checkin}`);
    await phone.getByText('第 14 天').first().waitFor();
    await phone.getByText('（共 14 天').waitFor();
    await phone.getByLabel('体温（℃）').fill('36.4');
    await phone.getByLabel('都没有').check();
    await phone.getByLabel('阴性').check();
    await phone.getByRole('button', { name: '提交今天的报告' }).click();
    await phone.getByRole('heading', { name: '已收到今天的报告，谢谢' }).waitFor();
    await phone.getByText('第 14 天是健康监测的最后一天').waitFor();
    expect(await axeViolations(phone)).toEqual([]);

    // The grid worker finds them under 监测期满 and closes the period: 解除监测.
    const worker = await browser.page({ httpCredentials: { username: 'x', password: ADMIN } });
    await worker.goto(`${origin}/staff/`);
    const ending = worker.getByRole('region', { name: /监测期满待办结/ });
    await ending.getByRole('link', { name: '钱**' }).click();
    await worker.waitForURL('**/staff/declarations/**');
    await worker.getByText('36.4℃ 核酸阴性').waitFor();
    await worker.getByLabel('期满，解除监测').check();
    await worker.getByRole('button', { name: '保存办结情况' }).click();
    await worker.getByText(/已办结：解除监测/).waitFor();
    // Their link is over at once, and this phone stops offering it on the home page.
    expect((await phone.goto(`${origin}${done.checkin}`))?.status()).toBe(410);
    await phone.getByRole('heading', { name: '健康监测已经结束' }).waitFor();
    await phone.goto(`${origin}/`);
    await phone.waitForLoadState('load');
    expect(await phone.getByRole('link', { name: '今日健康报告' }).isVisible()).toBe(false);

    // Day 15, the day of grace, without JavaScript: the other reports day 14's evening, late.
    await startDay(addDays(day1, 14), '08');
    const plain = await browser.page({ javaScriptEnabled: false });
    await plain.goto(`${origin}${late.checkin}`);
    await plain.getByText('今天还可以补报').waitFor();
    expect(await plain.getByText('第 15 天').count()).toBe(0);
    await plain.getByLabel('体温（℃）').fill('36.9');
    await plain.getByLabel('阴性').check();
    await plain.getByRole('button', { name: '补报第 14 天的体温' }).click();
    await plain.getByRole('heading', { name: '已收到今天的报告，谢谢' }).waitFor();
    await plain.getByText(/下午，监测第 14 天（共 14 天）/).waitFor();
    // The grid worker's list of day 15 still has them, on their last day, to close out.
    await worker.goto(`${origin}/staff/`);
    const over = worker.getByRole('region', { name: /监测期满待办结/ });
    await over.getByText('第 14/14 天（已期满）').waitFor();
    await over.getByText('下午 36.9℃').waitFor();
    expect(await axeViolations(worker)).toEqual([]);

    // Day 16: past the day of grace the link answers 已结束.
    await startDay(addDays(day1, 15));
    const after = await plain.goto(`${origin}${late.checkin}`);
    expect(after?.status()).toBe(410);
    await plain.getByRole('heading', { name: '健康监测已经结束' }).waitFor();
  }, 300_000);
});
