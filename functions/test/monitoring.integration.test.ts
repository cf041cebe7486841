/** The grid worker's side of monitoring in workerd: worklist, call, record, close-out, card, export. */
import { SELF, env } from 'cloudflare:test';
import { unzipSync } from 'fflate';
import { readSheet } from 'read-excel-file/universal';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { addDays, shanghaiDate } from '../../src/lib/dates';
import { purge } from '../src/retention';
import { declaration, postJson } from './fixtures';
import { consumed, count } from './ledger';

const SITE = 'https://firstline.test';
const ADMIN = { Authorization: 'Bearer test-admin-token' };
const GRID_2 = { Authorization: 'Bearer test-grid-2-token' };
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: SITE };
const today = shanghaiDate();

afterEach(() => {
  vi.useRealTimers();
});

/** A consumed declaration in grid-2 (xixi-1) and its check-in secret. */
async function person(overrides: Record<string, unknown> = {}) {
  const answer = await postJson(
    declaration({ areaId: 'xixi-1', healthCode: 'yellow', ...overrides }),
  );
  const { reference, checkinUrl } = await answer.json<{ reference: string; checkinUrl: string }>();
  await consumed(reference);
  return { reference, token: new URL(checkinUrl).pathname.split('/')[2] ?? '' };
}

const staff = (path: string, headers: Record<string, string> = ADMIN, init: RequestInit = {}) =>
  SELF.fetch(`${SITE}${path}`, {
    redirect: 'manual',
    ...init,
    headers: { ...headers, ...(init.headers as Record<string, string>) },
  });

const checkin = (token: string, fields: Record<string, unknown>) =>
  SELF.fetch(`${SITE}/api/checkins`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token, ...fields }),
  });

interface Item {
  reference: string;
  gridId: string;
  status: string;
  day: number;
  days: number;
  name: string;
  phone: string;
  readings: { period: string; temperature: number }[];
}

async function monitoring(headers = ADMIN, date = today): Promise<Item[]> {
  const response = await staff(`/staff/api/monitoring?date=${date}`, headers);
  expect(response.status).toBe(200);
  return (await response.json<{ items: Item[] }>()).items;
}

describe('the worklist', () => {
  test('puts each person under monitoring in the right section of the day', async () => {
    const missing = await person();
    const normal = await person();
    const fever = await person();
    const high = await person({ closeContact: true });
    await checkin(normal.token, { temperature: 36.5, testResult: 'negative' });
    await checkin(fever.token, { temperature: 38.5 });
    const items = await monitoring();
    const status = (reference: string) =>
      items.find((item) => item.reference === reference)?.status;
    expect(status(missing.reference)).toBe('missing');
    expect(status(normal.reference)).toBe('ok');
    expect(status(fever.reference)).toBe('alert');
    // A new high-risk returnee nobody has called yet needs action even before any reading.
    expect(status(high.reference)).toBe('alert');
    const one = items.find((item) => item.reference === normal.reference);
    expect(one).toMatchObject({
      day: 1,
      days: 14,
      gridId: 'grid-2',
      name: '张**',
      phone: '138****8000',
    });
    expect(one?.readings).toEqual([expect.objectContaining({ temperature: 36.5 })]);
  });

  test('marks a test day without a result and the last day of the period', async () => {
    const { reference, token } = await person();
    await checkin(token, { temperature: 36.5 });
    expect((await monitoring()).find((item) => item.reference === reference)?.status).toBe(
      'test_due',
    );
    const last = addDays(today, 13);
    vi.useFakeTimers({ now: new Date(`${last}T09:00:00+08:00`), toFake: ['Date'] });
    await checkin(token, { temperature: 36.5, testResult: 'negative' });
    expect(
      (await monitoring(ADMIN, last)).find((item) => item.reference === reference)?.status,
    ).toBe('ending');
  });

  test('shows a grid worker their own grid only, and never another grid’s readings', async () => {
    const mine = await person();
    const theirs = await postJson(declaration({ areaId: 'dongshan-1', healthCode: 'yellow' }));
    const other = (await theirs.json<{ reference: string }>()).reference;
    await consumed(other);
    const items = await monitoring(GRID_2);
    expect(items.some((item) => item.reference === mine.reference)).toBe(true);
    expect(items.every((item) => item.gridId === 'grid-2')).toBe(true);
    expect((await staff(`/staff/declarations/${other}/card/`, GRID_2)).status).toBe(404);
    expect(
      (
        await staff(`/staff/declarations/${other}/checkins`, GRID_2, {
          method: 'POST',
          headers: FORM,
          body: 'temperature=36.5',
        })
      ).status,
    ).toBe(404);
  });

  test('is the staff home page, in sections with a call button for each person', async () => {
    const { reference } = await person();
    const page = await (await staff('/staff/', { ...ADMIN, Accept: 'text/html' })).text();
    expect(page).toContain('<h1>今日工作');
    expect(page).toContain('今天还没报告');
    expect(page).toContain(`action="/staff/declarations/${reference}/call"`);
    expect(page).not.toContain('13800138000');
  });
});

