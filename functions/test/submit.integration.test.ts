/** POST /api/declarations in workerd with the real local queue and ledger (PRODUCT.md §6). */
import { SELF, createExecutionContext, env } from 'cloudflare:test';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { addDays, chineseDate, shanghaiDate } from '../../src/lib/dates';
import worker from '../src/index';
import { declaration, formBody, postJson, residentId } from './fixtures';
import { consumed, ledgerRow } from './ledger';

const API = 'https://firstline.test/api/declarations';
/** Calls the Worker's handler directly with `bindings`, to hand it a queue that refuses. */
function callWorker(body: unknown, bindings: Env): Promise<Response> {
  const request = new Request(API, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }) as Parameters<typeof worker.fetch>[0];
  return worker.fetch(request, bindings, createExecutionContext());
}

function expectApiHeaders(response: Response) {
  expect(response.headers.get('Cache-Control')).toBe('no-store');
  expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
  expect(response.headers.get('Referrer-Policy')).toBeTruthy();
  expect(response.headers.get('Content-Security-Policy')).toBe(
    "default-src 'none'; frame-ancestors 'none'",
  );
  expect(response.headers.get('X-Frame-Options')).toBe('DENY');
  expect(response.headers.get('Permissions-Policy')).toContain('camera=()');
}

/** The headers of an HTML page the Worker made: the page's own CSP and the static set. */
function expectPageHeaders(response: Response) {
  expect(response.headers.get('Content-Type')).toContain('text/html');
  expect(response.headers.get('Cache-Control')).toBe('no-store');
  expect(response.headers.get('Content-Security-Policy')).toMatch(
    /^default-src 'self';.*form-action 'self';.*script-src 'self'.*; frame-ancestors 'none'$/,
  );
  expect(response.headers.get('X-Frame-Options')).toBe('DENY');
  expect(response.headers.get('Permissions-Policy')).toContain('camera=()');
  expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
}

// A page the Worker filled must not be hydrated over; the head keeps the large-text script.
function expectNoIsland(page: string) {
  expect(page).not.toMatch(/<astro-island[^>]*\sssr/);
  expect(page.slice(page.indexOf('<body'))).not.toContain('<script');
  expect(page.slice(0, page.indexOf('<body'))).toContain('firstline-text-size');
}

afterEach(() => vi.restoreAllMocks());

