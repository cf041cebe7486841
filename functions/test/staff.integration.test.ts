/** /staff/ in workerd: the auth matrix, grid scoping, masking, follow-ups, reveal, export, audit. */
import { SELF, createExecutionContext, env } from 'cloudflare:test';
import { beforeAll, describe, expect, test } from 'vitest';
import worker from '../src/index';
import { declaration, postJson } from './fixtures';
import { consumed, count } from './ledger';

const SITE = 'https://firstline.test';
const ADMIN = { Authorization: 'Bearer test-admin-token' };
const GRID_2 = { Authorization: 'Bearer test-grid-2-token' };

function staff(path: string, headers: Record<string, string> = {}, init: RequestInit = {}) {
  return SELF.fetch(`${SITE}${path}`, {
    redirect: 'manual',
    ...init,
    headers: { ...headers, ...(init.headers as Record<string, string>) },
  });
}

const people = {
  grid1: declaration({ name: '陈志强', phone: '13700001111', areaId: 'dongshan-2' }),
  grid2: declaration({
    name: '赵桂英',
    phone: '13600002222',
    areaId: 'xixi-1',
    healthCode: 'yellow',
  }),
};
const refs = { grid1: '', grid2: '' };

beforeAll(async () => {
  for (const key of ['grid1', 'grid2'] as const) {
    refs[key] = (await (await postJson(people[key])).json<{ reference: string }>()).reference;
    await consumed(refs[key]);
  }
});