describe('calling, recording and closing out', () => {
  test('a call is audited and opens the dialler with the full number', async () => {
    const { reference } = await person({ phone: '13612345678' });
    const called = await staff(`/staff/declarations/${reference}/call`, GRID_2, {
      method: 'POST',
      headers: FORM,
    });
    expect(called.status).toBe(303);
    expect(called.headers.get('Location')).toBe('tel:13612345678');
    expect(await count('audit_log', "action = 'call' AND reference = ?", reference)).toBe(1);
  });

  test('records a reading taken by phone, with who typed it, audited; an out-of-period date is refused', async () => {
    const { reference } = await person();
    const body = new URLSearchParams({
      method: 'phone',
      date: today,
      period: 'am',
      temperature: '37.5',
    });
    const saved = await staff(`/staff/declarations/${reference}/checkins`, GRID_2, {
      method: 'POST',
      headers: FORM,
      body: body.toString(),
    });
    expect(saved.status).toBe(303);
    const row = await env.LEDGER.prepare('SELECT * FROM checkins WHERE reference = ?')
      .bind(reference)
      .first<Record<string, unknown>>();
    expect(row).toMatchObject({
      method: 'phone',
      recorded_by: '李秀英',
      temperature: 37.5,
      alert: 1,
    });
    expect(await count('audit_log', "action = 'checkin' AND reference = ?", reference)).toBe(1);
    body.set('date', addDays(today, -3));
    const refused = await staff(`/staff/declarations/${reference}/checkins`, GRID_2, {
      method: 'POST',
      headers: FORM,
      body: body.toString(),
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('这一天不在健康监测期内，请核对日期');
  });

  test('closing out ends the link; an extension keeps it open longer', async () => {
    const done = await person();
    const closed = await staff(`/staff/declarations/${done.reference}/close-out`, GRID_2, {
      method: 'POST',
      headers: FORM,
      body: 'outcome=completed&note=期满',
    });
    expect(closed.status).toBe(303);
    expect((await checkin(done.token, { temperature: 36.5 })).status).toBe(410);
    const row = await env.LEDGER.prepare(
      'SELECT closeout, closeout_by, status FROM declarations WHERE reference = ?',
    )
      .bind(done.reference)
      .first();
    expect(row).toEqual({ closeout: 'completed', closeout_by: '李秀英', status: 'cleared' });
    expect(await count('audit_log', "action = 'closeout' AND reference = ?", done.reference)).toBe(
      1,
    );

    const longer = await person();
    await staff(`/staff/declarations/${longer.reference}/close-out`, GRID_2, {
      method: 'POST',
      headers: FORM,
      body: 'outcome=extended&days=3',
    });
    vi.useFakeTimers({ now: new Date(`${addDays(today, 16)}T09:00:00+08:00`), toFake: ['Date'] });
    expect((await checkin(longer.token, { temperature: 36.5 })).status).toBe(201);
    const bad = await staff(`/staff/declarations/${longer.reference}/close-out`, GRID_2, {
      method: 'POST',
      headers: FORM,
      body: 'outcome=extended&days=0',
    });
    expect(bad.status).toBe(422);
  });

  test('the paper card lists every day with test days marked, the worker’s phone and a QR code', async () => {
    const { reference } = await person({ name: '周桂兰' });
    const page = await (await staff(`/staff/declarations/${reference}/card/`, GRID_2)).text();
    expect(page).toContain('居家健康监测记录卡');
    expect(page).toContain('周**');
    expect(page).not.toContain('周桂兰');
    expect(page).toContain('13800001202');
    expect(page.match(/<tr class="test">/g)).toHaveLength(3);
    expect(page.match(/<th scope="row">第\d+天<\/th>/g)).toHaveLength(14);
    expect(page).toContain('<svg');
  });
});

describe('the export and the purge', () => {
  test('the workbook has a row per person and day of readings, and the follow-up notes', async () => {
    const { reference, token } = await person({ name: '王建华' });
    await checkin(token, { period: 'am', temperature: 36.4 });
    await checkin(token, { period: 'pm', temperature: 36.8, symptoms: ['cough'] });
    await staff(`/staff/declarations/${reference}/follow-ups`, GRID_2, {
      method: 'POST',
      headers: FORM,
      body: 'status=contacted&note=已电话联系',
    });
    const response = await staff('/staff/export?format=xlsx&area=xixi-1', GRID_2);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Object.keys(unzipSync(bytes))).toContain('xl/worksheets/sheet3.xml');
    const readings = await readSheet(bytes.buffer, 2);
    const row = readings.find((cells) => cells[0] === reference);
    expect(readings[0]?.slice(0, 9)).toEqual([
      '回执编号',
      '网格',
      '片区',
      '姓名',
      '手机号码',
      '日期',
      '监测第几天',
      '上午体温',
      '下午体温',
    ]);
    expect(row?.slice(3, 13)).toEqual([
      '王建华',
      '13800138000',
      today,
      1,
      36.4,
      36.8,
      '咳嗽',
      null,
      '是',
      '本人报告',
    ]);
    const notes = await readSheet(bytes.buffer, 3);
    expect(notes.find((cells) => cells[0] === reference)?.slice(4)).toEqual([
      '李秀英',
      '已联系',
      '已电话联系',
    ]);
    const csvBytes = new Uint8Array(
      await (await staff('/staff/export?format=csv&table=readings', GRID_2)).arrayBuffer(),
    );
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(csvBytes);
    expect(csv).toContain('回执编号,网格,片区,姓名,手机号码,日期,监测第几天');
    expect(csv).toContain(`"=""${reference}"""`);
  });

  test('the daily purge deletes the readings and the link with their declaration', async () => {
    const { reference, token } = await person();
    await checkin(token, { temperature: 36.5 });
    await purge(env, new Date(`${addDays(today, 14 + 31)}T03:00:00+08:00`));
    expect(await count('declarations', 'reference = ?', reference)).toBe(0);
    expect(await count('checkins', 'reference = ?', reference)).toBe(0);
    expect(await count('checkin_links', 'reference = ?', reference)).toBe(0);
  });
});