describe('accepting a declaration', () => {
  test('answers 202 with a reference, the risk, the measures, the monitoring end, the grid and the check-in link', async () => {
    const response = await postJson(declaration());
    expect(response.status).toBe(202);
    expectApiHeaders(response);
    const body = await response.json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual([
      'checkinUrl',
      'grid',
      'measures',
      'monitoringEnds',
      'reasons',
      'receivedAt',
      'reference',
      'risk',
      'testDays',
    ]);
    expect(body['reference']).toMatch(/^\d{4}-\d{4}-\d$/);
    expect(body['risk']).toBe('low');
    expect(body['grid']).toEqual({
      name: '第一网格（东山村）',
      leader: '陈国良',
      phone: '13800001201',
    });
  });

  test('tells the returnee why the risk is what it is and on which dates to be tested', async () => {
    const today = shanghaiDate();
    const response = await postJson(declaration({ healthCode: 'yellow', originRegion: '510104' }));
    const body = await response.json<Record<string, unknown>>();
    expect(body['risk']).toBe('medium');
    expect(body['reasons']).toMatchInlineSnapshot(`
      [
        "健康码为黄码",
        "来自中风险地区：四川省成都市",
      ]
    `);
    expect(body['testDays']).toEqual([today, addDays(today, 6), addDays(today, 13)]);
  });

  test('gives a low risk no reasons and the low outcome’s test day', async () => {
    const body = await (await postJson(declaration())).json<Record<string, unknown>>();
    expect(body['reasons']).toEqual([]);
    expect(body['testDays']).toEqual([shanghaiDate()]);
  });

  test('sends the message through the queue into the ledger, routed to the area’s grid', async () => {
    const response = await postJson(declaration({ areaId: 'qinghe-garden', healthCode: 'yellow' }));
    const { reference } = await response.json<{ reference: string }>();
    const row = await consumed(reference);
    expect(row).toMatchObject({
      area_id: 'qinghe-garden',
      grid_id: 'grid-4',
      risk: 'medium',
      revision: 1,
    });
    expect(JSON.parse(row.data)).toMatchObject({
      name: '张建国',
      phone: '13800138000',
      healthCode: 'yellow',
    });
  });

  test('answers 200 with the same reference for the same submissionId, updating one ledger row', async () => {
    const submissionId = crypto.randomUUID();
    const first = await (
      await postJson(declaration({ submissionId, idNumber: residentId('11010519800101001') }))
    ).json<{ reference: string }>();
    await consumed(first.reference);
    const again = await postJson(
      declaration({
        submissionId,
        idNumber: residentId('11010519800101001'),
        addressDetail: '东山村13号',
      }),
    );
    expect(again.status).toBe(200);
    expect((await again.json<{ reference: string }>()).reference).toBe(first.reference);
    await vi.waitFor(async () => expect((await ledgerRow(first.reference))?.revision).toBe(2), {
      timeout: 10_000,
    });
    const { results } = await env.LEDGER.prepare(
      'SELECT data FROM declarations WHERE reference = ?',
    )
      .bind(first.reference)
      .all<{ data: string }>();
    expect(results).toHaveLength(1);
    expect(JSON.parse(results[0]?.data ?? '{}').addressDetail).toBe('东山村13号');
  });

  test('answers 200 with the same reference for the same person and arrival date, re-evaluating the risk', async () => {
    const person = { idNumber: residentId('11010519900307003') };
    const first = await (
      await postJson(declaration(person))
    ).json<{ reference: string; risk: string }>();
    const again = await postJson(
      declaration({ ...person, submissionId: crypto.randomUUID(), symptoms: ['fever'] }),
    );
    expect(again.status).toBe(200);
    const body = await again.json<{ reference: string; risk: string }>();
    expect(body).toMatchObject({ reference: first.reference, risk: 'high' });
  });

  test('does not count a retry of the very same answers as a revision', async () => {
    const body = declaration({ submissionId: crypto.randomUUID() });
    const { reference } = await (await postJson(body)).json<{ reference: string }>();
    await consumed(reference);
    expect((await postJson(body)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await ledgerRow(reference))?.revision).toBe(1);
  });

  test('never merges two people who send the same submissionId: the others get 422', async () => {
    const submissionId = crypto.randomUUID();
    const first = await postJson(
      declaration({ submissionId, name: '王一', idNumber: residentId('11010519810101100') }),
    );
    expect(first.status).toBe(202);
    const { reference } = await first.json<{ reference: string }>();
    for (let index = 1; index < 20; index++) {
      const other = await postJson(
        declaration({
          submissionId,
          name: '李二',
          idNumber: residentId(`110105198101011${String(index).padStart(2, '0')}`),
        }),
      );
      expect(other.status).toBe(422);
      expect(await other.json()).toMatchInlineSnapshot(`
        {
          "error": "validation_failed",
          "issues": [
            {
              "message": "这份表单已经为另一位报备人提交过了。请刷新页面，重新填写并提交（每位报备人各提交一次）",
              "path": "submissionId",
            },
          ],
        }
      `);
    }
    const row = await consumed(reference);
    expect(row.revision).toBe(1);
    expect(JSON.parse(row.data)).toMatchObject({ name: '王一' });
    const keys = await env.LEDGER.prepare(
      'SELECT count(DISTINCT reference) AS n FROM submissions WHERE key = ?',
    )
      .bind(`sid:${submissionId}`)
      .first<{ n: number }>();
    expect(keys?.n).toBe(1);
  });

  test('keeps one reference when the same person changes the arrival date in the same form', async () => {
    const submissionId = crypto.randomUUID();
    const person = { submissionId, idNumber: residentId('11010519820202200') };
    const first = await (await postJson(declaration(person))).json<{ reference: string }>();
    const moved = await postJson(
      declaration({ ...person, arrivalDate: addDays(shanghaiDate(), 2) }),
    );
    expect(moved.status).toBe(200);
    expect((await moved.json<{ reference: string }>()).reference).toBe(first.reference);
  });

  test('gives two phones filing for the same person at the same moment one reference', async () => {
    const person = { idNumber: residentId('11010519830303011') };
    const answers = await Promise.all([
      postJson(declaration({ ...person, submissionId: crypto.randomUUID() })),
      postJson(declaration({ ...person, submissionId: crypto.randomUUID() })),
    ]);
    const bodies = await Promise.all(answers.map((answer) => answer.json<{ reference: string }>()));
    expect(bodies[0]?.reference).toBe(bodies[1]?.reference);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 202]);
    const issued = await env.LEDGER.prepare(
      'SELECT count(*) AS n FROM issued_references WHERE reference = ?',
    )
      .bind(bodies[0]?.reference)
      .first<{ n: number }>();
    expect(issued?.n).toBe(1);
  });

  test('gives the same person a new reference for a different arrival date', async () => {
    const person = { idNumber: residentId('11010519750615004') };
    const first = await (await postJson(declaration(person))).json<{ reference: string }>();
    const other = await postJson(
      declaration({ ...person, arrivalDate: declaration()['departureDate'] }),
    );
    expect(other.status).toBe(202);
    expect((await other.json<{ reference: string }>()).reference).not.toBe(first.reference);
  });

  test('accepts the no-JS form and answers with the HTML receipt showing the same reference', async () => {
    const values = declaration({ idNumber: residentId('11010519660101005') });
    const html = await SELF.fetch(API, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
      body: formBody(values),
    });
    expect(html.status).toBe(202);
    expectPageHeaders(html);
    const page = await html.text();
    const reference = /data-slot="reference">([\d-]+)</.exec(page)?.[1];
    expect(reference).toMatch(/^\d{4}-\d{4}-\d$/);
    expect(page).toContain('<title>报备成功');
    expect(page).toContain('<svg');
    expect(page).toContain('href="tel:13800001201"');
    expect(page).toContain('<ul class="test-days" data-slot="test-days"><li>');
    expect(page).toContain('<li>您填写的情况里，没有需要特别注意的</li>');
    expect(page).toContain('用浏览器菜单里的“打印”保存为PDF');
    expectNoIsland(page);
    const json = await postJson(values);
    expect(json.status).toBe(200);
    expect((await json.json<{ reference: string }>()).reference).toBe(reference);
  });

  test('tells a no-JS returnee in WeChat to keep the receipt as a screenshot, since it cannot print', async () => {
    const html = await SELF.fetch(API, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'text/html',
        'User-Agent':
          'Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 Chrome/107.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64',
      },
      body: formBody(declaration({ healthCode: 'yellow' })),
    });
    const page = await html.text();
    expect(/data-slot="save-tip">([^<]*)</.exec(page)?.[1]).toMatchInlineSnapshot(
      `"微信里不能打印。请截图保存本页；要打印的话，点右上角“···”，选“在浏览器打开”，再打印。"`,
    );
    expect(page).toContain('<li>健康码为黄码</li>');
  });

  test('treats form booleans as on/true/1 and absent as false', async () => {
    const response = await SELF.fetch(API, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: formBody({
        ...declaration({ idNumber: residentId('11010519700101006') }),
        consent: '1',
        viaRiskArea: 'true',
      }),
    });
    expect(response.status).toBe(202);
    expect((await response.json<{ risk: string }>()).risk).toBe('medium');
  });
});

