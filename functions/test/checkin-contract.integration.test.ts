/**
 * POST /api/checkins answers as PRODUCT.md §11 says, with §6's rules: every status with its
 * headers, Origin checks that let the no-referrer page's own form through, the half-day by
 * Shanghai time, and Chinese pages (never raw JSON) for the no-JS form.
 */
import { SELF, env } from 'cloudflare:test';
import { describe, expect, test } from 'vitest';
import { addDays, shanghaiDate } from '../../src/lib/dates';
import { callWorker, formBody, returnee } from './fixtures';

const SITE = 'https://firstline.test';
const API = `${SITE}/api/checkins`;
const JSON_TYPE = { 'Content-Type': 'application/json' };
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' };

const post = (body: BodyInit, headers: Record<string, string>) =>
  SELF.fetch(API, { method: 'POST', headers, body });
const postJson = (fields: Record<string, unknown>, headers: Record<string, string> = {}) =>
  post(JSON.stringify(fields), { ...JSON_TYPE, ...headers });

/** PRODUCT.md §6: the headers of every API answer. */
function expectApiHeaders(response: Response) {
  expect(response.headers.get('Cache-Control')).toBe('no-store');
  expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
  expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
  expect(response.headers.get('Content-Security-Policy')).toBe(
    "default-src 'none'; frame-ancestors 'none'",
  );
  expect(response.headers.get('X-Frame-Options')).toBe('DENY');
  expect(response.headers.get('Permissions-Policy')).toContain('camera=()');
  expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
}

/** An HTML answer: its own CSP, never stored, and the link never sent on. */
function expectPageHeaders(response: Response) {
  expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('Cache-Control')).toBe('no-store');
  expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
  expect(response.headers.get('Content-Security-Policy')).toMatch(
    /^default-src 'self';.*form-action 'self';.*; frame-ancestors 'none'$/,
  );
  expect(response.headers.get('X-Frame-Options')).toBe('DENY');
  expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
  expect(response.headers.get('X-Robots-Tag')).toBe('noindex');
}

describe('every status of POST /api/checkins', () => {
  test('carries the §6 headers on every answer, from 201 to 405', async () => {
    const { token } = await returnee();
    const later = callWorker(
      new Request(API, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ token, temperature: 36.5 }),
      }),
      { ...env, FIXED_NOW: `${addDays(shanghaiDate(), 20)}T09:00:00+08:00` },
    );
    const answers = [
      [410, await later],
      [201, await postJson({ token, period: 'am', temperature: 36.5 })],
      [200, await postJson({ token, period: 'am', temperature: 36.6 })],
      [422, await postJson({ token, temperature: 'hot' })],
      [404, await postJson({ token: 'C'.repeat(32), temperature: 36.5 })],
      [400, await post('{"token":', JSON_TYPE)],
      [403, await postJson({ token, temperature: 36.5 }, { Origin: 'https://evil.example' })],
      [413, await postJson({ token, temperature: 36.5, note: '长'.repeat(6000) })],
      [415, await post('token=x', { 'Content-Type': 'text/plain' })],
      [405, await SELF.fetch(API, { method: 'GET' })],
    ] as const;
    for (const [status, response] of answers) {
      expect(response.status, String(status)).toBe(status);
      expectApiHeaders(response);
    }
  });

  test('answers 400 malformed for a body that is not JSON, or not an object', async () => {
    for (const body of ['{"token":', '[1,2]', '"36.5"', 'null']) {
      const response = await post(body, JSON_TYPE);
      expect(response.status, body).toBe(400);
      expect(await response.json()).toEqual({ error: 'malformed' });
    }
  });

  test('answers 405 with Allow: POST for every other method', async () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH']) {
      const response = await SELF.fetch(API, { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('Allow')).toBe('POST');
    }
  });

  test('answers 413 too_large for a body over 16 KB, before reading it all', async () => {
    const { token } = await returnee();
    const response = await postJson({ token, temperature: 36.5, note: 'a'.repeat(17_000) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'too_large' });
  });

  test('answers 415 unsupported_media_type for other content types', async () => {
    for (const type of ['text/plain', 'multipart/form-data; boundary=x', '']) {
      const response = await post('token=x&temperature=36.5', type ? { 'Content-Type': type } : {});
      expect(response.status, type).toBe(415);
      expect(await response.json()).toEqual({ error: 'unsupported_media_type' });
    }
  });
});