describe('signing in', () => {
  test('every staff path answers 401 without credentials or with a wrong token', async () => {
    for (const path of [
      '/staff/',
      '/staff/api/declarations',
      '/staff/export?format=csv',
      `/staff/declarations/${refs.grid1}/`,
      '/staff/audit/',
      '/staff/anything',
    ]) {
      for (const headers of [
        {},
        { Authorization: 'Bearer wrong' },
        { Authorization: `Basic ${btoa('x:wrong')}` },
        { Authorization: 'Bearer ' },
      ]) {
        const response = await staff(path, headers);
        expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(response.headers.get('WWW-Authenticate')).toContain('Basic');
        expect(response.headers.get('Cache-Control')).toBe('no-store');
      }
    }
  });

  test('answers 401 however the staff path is written', async () => {
    for (const path of [
      '/staff',
      '//staff/',
      '/%73taff/',
      '/st%61ff/audit/',
      '/staff%2F',
      '/%2e%2e/staff/',
    ]) {
      for (const accept of ['text/html', 'application/json']) {
        const response = await staff(path, { Accept: accept });
        expect(response.status, `${path} ${accept}`).toBe(401);
      }
    }
    // Signed in, the odd spellings lead to the real address.
    const signedIn = await staff('//staff/', ADMIN);
    expect(signedIn.status).toBe(308);
    expect(signedIn.headers.get('Location')).toBe('/staff/');
  });

  test('refuses a bearer token with anything after it, and other schemes', async () => {
    for (const authorization of [
      'Bearer test-admin-token junk',
      'Bearer test-admin-token,other',
      'Bearertest-admin-token',
      'Token test-admin-token',
      `Basic ${btoa('x:test-admin-token')} junk`,
      `Basic ${btoa('test-admin-token')}`,
    ]) {
      expect(
        (await staff('/staff/api/declarations', { Authorization: authorization })).status,
        authorization,
      ).toBe(401);
    }
    expect(
      (await staff('/staff/api/declarations', { Authorization: 'bearer  test-admin-token ' }))
        .status,
    ).toBe(200);
    expect(
      (
        await staff('/staff/api/declarations', {
          Authorization: `Basic ${btoa('x:test-admin-token')}`,
        })
      ).status,
    ).toBe(200);
  });

  test('sends the page’s whole CSP and the static pages’ security headers on staff pages', async () => {
    const page = await staff('/staff/', { ...ADMIN, Accept: 'text/html' });
    const login = await staff('/staff/', { Accept: 'text/html' });
    const built = await SELF.fetch(`${SITE}/`);
    for (const response of [page, login]) {
      const csp = response.headers.get('Content-Security-Policy') ?? '';
      expect(csp).toMatch(/^default-src 'self';.*script-src 'self'.*; frame-ancestors 'none'$/);
      for (const header of ['X-Frame-Options', 'Permissions-Policy', 'X-Content-Type-Options']) {
        expect(response.headers.get(header), header).toBe(built.headers.get(header));
        expect(response.headers.get(header), header).toBeTruthy();
      }
      expect(response.headers.get('Cache-Control')).toBe('no-store');
      expect(response.headers.get('X-Robots-Tag')).toBe('noindex');
    }
    expect(await login.text()).toContain('<h1>请登录</h1>');
  });

  test('refuses an account whose grid is not one of community.yaml', async () => {
    expect(
      (await staff('/staff/api/declarations', { Authorization: 'Bearer test-empty-grid-token' }))
        .status,
    ).toBe(401);
  });

  test('answers 405 to a POST on a declaration without an action', async () => {
    const response = await staff(`/staff/declarations/${refs.grid2}/`, GRID_2, {
      method: 'POST',
      headers: { Origin: SITE, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'status=cleared',
    });
    expect(response.status).toBe(405);
  });

  test('accepts the token as a bearer token and as the HTTP Basic password', async () => {
    expect((await staff('/staff/api/declarations', ADMIN)).status).toBe(200);
    const basic = await staff('/staff/declarations/', {
      Authorization: `Basic ${btoa('staff:test-admin-token')}`,
      Accept: 'text/html',
    });
    expect(basic.status).toBe(200);
    expect(await basic.text()).toContain('<h1>报备台账</h1>');
  });
});

describe('grid scoping and masking', () => {
  test('an admin sees every grid, newest first, with names, phones and ID numbers masked', async () => {
    const { items } = await (
      await staff('/staff/api/declarations', ADMIN)
    ).json<{ items: Record<string, string>[] }>();
    const mine = items.filter(
      (item) => item['reference'] === refs.grid1 || item['reference'] === refs.grid2,
    );
    expect(mine.map((item) => item['reference'])).toEqual([refs.grid2, refs.grid1]);
    expect(mine[0]).toMatchObject({
      gridId: 'grid-2',
      areaId: 'xixi-1',
      risk: 'medium',
      status: 'new',
      name: '赵**',
      phone: '136****2222',
    });
    expect(mine[0]?.['idNumber']).toMatch(/^\d{3}\*+\d{2}$|^\d{3}\*+\dX$/);
    const text = JSON.stringify(items);
    for (const secret of ['赵桂英', '13600002222', String(people.grid2['idNumber'])])
      expect(text).not.toContain(secret);
  });

  test('a grid worker sees only their own grid and cannot open another grid’s declaration', async () => {
    const { items } = await (
      await staff('/staff/api/declarations', GRID_2)
    ).json<{ items: { gridId: string; reference: string }[] }>();
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((item) => item.gridId))).toEqual(new Set(['grid-2']));
    expect((await staff(`/staff/declarations/${refs.grid1}/`, GRID_2)).status).toBe(404);
    expect((await staff(`/staff/declarations/${refs.grid2}/`, GRID_2)).status).toBe(200);
    expect((await staff('/staff/api/declarations?grid=grid-1', GRID_2)).status).toBe(200);
    const forced = await (
      await staff('/staff/api/declarations?grid=grid-1', GRID_2)
    ).json<{ items: { gridId: string }[] }>();
    expect(forced.items.every((item) => item.gridId === 'grid-2')).toBe(true);
  });

  test('filters by risk, area, status and date, and caps the limit at 1,000', async () => {
    const byRisk = await (
      await staff('/staff/api/declarations?risk=medium', ADMIN)
    ).json<{ items: { risk: string }[] }>();
    expect(byRisk.items.every((item) => item.risk === 'medium')).toBe(true);
    const byArea = await (
      await staff('/staff/api/declarations?area=dongshan-2', ADMIN)
    ).json<{ items: { areaId: string }[] }>();
    expect(byArea.items.length).toBeGreaterThan(0);
    expect(byArea.items.every((item) => item.areaId === 'dongshan-2')).toBe(true);
    const future = await (
      await staff('/staff/api/declarations?from=2999-01-01', ADMIN)
    ).json<{ items: unknown[] }>();
    expect(future.items).toEqual([]);
    const limited = await (
      await staff('/staff/api/declarations?limit=1', ADMIN)
    ).json<{ items: unknown[] }>();
    expect(limited.items).toHaveLength(1);
    expect((await staff('/staff/api/declarations?limit=99999', ADMIN)).status).toBe(200);
  });

  test('the list page masks identifiers by default', async () => {
    const page = await (await staff('/staff/declarations/', ADMIN)).text();
    expect(page).toContain(refs.grid1);
    expect(page).toContain('陈**');
    expect(page).not.toContain('陈志强');
    expect(page).not.toContain('13700001111');
  });
});