describe('refusing', () => {
  test('answers 422 with Chinese issues in form order', async () => {
    const response = await postJson(
      declaration({ phone: '12345', name: '', consent: false, arrivalDate: '2020-01-01' }),
    );
    expect(response.status).toBe(422);
    expectApiHeaders(response);
    const earliest = chineseDate(addDays(shanghaiDate(), -14));
    expect(await response.json()).toEqual({
      error: 'validation_failed',
      issues: [
        { path: 'name', message: '请填写姓名' },
        { path: 'phone', message: '手机号码应为11位，现在是5位，请核对' },
        { path: 'departureDate', message: '出发日期不能晚于到达日期' },
        { path: 'arrivalDate', message: `到达日期不能早于${earliest}（14天前）` },
        { path: 'consent', message: '请阅读个人信息处理说明，并勾选同意' },
      ],
    });
  });

  test('answers 422 for an unknown field and for a string where JSON needs a boolean', async () => {
    const response = await postJson(declaration({ consent: 'true', nickname: '小张' }));
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: 'validation_failed',
      issues: [
        { path: '', message: '表单里有本站不认识的项目（nickname），请刷新页面后重新填写' },
        { path: 'consent', message: '请阅读个人信息处理说明，并勾选同意' },
      ],
    });
  });

  test('answers 400 for a body that is not JSON, or not an object', async () => {
    for (const body of ['{"name":', '[1,2]', '"text"']) {
      const response = await SELF.fetch(API, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      expect(response.status, body).toBe(400);
      expect(await response.json()).toEqual({ error: 'malformed' });
    }
  });

  test('accepts a re-filled no-JS form whose browser sends Origin: null from this site', async () => {
    const response = await SELF.fetch(API, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'text/html',
        Origin: 'null',
        'Sec-Fetch-Site': 'same-origin',
      },
      body: formBody(declaration()),
    });
    expect(response.status).toBe(202);
    const refused = await SELF.fetch(API, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'text/html',
        Origin: 'null',
      },
      body: formBody(declaration()),
    });
    expect(refused.status).toBe(403);
    expectPageHeaders(refused);
    expect(await refused.text()).toContain('值班电话');
  });

  test('answers 403 when the Origin is another site, and accepts its own origin', async () => {
    const foreign = await postJson(declaration(), { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ error: 'forbidden' });
    const own = await postJson(declaration({ idNumber: residentId('11010519880808007') }), {
      Origin: 'https://firstline.test',
    });
    expect(own.status).toBe(202);
  });

  test('answers 405 with Allow: POST for other methods', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const response = await SELF.fetch(API, { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('Allow')).toBe('POST');
      expectApiHeaders(response);
    }
  });

  test('answers 413 for a body over 16 KB', async () => {
    const response = await postJson(declaration({ note: '长'.repeat(6000) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'too_large' });
  });

  test('answers 415 for other content types', async () => {
    const response = await SELF.fetch(API, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'name=张三',
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({ error: 'unsupported_media_type' });
  });

  test('gives the no-JS form its page again with every answer kept and the errors', async () => {
    const response = await SELF.fetch(API, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
      body: formBody({
        name: '李 秀英',
        phone: '1380013',
        areaId: 'xixi-2',
        transport: 'plane',
        symptoms: ['cough'],
        note: '<b>备注</b>',
      }),
    });
    expect(response.status).toBe(422);
    expectPageHeaders(response);
    const page = await response.text();
    expect(page).toContain('<title>错误：返乡、来访报备');
    expect(page).toMatch(/<input[^>]*name="name"[^>]*value="李 秀英"/);
    expect(page).toMatch(/<input[^>]*name="phone"[^>]*value="1380013"/);
    expect(page).toMatch(/<option value="xixi-2" selected/);
    expect(page).toMatch(/<input[^>]*value="plane"[^>]*checked/);
    expect(page).toMatch(/<input[^>]*value="cough"[^>]*checked/);
    expect(page).toContain('&lt;b&gt;备注&lt;/b&gt;</textarea>');
    expect(page).toContain('<a href="#f-phone">');
    expect(page).toMatch(/id="f-phone-error"><span class="visually-hidden">错误：<\/span>手机号码/);
    expectNoIsland(page);
  });
});

