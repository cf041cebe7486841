/** Home health monitoring in workerd: the check-in link, POST /api/checkins, alerts (PRODUCT.md §11). */
import {
  SELF,
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { addDays, shanghaiDate } from '../../src/lib/dates';
import worker from '../src/index';
import { callWorker, declaration, formBody, postJson, receiver, returnee } from './fixtures';
import { count } from './ledger';

const SITE = 'https://firstline.test';
function checkin(fields: Record<string, unknown>, headers: Record<string, string> = {}) {
  return SELF.fetch(`${SITE}/api/checkins`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(fields),
  });
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A check-in through the Worker's handler with `bindings`, waiting for what it sends after. */
const post = (bindings: Env, fields: Record<string, unknown>) =>
  callWorker(
    new Request(`${SITE}/api/checkins`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(fields),
    }),
    bindings,
  );

describe('the check-in link', () => {
  test('comes with the receipt: on the public address, a long secret, the same on resubmission', async () => {
    const first = await returnee();
    expect(first.checkinUrl).toMatch(/^http:\/\/localhost:8787\/checkin\/[A-Za-z0-9_-]{32}\/$/);
    const again = await postJson({ ...first.body, addressDetail: '东山村99号' });
    const { checkinUrl } = await again.json<{ checkinUrl: string }>();
    expect(checkinUrl).toBe(first.checkinUrl);
    // Only the hash is kept.
    const stored = await env.LEDGER.prepare(
      'SELECT token_hash FROM checkin_links WHERE reference = ?',
    )
      .bind(first.reference)
      .first<{ token_hash: string }>();
    expect(stored?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.token_hash).not.toContain(first.token);
  });

  test('opens the day’s form with the masked name and day 1 of 14, sending no referrer', async () => {
    const { token } = await returnee();
    const response = await SELF.fetch(`${SITE}/checkin/${token}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const page = await response.text();
    expect(page).toContain('<title>今日健康报告');
    expect(page).toContain('欧阳**');
    expect(page).not.toContain('欧阳秀英');
    expect(page).not.toContain('13912345678');
    expect(page).toMatch(/第 1 天\s*<\/strong>（共 14 天/);
    expect(page).toContain('今天是核酸检测日');
    expect(page).toContain('name="temperature"');
  });

  test('answers 404 for a link that leads nowhere, and the bare frame is never served', async () => {
    expect((await SELF.fetch(`${SITE}/checkin/${'A'.repeat(32)}/`)).status).toBe(404);
    expect((await SELF.fetch(`${SITE}/checkin/`)).status).toBe(404);
  });
});

describe('POST /api/checkins', () => {
  test('answers 201 for a new reading and 200 for the same half-day again, never duplicating', async () => {
    const { token, reference } = await returnee();
    const first = await checkin({ token, period: 'am', temperature: 36.5, symptoms: [] });
    expect(first.status).toBe(201);
    expect(first.headers.get('Cache-Control')).toBe('no-store');
    const body = await first.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      day: 1,
      days: 14,
      date: shanghaiDate(),
      period: 'am',
      alert: false,
    });
    expect(body['nextTestDate']).toBe(shanghaiDate());
    expect(body['advice']).toEqual(expect.arrayContaining([expect.stringContaining('正常')]));
    const again = await checkin({ token, period: 'am', temperature: 36.6 });
    expect(again.status).toBe(200);
    expect(await count('checkins', 'reference = ?', reference)).toBe(1);
    const pm = await checkin({ token, period: 'pm', temperature: 36.4 });
    expect(pm.status).toBe(201);
    expect(await count('checkins', 'reference = ?', reference)).toBe(2);
  });

  test('refuses a missing or impossible temperature with a Chinese message', async () => {
    const { token } = await returnee();
    const missing = await checkin({ token });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toEqual({
      error: 'validation_failed',
      issues: [{ path: 'temperature', message: '请填写体温，例如：36.5' }],
    });
    const hot = await checkin({ token, temperature: 45 });
    expect((await hot.json<{ issues: unknown[] }>()).issues).toEqual([
      { path: 'temperature', message: '体温要在35.0到42.0℃之间，请再量一次' },
    ]);
    expect((await checkin({ token, temperature: 36.5, extra: 1 })).status).toBe(422);
  });

  test('answers 404 for an unknown link and 422 for a malformed one', async () => {
    const unknown = await checkin({ token: 'B'.repeat(32), temperature: 36.5 });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'not_found' });
    expect((await checkin({ token: 'short', temperature: 36.5 })).status).toBe(422);
  });

  test('answers 410 after the period and its day of grace, and before arrival says to wait', async () => {
    const { token } = await returnee();
    const today = shanghaiDate();
    vi.useFakeTimers({ now: new Date(`${addDays(today, 14)}T10:00:00+08:00`), toFake: ['Date'] });
    expect((await checkin({ token, temperature: 36.5 })).status).toBe(201);
    vi.setSystemTime(new Date(`${addDays(today, 15)}T10:00:00+08:00`));
    const closed = await checkin({ token, temperature: 36.5 });
    expect(closed.status).toBe(410);
    expect(await closed.json()).toEqual({ error: 'closed' });
    vi.useRealTimers();
    const later = await returnee({
      arrivalDate: addDays(today, 3),
      departureDate: addDays(today, 2),
    });
    const early = await checkin({ token: later.token, temperature: 36.5 });
    expect(early.status).toBe(422);
  });

  test('takes a late reading on the day of grace as the last day’s, never as day 15 of 14', async () => {
    const { token, reference } = await returnee();
    const today = shanghaiDate();
    const last = addDays(today, 13);
    vi.useFakeTimers({ now: new Date(`${addDays(today, 14)}T08:30:00+08:00`), toFake: ['Date'] });
    const page = await (await SELF.fetch(`${SITE}/checkin/${token}/`)).text();
    expect(page).toContain('今天还可以<strong>补报</strong>');
    expect(page).toContain('<strong>（第 14 天）</strong>');
    expect(page).not.toMatch(/第 15 天/);
    // Day 14 is a test day: its result can be given late too.
    expect(page).toContain('第 14 天是核酸检测日');
    // In the morning of the day of grace, the late reading is the last day's evening one.
    expect(page).toMatch(/<input type="radio" name="period" value="pm" checked/);
    expect(page).toContain('补报第 14 天的体温');
    const late = await checkin({ token, temperature: 36.6, testResult: 'negative' });
    expect(late.status).toBe(201);
    const answer = await late.json<{ advice: string[] }>();
    // The test of day 14 is done: there is no next one.
    expect(answer).toMatchObject({
      day: 14,
      days: 14,
      date: last,
      period: 'pm',
      nextTestDate: null,
    });
    expect(answer.advice[0]).toBe('第 14 天是健康监测的最后一天，报告已收到，谢谢您这些天的配合！');
    const stored = await env.LEDGER.prepare('SELECT date, period FROM checkins WHERE reference = ?')
      .bind(reference)
      .all();
    expect(stored.results).toEqual([{ date: last, period: 'pm' }]);
  });

  test('takes a reading while the declaration is still on its way to the ledger', async () => {
    const forgetful = { send: () => Promise.resolve() } as unknown as Queue;
    const request = new Request(`${SITE}/api/declarations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(declaration({ healthCode: 'yellow' })),
    }) as Parameters<typeof worker.fetch>[0];
    const ctx = createExecutionContext();
    const answer = await worker.fetch(request, { ...env, DECLARATIONS: forgetful }, ctx);
    await waitOnExecutionContext(ctx);
    const { checkinUrl, reference } = await answer.json<{
      checkinUrl: string;
      reference: string;
    }>();
    const token = new URL(checkinUrl).pathname.split('/')[2];
    expect(await count('declarations', 'reference = ?', reference)).toBe(0);
    expect((await checkin({ token, temperature: 36.5 })).status).toBe(201);
    expect(await count('checkins', 'reference = ?', reference)).toBe(1);
  });

  test('tells the grid’s robot at once about a fever, masked, and only once', async () => {
    const robot = receiver();
    const { token } = await returnee();
    const fever = await post(robot.bindings, {
      token,
      period: 'pm',
      temperature: 38.2,
      symptoms: ['cough'],
    });
    const answer = await fever.json<{ alert: boolean; advice: string[] }>();
    expect(answer.alert).toBe(true);
    expect(answer.advice[0]).toBe('您报告了：体温38.2℃（37.3℃及以上），有咳嗽症状。');
    expect(answer.advice[1]).toContain('网格员陈国良（13800001201）');
    await post(robot.bindings, { token, period: 'pm', temperature: 38.4, symptoms: ['cough'] });
    expect(robot.taken).toHaveLength(1);
    const text = robot.taken[0] ?? '';
    expect(text).toContain('【健康监测异常，请马上联系】');
    expect(text).toContain('欧阳** 139****5678');
    expect(text).toContain('体温38.2℃');
    expect(text).toMatch(/报告时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(text).not.toContain('欧阳秀英');
    expect(text).not.toContain('13912345678');
    expect(await count('pending_alerts')).toBe(0);
  });

  test('keeps an alert the robot refused and sends it again from the sweep once the robot is back', async () => {
    const robot = receiver();
    robot.down = true;
    const { token, reference } = await returnee();
    const fever = await post(robot.bindings, { token, period: 'am', temperature: 39.1 });
    expect(fever.status).toBe(201);
    expect((await fever.json<{ alert: boolean }>()).alert).toBe(true);
    // The robot answered 500: nothing delivered, the alert kept with one attempt counted.
    expect(robot.taken).toHaveLength(0);
    expect(robot.refused).toBe(1);
    const kept = () =>
      env.LEDGER.prepare('SELECT attempts, text FROM pending_alerts WHERE reference = ?')
        .bind(reference)
        .first<{ attempts: number; text: string }>();
    expect(await kept()).toMatchObject({ attempts: 1 });
    expect((await kept())?.text).not.toContain('欧阳秀英');
    // The staff worklist says an alert is waiting for the robot.
    const worklist = await SELF.fetch(`${SITE}/staff/`, {
      headers: { Authorization: 'Bearer test-admin-token' },
    });
    expect(await worklist.text()).toMatch(/有 \d+ 条异常提醒还没发到工作群/);

    // Still down at the next sweep: kept, retried later.
    const sweep = async (minutesLater: number) => {
      const ctx = createExecutionContext();
      const controller = createScheduledController({
        scheduledTime: new Date(Date.now() + minutesLater * 60_000),
        cron: '*/5 * * * *',
      });
      await worker.scheduled(controller, robot.bindings, ctx);
      await waitOnExecutionContext(ctx);
    };
    await sweep(2);
    expect(robot.refused).toBe(2);
    expect(await kept()).toMatchObject({ attempts: 2 });
    // Not due yet (the next try waits longer): the sweep leaves it alone.
    await sweep(2.5);
    expect(robot.refused).toBe(2);

    robot.down = false;
    await sweep(10);
    expect(robot.taken).toHaveLength(1);
    expect(robot.taken[0]).toContain('体温39.1℃');
    expect(await kept()).toBeNull();
    // Delivered once: later sweeps send nothing more.
    await sweep(60);
    expect(robot.taken).toHaveLength(1);
  });

  test('takes the no-JS form and answers with a page; a mistake gives the form back with the answers', async () => {
    const { token } = await returnee();
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' };
    const good = await SELF.fetch(`${SITE}/api/checkins`, {
      method: 'POST',
      headers,
      body: formBody({ token, period: 'am', temperature: '３６．８', symptoms: ['none'] }),
    });
    expect(good.status).toBe(201);
    expect(good.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(await good.text()).toContain('已收到今天的报告，谢谢');
    const bad = await SELF.fetch(`${SITE}/api/checkins`, {
      method: 'POST',
      headers,
      body: formBody({ token, period: 'pm', temperature: '99', note: '<b>头晕</b>' }),
    });
    expect(bad.status).toBe(422);
    const page = await bad.text();
    expect(page).toContain('<title>错误：今日健康报告');
    expect(page).toContain('体温要在35.0到42.0℃之间，请再量一次');
    expect(page).toMatch(/name="temperature"[^>]*value="99"/);
    expect(page).toContain('&lt;b>头晕&lt;/b></textarea>');
  });
});