describe('following up', () => {
  test('records a follow-up, changes the status, and writes an audit record without personal data', async () => {
    const before = await count('audit_log', "action = 'status'");
    const response = await staff(`/staff/declarations/${refs.grid2}/follow-ups`, GRID_2, {
      method: 'POST',
      headers: { Origin: SITE, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ status: 'contacted', note: '已电话联系，居家监测' }).toString(),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(`/staff/declarations/${refs.grid2}/`);
    const detail = await (await staff(`/staff/declarations/${refs.grid2}/`, GRID_2)).text();
    expect(detail).toContain('已电话联系，居家监测');
    expect(detail).toContain('已联系');
    expect(await count('audit_log', "action = 'status'")).toBe(before + 1);
    const { items } = await (
      await staff('/staff/api/declarations?status=contacted', ADMIN)
    ).json<{ items: { reference: string }[] }>();
    expect(items.map((item) => item.reference)).toContain(refs.grid2);
  });

  test('refuses a follow-up posted from another site, and an unknown status', async () => {
    const foreign = await staff(`/staff/declarations/${refs.grid2}/follow-ups`, GRID_2, {
      method: 'POST',
      headers: {
        Origin: 'https://evil.example',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'status=cleared',
    });
    expect(foreign.status).toBe(403);
    const unknown = await staff(`/staff/declarations/${refs.grid2}/follow-ups`, GRID_2, {
      method: 'POST',
      headers: { Origin: SITE, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'status=deleted',
    });
    expect(unknown.status).toBe(422);
  });

  test('shows the monitoring schedule with its test days', async () => {
    const detail = await (await staff(`/staff/declarations/${refs.grid2}/`, GRID_2)).text();
    expect(detail).toMatch(/到 \d{4}年\d+月\d+日，共 14 天/);
    expect((detail.match(/class="test/g) ?? []).length).toBe(3);
  });

  test('reveals the full identifiers only on an explicit, audited request', async () => {
    const masked = await (await staff(`/staff/declarations/${refs.grid2}/`, GRID_2)).text();
    expect(masked).not.toContain(String(people.grid2['idNumber']));
    const before = await count('audit_log', "action = 'reveal' AND reference = ?", refs.grid2);
    const revealed = await staff(`/staff/declarations/${refs.grid2}/reveal`, GRID_2, {
      method: 'POST',
      headers: { Origin: SITE },
    });
    expect(revealed.status).toBe(200);
    const page = await revealed.text();
    expect(page).toContain(String(people.grid2['idNumber']));
    expect(page).toContain('href="tel:13600002222"');
    expect(await count('audit_log', "action = 'reveal' AND reference = ?", refs.grid2)).toBe(
      before + 1,
    );
  });
});

describe('export', () => {
  test('exports CSV in UTF-8 with a BOM, ID numbers and phones kept as text, and audits it', async () => {
    const before = await count('audit_log', "action = 'export'");
    const response = await staff('/staff/export?format=csv', ADMIN);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('text/csv');
    expect(response.headers.get('Content-Disposition')).toContain('.csv');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    // RFC 4180 quotes a field holding quotes: "=""...""" is the formula ="...", text in Excel and WPS.
    expect(text).toContain(`"=""${String(people.grid2['idNumber'])}"""`);
    expect(text).toContain('"=""13600002222"""');
    expect(text).toContain('赵桂英');
    expect(await count('audit_log', "action = 'export'")).toBe(before + 1);
  });

  test('exports only the grid worker’s own grid, as a real xlsx', async () => {
    const response = await staff('/staff/export?format=xlsx', GRID_2);
    expect(response.headers.get('Content-Type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(String.fromCharCode(...bytes.slice(0, 4))).toBe('PK\x03\x04');
    const csv = new TextDecoder().decode(
      await (await staff('/staff/export?format=csv', GRID_2)).arrayBuffer(),
    );
    expect(csv).toContain('赵桂英');
    expect(csv).not.toContain('陈志强');
  });

  test('the audit log names who did what to which reference, never a resident’s data', async () => {
    const { results } = await env.LEDGER.prepare(
      'SELECT actor, action, reference, detail FROM audit_log',
    ).all<Record<string, string>>();
    expect(results.length).toBeGreaterThanOrEqual(3);
    const text = JSON.stringify(results);
    for (const person of Object.values(people)) {
      for (const field of ['name', 'phone', 'idNumber', 'addressDetail'])
        expect(text).not.toContain(String(person[field]));
    }
    const page = await (await staff('/staff/audit/', ADMIN)).text();
    expect(page).toContain('查看完整信息');
    expect((await staff('/staff/audit/', GRID_2)).status).toBe(403);
  });
});

describe('what residents typed', () => {
  test('shows as text on every staff page, never as markup', async () => {
    const markup = {
      addressDetail: '<script>alert(1)</script>',
      originDetail: '"><img src=x onerror=alert(2)>',
      transportDetail: '<svg onload=alert(3)>',
      note: '<iframe src=javascript:alert(4)></iframe>\'"',
    };
    const sent = declaration({ ...markup, areaId: 'xixi-1' });
    const { reference } = await (await postJson(sent)).json<{ reference: string }>();
    await consumed(reference);
    const form = new URLSearchParams({ status: 'contacted', note: '<script>alert(5)</script>' });
    await staff(`/staff/declarations/${reference}/follow-ups`, ADMIN, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: SITE },
      body: form.toString(),
    });
    const reveal = { method: 'POST', headers: { Origin: SITE } };
    const pages = [
      await staff('/staff/declarations/?area=xixi-1', ADMIN),
      await staff(`/staff/declarations/${reference}/`, ADMIN),
      await staff(`/staff/declarations/${reference}/reveal`, ADMIN, reveal),
      await staff('/staff/audit/', ADMIN),
    ];
    for (const page of pages) {
      const text = await page.text();
      expect(page.status).toBe(200);
      expect(text).not.toMatch(/<(script|img|svg|iframe)[^>]*alert/i);
    }
    const detail = await (await staff(`/staff/declarations/${reference}/`, ADMIN)).text();
    // The text is all there, its `<` escaped (a `>` alone opens nothing).
    expect(detail).toMatch(/&lt;script(&gt;|>)alert\(1\)&lt;\/script/);
    expect(detail).toMatch(/&lt;SVG ONLOAD=ALERT\(3\)/);
    expect(detail).toMatch(/&lt;script(&gt;|>)alert\(5\)/);
  });
});

describe('Cloudflare Access', () => {
  async function keyPair() {
    const pair = (await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const jwk = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey;
    return {
      pair,
      jwks: JSON.stringify({ keys: [{ ...jwk, kid: 'k1', alg: 'RS256', use: 'sig' }] }),
    };
  }
  const b64 = (text: string) =>
    btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  async function sign(key: CryptoKey, claims: Record<string, unknown>) {
    const input = `${b64(JSON.stringify({ alg: 'RS256', kid: 'k1', typ: 'JWT' }))}.${b64(JSON.stringify(claims))}`;
    const signature = new Uint8Array(
      await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, new TextEncoder().encode(input)),
    );
    return `${input}.${b64(String.fromCharCode(...signature))}`;
  }

  test('signs in a mapped Access identity scoped to its grid, and refuses an unmapped one', async () => {
    const { pair, jwks } = await keyPair();
    const team = 'https://qinghe.cloudflareaccess.com';
    const bindings = { ...env, ACCESS_TEAM_DOMAIN: team, ACCESS_AUD: 'aud-tag', ACCESS_JWKS: jwks };
    const now = Math.floor(Date.now() / 1000);
    const call = async (email: string) => {
      const token = await sign(pair.privateKey, {
        iss: team,
        aud: ['aud-tag'],
        email,
        exp: now + 300,
        iat: now,
      });
      const request = new Request(`${SITE}/staff/api/declarations`, {
        headers: { 'Cf-Access-Jwt-Assertion': token },
      });
      return worker.fetch(
        request as Parameters<typeof worker.fetch>[0],
        bindings,
        createExecutionContext(),
      );
    };
    const mapped = await call('wang@qinghe.example');
    expect(mapped.status).toBe(200);
    const { items } = await mapped.json<{ items: { gridId: string }[] }>();
    expect(items.every((item) => item.gridId === 'grid-4')).toBe(true);
    expect((await call('stranger@example.com')).status).toBe(401);
  });

  test('answers 401, not 500, when the team’s keys cannot be fetched, and the token still works', async () => {
    const { pair } = await keyPair();
    // No ACCESS_JWKS: the keys would come from a team domain that refuses the connection.
    const team = 'https://127.0.0.1:9';
    const bindings = { ...env, ACCESS_TEAM_DOMAIN: team, ACCESS_AUD: 'aud-tag', ACCESS_JWKS: '' };
    const now = Math.floor(Date.now() / 1000);
    const token = await sign(pair.privateKey, {
      iss: team,
      aud: 'aud-tag',
      email: 'wang@qinghe.example',
      exp: now + 300,
    });
    const call = (headers: Record<string, string>) =>
      worker.fetch(
        new Request(`${SITE}/staff/api/declarations`, { headers }) as Parameters<
          typeof worker.fetch
        >[0],
        bindings,
        createExecutionContext(),
      );
    expect((await call({ 'Cf-Access-Jwt-Assertion': token })).status).toBe(401);
    const both = await call({
      'Cf-Access-Jwt-Assertion': token,
      Authorization: 'Bearer test-admin-token',
    });
    expect(both.status).toBe(200);
  });

  test('skips STAFF_ACCOUNTS entries that are not accounts and keeps the rest', async () => {
    const bindings = {
      ...env,
      STAFF_ACCOUNTS: JSON.stringify([
        { token: 42, grid: 'grid-1' },
        'grid-1',
        null,
        { token: 'test-grid-3-token', grid: 'grid-3' },
      ]),
    };
    const call = (token: string) =>
      worker.fetch(
        new Request(`${SITE}/staff/api/declarations`, {
          headers: { Authorization: `Bearer ${token}` },
        }) as Parameters<typeof worker.fetch>[0],
        bindings,
        createExecutionContext(),
      );
    expect((await call('42')).status).toBe(401);
    const kept = await call('test-grid-3-token');
    expect(kept.status).toBe(200);
    const { items } = await kept.json<{ items: { gridId: string }[] }>();
    expect(items.every((item) => item.gridId === 'grid-3')).toBe(true);
  });
});
