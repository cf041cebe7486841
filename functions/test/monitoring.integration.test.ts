/** The grid worker's side of monitoring in workerd: worklist, call, record, close-out, card, export. */
import { SELF, env } from 'cloudflare:test';
import { unzipSync } from 'fflate';
import { readSheet } from 'read-excel-file/universal';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { addDays, shanghaiDate } from '../../src/lib/dates';
import { purge } from '../src/retention';
import { callWorker, declaration, postJson, receiver } from './fixtures';
import { consumed, count } from './ledger';

const SITE = 'https://firstline.test';
const ADMIN = { Authorization: 'Bearer test-admin-token' };
const GRID_2 = { Authorization: 'Bearer test-grid-2-token' };
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: SITE };
const today = shanghaiDate();

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
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

  test('keeps a person on the day after their period until closed out, with the last day’s readings', async () => {
    const quiet = await person();
    const late = await person();
    const last = addDays(today, 13);
    const grace = addDays(today, 14);
    vi.useFakeTimers({ now: new Date(`${grace}T07:30:00+08:00`), toFake: ['Date'] });
    // A fever reported the morning after the last day counts, late, for the last day.
    expect((await checkin(late.token, { temperature: 38.3 })).status).toBe(201);
    const items = await monitoring(ADMIN, grace);
    const find = (reference: string) => items.find((item) => item.reference === reference);
    expect(find(quiet.reference)).toMatchObject({ status: 'ending', day: 14, days: 14 });
    expect(find(late.reference)).toMatchObject({ status: 'alert', day: 14, days: 14 });
    expect(find(late.reference)?.readings).toEqual([
      expect.objectContaining({ period: 'pm', temperature: 38.3 }),
    ]);
    // The last day's own list has the late reading too.
    const lastDay = await monitoring(ADMIN, last);
    expect(lastDay.find((item) => item.reference === late.reference)?.status).toBe('alert');
    const page = await (await staff(`/staff/?date=${grace}`, ADMIN)).text();
    expect(page).toContain('监测期满待办结');
    expect(page).toContain('第 14/14 天（已期满）');
    expect(page).not.toMatch(/第 15\/14 天/);
    // The day after that, nobody is listed any more.
    const after = await monitoring(ADMIN, addDays(today, 15));
    expect(after.some((item) => [quiet.reference, late.reference].includes(item.reference))).toBe(
      false,
    );
  });

  test('counts each section in the header even when the list shows only its first people', async () => {
    await person();
    const page = await (await staff('/staff/', { ...ADMIN, Accept: 'text/html' })).text();
    const sizes = await (
      await staff(`/staff/api/monitoring?date=${today}`)
    ).json<{
      sizes: Record<string, number>;
    }>();
    const total = Object.values(sizes.sizes).reduce((sum, size) => sum + size, 0);
    expect(page).toContain(`居家健康监测中 ${total} 人：`);
    expect(page).toContain(`今天还没报告 ${sizes.sizes['missing'] ?? 0}`);
    // The JSON API capped at one person per section still reports the sections' real sizes.
    const capped = await (
      await staff(`/staff/api/monitoring?date=${today}&limit=1`)
    ).json<{
      items: unknown[];
      sizes: Record<string, number>;
    }>();
    expect(capped.sizes).toEqual(sizes.sizes);
    expect(capped.items.length).toBeLessThanOrEqual(Object.keys(capped.sizes).length);
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

  test('a fever typed in by a grid worker tells the grid’s robot, masked, saying how it was taken', async () => {
    const robot = receiver('grid-2');
    const { reference } = await person({ name: '欧阳秀英', phone: '13912345678' });
    const record = (fields: Record<string, string>) =>
      callWorker(
        new Request(`${SITE}/staff/declarations/${reference}/checkins`, {
          method: 'POST',
          headers: { ...GRID_2, ...FORM },
          body: new URLSearchParams({ method: 'phone', date: today, ...fields }).toString(),
        }),
        robot.bindings,
      );
    expect((await record({ period: 'am', temperature: '36.6' })).status).toBe(303);
    expect(robot.taken).toHaveLength(0);
    expect((await record({ period: 'pm', temperature: '38.6', symptoms: 'cough' })).status).toBe(
      303,
    );
    // The same half-day corrected again is not told twice.
    await record({ period: 'pm', temperature: '38.8', symptoms: 'cough' });
    expect(robot.taken).toHaveLength(1);
    const text = robot.taken[0] ?? '';
    expect(text).toContain('【健康监测异常，请马上联系】');
    expect(text).toContain('欧阳** 139****5678，监测第1天（共14天）');
    expect(text).toContain('体温38.6℃');
    expect(text).toContain('来源：电话询问，工作人员录入');
    expect(text).toContain(`/staff/declarations/${reference}/`);
    expect(text).not.toContain('欧阳秀英');
    expect(text).not.toContain('13912345678');
    expect(await count('pending_alerts')).toBe(0);
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

  test('a follow-up or a bulk change to 已解除, 已转诊 or 失联 closes the period like the close-out does', async () => {
    const cleared = await person();
    const lost = await person();
    const closed = (reference: string) =>
      env.LEDGER.prepare(
        'SELECT status, closeout, closeout_by FROM declarations WHERE reference = ?',
      )
        .bind(reference)
        .first();
    await staff(`/staff/declarations/${cleared.reference}/follow-ups`, GRID_2, {
      method: 'POST',
      headers: FORM,
      body: 'status=cleared&note=期满解除',
    });
    expect(await closed(cleared.reference)).toEqual({
      status: 'cleared',
      closeout: 'completed',
      closeout_by: '李秀英',
    });
    const bulk = await staff('/staff/declarations/bulk-status', GRID_2, {
      method: 'POST',
      headers: FORM,
      body: `status=lost&reference=${lost.reference}`,
    });
    expect(bulk.status).toBe(303);
    expect(await closed(lost.reference)).toMatchObject({ status: 'lost', closeout: 'lost' });
    // Closed either way: the link answers 410 and the worklist no longer lists them.
    for (const { token } of [cleared, lost]) {
      expect((await checkin(token, { temperature: 36.5 })).status).toBe(410);
    }
    const listed = (await monitoring(GRID_2)).map((item) => item.reference);
    expect(listed).not.toContain(cleared.reference);
    expect(listed).not.toContain(lost.reference);
    // Setting the status back to 监测中 reopens the period: one rule both ways.
    await staff(`/staff/declarations/${lost.reference}/follow-ups`, GRID_2, {
      method: 'POST',
      headers: FORM,
      body: 'status=monitoring&note=已联系上',
    });
    expect(await closed(lost.reference)).toEqual({
      status: 'monitoring',
      closeout: null,
      closeout_by: null,
    });
    expect((await checkin(lost.token, { temperature: 36.5 })).status).toBe(201);
  });

  test('migration 0007 closes the periods a status set before the rule left open', async () => {
    const old = await person();
    // As a follow-up left it before the rule: status 失联, the period still open.
    await env.LEDGER.batch([
      env.LEDGER.prepare(
        "INSERT INTO follow_ups (reference, at, actor, status, note) VALUES (?, '2026-01-02T03:04:05Z', '李秀英', 'lost', '')",
      ).bind(old.reference),
      env.LEDGER.prepare("UPDATE declarations SET status = 'lost' WHERE reference = ?").bind(
        old.reference,
      ),
    ]);
    const migration = env.TEST_MIGRATIONS.find((item) => item.name.startsWith('0008_'));
    const backfill = migration?.queries.find((query) => query.includes('UPDATE declarations'));
    expect(backfill).toBeDefined();
    await env.LEDGER.prepare(backfill ?? '').run();
    const row = await env.LEDGER.prepare(
      'SELECT closeout, closeout_by, closeout_at FROM declarations WHERE reference = ?',
    )
      .bind(old.reference)
      .first();
    expect(row).toEqual({
      closeout: 'lost',
      closeout_by: '李秀英',
      closeout_at: '2026-01-02T03:04:05Z',
    });
    expect((await checkin(old.token, { temperature: 36.5 })).status).toBe(410);
  });

  test('a reading for a day still to come is refused in Chinese', async () => {
    const { reference } = await person();
    const refused = await staff(`/staff/declarations/${reference}/checkins`, GRID_2, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({
        method: 'card',
        date: addDays(today, 2),
        period: 'am',
        temperature: '36.5',
      }).toString(),
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('这一天还没到，不能提前记录体温，请核对日期');
    expect(await count('checkins', 'reference = ?', reference)).toBe(0);
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
    // The policy's threshold, not a number of its own.
    expect(page).toContain('体温37.3℃及以上或有不舒服，马上打电话');
    expect(page).toContain('<article class="card-sheet size-a4">');
    expect(page).toContain(`href="/staff/declarations/${reference}/card/?size=a5">改为 A5 纸`);
  });

  test('the paper card comes in A5 too, with the symptoms and test results already reported', async () => {
    const { reference, token } = await person({ name: '周桂兰' });
    await checkin(token, { period: 'am', temperature: 37.8, symptoms: ['cough', 'fatigue'] });
    await checkin(token, { period: 'pm', temperature: 36.9, testResult: 'negative' });
    const page = await (
      await staff(`/staff/declarations/${reference}/card/?size=a5`, GRID_2)
    ).text();
    expect(page).toContain('<article class="card-sheet size-a5">');
    expect(page).toContain('现在按 A5 纸排版');
    expect(page).toMatch(/<td>37\.8<\/td><td>36\.9<\/td><td>咳嗽，乏力，核酸阴性<\/td>/);
  });
});

describe('without CHECKIN_SECRET', () => {
  test('a declaration is still accepted, without a link; the operator is told what to run', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const unset = { ...env, CHECKIN_SECRET: '' };
    const body = declaration({ areaId: 'xixi-1', healthCode: 'yellow', name: '孙无链' });
    const answer = await callWorker(
      new Request(`${SITE}/api/declarations`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }),
      unset,
    );
    expect(answer.status).toBe(202);
    expect(await answer.json()).toMatchObject({ checkinUrl: null });
    const logged = errors.mock.calls.map((call) => call.join(' ')).join('\n');
    expect(logged).toContain('CHECKIN_SECRET is not set');
    expect(logged).toContain('npx wrangler secret put CHECKIN_SECRET');
    expect(logged).not.toContain('孙无链');
    expect(logged).not.toContain(String(body['idNumber']));
    const page = await callWorker(
      new Request(`${SITE}/staff/`, { headers: { ...ADMIN, Accept: 'text/html' } }),
      unset,
    );
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('健康报告链接没有开通');
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

  test('the ledger sheet gives the end with its extension and how the period was closed', async () => {
    const longer = await person({ name: '赵延长' });
    const done = await person({ name: '钱办结' });
    await staff(`/staff/declarations/${longer.reference}/close-out`, GRID_2, {
      method: 'POST',
      headers: FORM,
      body: 'outcome=extended&days=3',
    });
    await staff(`/staff/declarations/${done.reference}/close-out`, GRID_2, {
      method: 'POST',
      headers: FORM,
      body: 'outcome=completed',
    });
    const bytes = await (
      await staff('/staff/export?format=xlsx&area=xixi-1', GRID_2)
    ).arrayBuffer();
    const ledger = await readSheet(bytes, 1);
    const header = ledger[0] ?? [];
    const cell = (reference: string, name: string) =>
      ledger.find((cells) => cells[0] === reference)?.[header.indexOf(name)];
    expect(cell(longer.reference, '健康监测截止')).toBe(addDays(today, 16));
    expect(cell(longer.reference, '监测办结')).toBe('未办结');
    expect(cell(done.reference, '健康监测截止')).toBe(addDays(today, 13));
    expect(cell(done.reference, '监测办结')).toMatch(
      /^解除监测（李秀英，\d{4}-\d{2}-\d{2} \d{2}:\d{2}）$/,
    );
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