describe('protection', () => {
  test('answers a filled honeypot exactly like an acceptance but stores and queues nothing', async () => {
    const answers = { healthCode: 'yellow', idNumber: residentId('11010519550505008') };
    const response = await postJson(declaration({ ...answers, website: 'http://spam.example' }));
    expect(response.status).toBe(202);
    const fake = await response.json<Record<string, unknown>>();
    const real = await (
      await postJson(declaration({ ...answers, idNumber: residentId('11010519550505016') }))
    ).json<Record<string, unknown>>();
    // The same evaluation as a real declaration: same fields, same risk and measures, no
    // unfilled placeholders a bot could tell it by.
    expect(Object.keys(fake).sort()).toEqual(Object.keys(real).sort());
    expect(fake).toMatchObject({
      risk: 'medium',
      measures: real['measures'],
      monitoringEnds: real['monitoringEnds'],
      grid: real['grid'],
    });
    expect(JSON.stringify(fake)).not.toMatch(/[{}]\w+[{}]|\{monitoring/);
    const reference = String(fake['reference']);
    expect(reference).toMatch(/^\d{4}-\d{4}-\d$/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await ledgerRow(reference)).toBeNull();
    for (const table of ['submissions', 'issued_references', 'outbox']) {
      const row = await env.LEDGER.prepare(`SELECT count(*) AS n FROM ${table} WHERE reference = ?`)
        .bind(reference)
        .first<{ n: number }>();
      expect(row?.n, table).toBe(0);
    }
  });

  test('checks a filled honeypot’s answers like any others', async () => {
    const response = await postJson(declaration({ website: 'x', phone: '123' }));
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: 'validation_failed',
      issues: [{ path: 'phone', message: '手机号码应为11位，现在是3位，请核对' }],
    });
  });

  test('treats only text in the honeypot as filled: false, 0, [] or a space are a real declaration', async () => {
    for (const [index, website] of [false, 0, [], ' ', ''].entries()) {
      const response = await postJson(
        declaration({ website, idNumber: residentId(`1101051955050602${index}`) }),
      );
      expect(response.status, JSON.stringify(website)).toBe(202);
      const { reference } = await response.json<{ reference: string }>();
      expect((await consumed(reference)).reference).toBe(reference);
    }
  });

  test('lets 60 posts a minute from one address through, then limits until the window reopens', async () => {
    const headers = { 'CF-Connecting-IP': '203.0.113.9' };
    // The limiter counts in minutes of the clock: start well inside one, not at its very end.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
    const statuses: number[] = [];
    for (let index = 0; index < 150; index++) statuses.push((await postJson({}, headers)).status);
    expect(statuses.slice(0, 60).every((status) => status === 422)).toBe(true);
    const limited = await postJson({}, headers);
    expect(limited.status).toBe(429);
    // The limiter's windows are whole minutes of the clock: Retry-After says when this one ends.
    const untilNextMinute = 60 - Math.floor((Date.now() / 1000) % 60);
    const retryAfter = Number(limited.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(Math.abs(retryAfter - untilNextMinute)).toBeLessThanOrEqual(1);
    expect((await postJson({}, { 'CF-Connecting-IP': '203.0.113.10' })).status).toBe(422);
  }, 30_000);

  test('answers 503 with Retry-After and issues no reference when the queue refuses', async () => {
    const refusing = { send: () => Promise.reject(new Error('queue down')) } as unknown as Queue;
    const body = declaration({ idNumber: residentId('11010519600606009') });
    const keys = async () =>
      (await env.LEDGER.prepare('SELECT count(*) AS n FROM submissions').first<{ n: number }>())?.n;
    const before = await keys();
    const failed = await callWorker(body, { ...env, DECLARATIONS: refusing });
    expect(failed.status).toBe(503);
    expect(failed.headers.get('Retry-After')).toBe('60');
    expect(await failed.json()).toEqual({ error: 'queue_unavailable' });
    expect(await keys()).toBe(before);
    const retried = await callWorker(body, env);
    expect(retried.status).toBe(202);
  });

  test('never writes a name, phone or ID number to the log, even when things fail', async () => {
    const lines: string[] = [];
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation(
        (...args: unknown[]) => void lines.push(args.map(String).join(' ')),
      );
    }
    const person = declaration({
      name: '欧阳秀英',
      phone: '13912345678',
      idNumber: residentId('11010519720202010'),
    });
    await postJson(person);
    await postJson({ ...person, phone: '139123' });
    const refusing = {
      send: () => Promise.reject(new Error(JSON.stringify(person))),
    } as unknown as Queue;
    await callWorker(
      { ...person, submissionId: crypto.randomUUID(), arrivalDate: person['departureDate'] },
      { ...env, DECLARATIONS: refusing },
    );
    const log = lines.join('\n');
    for (const secret of ['欧阳秀英', '13912345678', '139123', String(person['idNumber'])])
      expect(log).not.toContain(secret);
    expect(lines.length).toBeGreaterThan(0);
  });
});
