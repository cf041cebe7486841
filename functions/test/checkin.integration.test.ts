/** Home health monitoring in workerd: the check-in link, POST /api/checkins, alerts (PRODUCT.md §11). */
import { SELF, createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { addDays, shanghaiDate } from '../../src/lib/dates';
import worker from '../src/index';
import { declaration, formBody, postJson } from './fixtures';
import { count } from './ledger';

const SITE = 'https://firstline.test';
/** A new medium-risk returnee (14 days, tests on day 1, 7 and 14) and their check-in link. */
async function returnee(overrides: Record<string, unknown> = {}) {
  const body = declaration({
    name: '欧阳秀英',
    phone: '13912345678',
    healthCode: 'yellow',
    ...overrides,
  });
  const response = await postJson(body);
  const answer = await response.json<{ reference: string; checkinUrl: string | null }>();
  const url = new URL(answer.checkinUrl ?? '');
  const token = url.pathname.split('/')[2] ?? '';
  return { ...answer, body, url, token };
}

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
    const sent: string[] = [];
    const real = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (!url.startsWith('https://qyapi.weixin.qq.com/')) return real(input, init);
      sent.push(String(init?.body));
      return Response.json({ errcode: 0 });
    });
    const bindings = {
      ...env,
      GRID_WEBHOOKS: JSON.stringify({
        'grid-1': 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=t',
      }),
    };
    const { token } = await returnee();
    const post = async (fields: Record<string, unknown>) => {
      const ctx = createExecutionContext();
      const request = new Request(`${SITE}/api/checkins`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token, ...fields }),
      }) as Parameters<typeof worker.fetch>[0];
      const response = await worker.fetch(request, bindings, ctx);
      await waitOnExecutionContext(ctx);
      return response;
    };
    const fever = await post({ period: 'pm', temperature: 38.2, symptoms: ['cough'] });
    const answer = await fever.json<{ alert: boolean; advice: string[] }>();
    expect(answer.alert).toBe(true);
    expect(answer.advice[0]).toBe('您报告了：体温38.2℃（37.3℃及以上），有咳嗽症状。');
    expect(answer.advice[1]).toContain('网格员陈国良（13800001201）');
    await post({ period: 'pm', temperature: 38.4, symptoms: ['cough'] });
    expect(sent).toHaveLength(1);
    const text = (JSON.parse(sent[0] ?? '{}') as { text: { content: string } }).text.content;
    expect(text).toContain('【健康监测异常，请马上联系】');
    expect(text).toContain('欧阳** 139****5678');
    expect(text).toContain('体温38.2℃');
    expect(text).not.toContain('欧阳秀英');
    expect(text).not.toContain('13912345678');
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