describe('where a check-in may come from', () => {
  test('takes Origin: null, as the no-referrer page posts it, with or without Fetch Metadata', async () => {
    const { token } = await returnee();
    // Older WebKit (WeChat on older iPhones) sends no Sec-Fetch-Site at all.
    const oldWebKit = await post(formBody({ token, period: 'am', temperature: '36.5' }), {
      ...FORM,
      Origin: 'null',
    });
    expect(oldWebKit.status).toBe(201);
    expect(await oldWebKit.text()).toContain('已收到今天的报告，谢谢');
    const chromium = await postJson(
      { token, period: 'pm', temperature: 36.6 },
      { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' },
    );
    expect(chromium.status).toBe(201);
    expect((await postJson({ token, temperature: 36.6 }, { Origin: SITE })).status).toBe(200);
  });

  test('refuses another site’s Origin, and Origin: null that Fetch Metadata says is cross-site', async () => {
    const { token, reference } = await returnee();
    const foreign = await postJson(
      { token, temperature: 36.5 },
      { Origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ error: 'forbidden' });
    const sandboxed = await postJson(
      { token, temperature: 36.5 },
      { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' },
    );
    expect(sandboxed.status).toBe(403);
    const kept = await env.LEDGER.prepare('SELECT count(*) AS n FROM checkins WHERE reference = ?')
      .bind(reference)
      .first<{ n: number }>();
    expect(kept?.n).toBe(0);
  });
});

describe('the half-day a reading is for', () => {
  test('is morning before noon and afternoon from noon, Shanghai time, when not given', async () => {
    const { token } = await returnee();
    const today = shanghaiDate();
    const at = (time: string) =>
      callWorker(
        new Request(API, {
          method: 'POST',
          headers: JSON_TYPE,
          body: JSON.stringify({ token, temperature: 36.5 }),
        }),
        { ...env, FIXED_NOW: `${today}T${time}+08:00` },
      );
    // 11:59 in Shanghai is 03:59 UTC, 12:00 is 04:00 UTC: the server's UTC clock is not used.
    expect(await (await at('11:59:59')).json()).toMatchObject({ period: 'am', date: today });
    expect(await (await at('12:00:00')).json()).toMatchObject({ period: 'pm', date: today });
    expect(await (await at('00:00:00')).json()).toMatchObject({ period: 'am', date: today });
  });
});

describe('the no-JS form when a report cannot be taken', () => {
  test('gets a Chinese page with the duty phone and the way back, never JSON', async () => {
    const { token } = await returnee();
    const cases = [
      [
        403,
        post(formBody({ token, temperature: '36.5' }), { ...FORM, Origin: 'https://a.example' }),
      ],
      [413, post(formBody({ token, temperature: '36.5', note: '长'.repeat(6000) }), FORM)],
      // Not UTF-8: the form cannot be read.
      [400, post(new Uint8Array([0x74, 0x3d, 0xff, 0xfe]), FORM)],
    ] as const;
    for (const [status, pending] of cases) {
      const response = await pending;
      expect(response.status).toBe(status);
      expectPageHeaders(response);
      const page = await response.text();
      expect(page).toContain('<title>报告还没有送出');
      expect(page).toContain('您的健康报告还没有送到网格员那里。');
      expect(page).toContain('值班电话 <a class="phone" href="tel:0571-63801000">');
      // No link could be read from these posts: the way back is the home page.
      expect(page).toContain('<a href="/">返回首页</a>');
      expect(page).not.toContain('{"error"');
    }
  });

  test('is told to wait a minute when rate limited, with Retry-After and a link back to its form', async () => {
    const { token } = await returnee();
    const limited = { ...env, SUBMIT_LIMIT: { limit: () => Promise.resolve({ success: false }) } };
    const request = (headers: Record<string, string>, body: string) =>
      new Request(API, { method: 'POST', headers, body });
    const page = await callWorker(
      request(FORM, formBody({ token, period: 'am', temperature: '36.5' })),
      limited,
    );
    expect(page.status).toBe(429);
    expect(Number(page.headers.get('Retry-After'))).toBeGreaterThan(0);
    expectPageHeaders(page);
    const text = await page.text();
    expect(text).toContain('请等一分钟，再点“提交今天的报告”');
    expect(text).toContain(`<a class="button" href="/checkin/${token}/">返回今日健康报告</a>`);
    const json = await callWorker(request(JSON_TYPE, JSON.stringify({ token })), limited);
    expect(json.status).toBe(429);
    expect(await json.json()).toEqual({ error: 'rate_limited' });
    expectApiHeaders(json);
  });

  test('lets 60 check-ins a minute from one address through before 429, with Retry-After', async () => {
    const headers = { ...JSON_TYPE, 'CF-Connecting-IP': '203.0.113.77' };
    // The limiter counts in minutes of the clock: start well inside one, not at its very end.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
    const statuses: number[] = [];
    for (let index = 0; index < 150; index++) statuses.push((await post('{}', headers)).status);
    expect(statuses.slice(0, 60).every((status) => status === 422)).toBe(true);
    const limited = await post('{}', headers);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: 'rate_limited' });
    const retryAfter = Number(limited.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Declarations from the same address count apart: a village's check-ins never block them.
    const declaration = await SELF.fetch(`${SITE}/api/declarations`, {
      method: 'POST',
      headers,
      body: '{}',
    });
    expect(declaration.status).toBe(422);
  }, 30_000);
});
