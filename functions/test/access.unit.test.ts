/** Cloudflare Access token checks in workerd, with keys generated and tokens signed by the test. */
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  accessKeys,
  staticKeys,
  verifyAccessJwt,
  type AccessJwk,
  type AccessOptions,
} from '../src/staff/access';

const TEAM = 'https://qinghe.cloudflareaccess.com';
const AUD = '32eafc7626e974616deaf0dc3ce63d7bcbed58a2731e84d06bc3cdf1b53c4228';
const NOW = 1_760_000_000;

const encoder = new TextEncoder();

function base64url(data: string | ArrayBuffer | Uint8Array): string {
  const bytes = typeof data === 'string' ? encoder.encode(data) : new Uint8Array(data);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

interface SigningKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: AccessJwk;
}

/** A fresh RS256 key pair whose public half is published under `kid`. */
async function rsaKey(kid: string, modulusLength = 2048): Promise<SigningKey> {
  const pair = await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  );
  if (!('privateKey' in pair)) throw new Error('expected a key pair');
  const exported = await crypto.subtle.exportKey('jwk', pair.publicKey);
  if (exported instanceof ArrayBuffer) throw new Error('expected a JWK');
  return { ...pair, jwk: { ...exported, kid, alg: 'RS256', use: 'sig' } };
}

const current = await rsaKey('current-2026');
const stranger = await rsaKey('stranger');

/** Claims as Access puts them in an application token (Cloudflare Access docs). */
function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    aud: [AUD],
    email: 'chen.guoliang@qinghe.example.cn',
    exp: NOW + 600,
    iat: NOW - 5,
    nbf: NOW - 5,
    iss: TEAM,
    type: 'app',
    identity_nonce: '6ei69kawdKzMIAPF',
    sub: '7335d417-61da-459d-899c-0a01c76a2f94',
    country: 'CN',
    ...overrides,
  };
}

/** Signs `payload` as a compact JWS with RS256 and `current`'s kid unless told otherwise. */
async function sign(
  payload: Record<string, unknown> = claims(),
  { key = current, header = {} }: { key?: SigningKey; header?: Record<string, unknown> } = {},
): Promise<string> {
  const head = base64url(
    JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'current-2026', ...header }),
  );
  const body = base64url(JSON.stringify(payload));
  const signature = await crypto.subtle.sign(
    'RSASSA-PKCS1-v1_5',
    key.privateKey,
    encoder.encode(`${head}.${body}`),
  );
  return `${head}.${body}.${base64url(signature)}`;
}

function options(overrides: Partial<AccessOptions> = {}): AccessOptions {
  return {
    teamDomain: TEAM,
    audience: AUD,
    keys: staticKeys({ keys: [current.jwk] }),
    now: NOW,
    ...overrides,
  };
}

async function verify(token: string, overrides: Partial<AccessOptions> = {}) {
  return verifyAccessJwt(token, options(overrides));
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('a valid token', () => {
  test('gives the email and subject of the staff member', async () => {
    expect(await verify(await sign())).toEqual({
      ok: true,
      email: 'chen.guoliang@qinghe.example.cn',
      subject: '7335d417-61da-459d-899c-0a01c76a2f94',
    });
  });

  test('is accepted with the audience as a string', async () => {
    expect(await verify(await sign(claims({ aud: AUD })))).toMatchObject({ ok: true });
  });

  test('is accepted with the audience among others in an array', async () => {
    const token = await sign(claims({ aud: ['another-application', AUD] }));
    expect(await verify(token)).toMatchObject({ ok: true });
  });

  test('is accepted without a typ header', async () => {
    expect(await verify(await sign(claims(), { header: { typ: undefined } }))).toMatchObject({
      ok: true,
    });
  });

  test('is accepted when the team domain is configured with a trailing slash', async () => {
    expect(await verify(await sign(), { teamDomain: `${TEAM}/` })).toMatchObject({ ok: true });
  });

  test('is accepted up to a minute after it expires, for clock skew', async () => {
    expect(await verify(await sign(claims({ exp: NOW - 50 })))).toMatchObject({ ok: true });
  });

  test('is accepted when the key set also holds keys of other types', async () => {
    const keys = staticKeys({ keys: [{ kty: 'OKP', kid: 'x' }, 'not a key', current.jwk] });
    expect(await verify(await sign(), { keys })).toMatchObject({ ok: true });
  });
});

describe('claims that refuse a token', () => {
  test('an expiry more than a minute ago', async () => {
    expect(await verify(await sign(claims({ exp: NOW - 61 })))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  test('a missing expiry', async () => {
    expect(await verify(await sign(claims({ exp: undefined })))).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  test('a not-before time in the future', async () => {
    expect(await verify(await sign(claims({ nbf: NOW + 120 })))).toEqual({
      ok: false,
      reason: 'not_yet_valid',
    });
  });

  test('an issued-at time in the future', async () => {
    expect(await verify(await sign(claims({ iat: NOW + 120, nbf: undefined })))).toEqual({
      ok: false,
      reason: 'not_yet_valid',
    });
  });

  test('another application’s audience, as a string or an array', async () => {
    expect(await verify(await sign(claims({ aud: 'another-application' })))).toEqual({
      ok: false,
      reason: 'audience',
    });
    expect(await verify(await sign(claims({ aud: ['another-application'] })))).toEqual({
      ok: false,
      reason: 'audience',
    });
  });

  test('a missing audience', async () => {
    expect(await verify(await sign(claims({ aud: undefined })))).toEqual({
      ok: false,
      reason: 'audience',
    });
  });

  test('another team’s issuer', async () => {
    const token = await sign(claims({ iss: 'https://attacker.cloudflareaccess.com' }));
    expect(await verify(token)).toEqual({ ok: false, reason: 'issuer' });
  });

  test('an issuer that only starts with the team domain', async () => {
    const token = await sign(claims({ iss: `${TEAM}.attacker.example` }));
    expect(await verify(token)).toEqual({ ok: false, reason: 'issuer' });
  });

  test('a missing email, as in a service token', async () => {
    const token = await sign(claims({ email: undefined, common_name: 'robot.access' }));
    expect(await verify(token)).toEqual({ ok: false, reason: 'no_email' });
  });

  test('an empty email', async () => {
    expect(await verify(await sign(claims({ email: ' ' })))).toEqual({
      ok: false,
      reason: 'no_email',
    });
  });
});

describe('signatures that refuse a token', () => {
  test('alg none with an empty signature', async () => {
    const head = base64url(JSON.stringify({ alg: 'none', typ: 'JWT', kid: 'current-2026' }));
    const token = `${head}.${base64url(JSON.stringify(claims()))}.`;
    expect(await verify(token)).toEqual({ ok: false, reason: 'algorithm' });
  });

  test('HS256 signed with the public key as the HMAC secret (key confusion)', async () => {
    const secret = await crypto.subtle.exportKey('spki', current.publicKey);
    if (!(secret instanceof ArrayBuffer)) throw new Error('expected SPKI bytes');
    const hmac = await crypto.subtle.importKey(
      'raw',
      secret,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'current-2026' }));
    const body = base64url(JSON.stringify(claims()));
    const mac = await crypto.subtle.sign('HMAC', hmac, encoder.encode(`${head}.${body}`));
    expect(await verify(`${head}.${body}.${base64url(mac)}`)).toEqual({
      ok: false,
      reason: 'algorithm',
    });
  });

  test.each(['RS384', 'PS256', 'ES256', 'rs256', 'None'])('the algorithm %s', async (alg) => {
    expect(await verify(await sign(claims(), { header: { alg } }))).toEqual({
      ok: false,
      reason: 'algorithm',
    });
  });

  test('a kid missing from the key set', async () => {
    const token = await sign(claims(), { key: stranger, header: { kid: 'stranger' } });
    expect(await verify(token)).toEqual({ ok: false, reason: 'unknown_key' });
  });

  test('a token without a kid', async () => {
    expect(await verify(await sign(claims(), { header: { kid: undefined } }))).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
  });

  test('a kid that names a symmetric key', async () => {
    const keys = staticKeys({ keys: [{ kty: 'oct', kid: 'current-2026', k: 'c2VjcmV0' }] });
    expect(await verify(await sign(), { keys })).toEqual({ ok: false, reason: 'unknown_key' });
  });

  test('a kid that names an RSA key shorter than 2048 bits', async () => {
    const short = await rsaKey('short', 1024);
    const token = await sign(claims(), { key: short, header: { kid: 'short' } });
    expect(await verify(token, { keys: staticKeys({ keys: [short.jwk] }) })).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
  });

  test('a token signed by another key under a known kid', async () => {
    expect(await verify(await sign(claims(), { key: stranger }))).toEqual({
      ok: false,
      reason: 'signature',
    });
  });

  test('a payload changed after signing', async () => {
    const [head, , signature] = (await sign()).split('.');
    const forged = base64url(JSON.stringify(claims({ email: 'admin@qinghe.example.cn' })));
    expect(await verify(`${head}.${forged}.${signature}`)).toEqual({
      ok: false,
      reason: 'signature',
    });
  });

  test('a signature of the right length that is all zeros', async () => {
    const [head, body] = (await sign()).split('.');
    const zeros = base64url(new Uint8Array(256));
    expect(await verify(`${head}.${body}.${zeros}`)).toEqual({ ok: false, reason: 'signature' });
  });
});

describe('malformed tokens', () => {
  const head = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'current-2026' }));
  const body = base64url(JSON.stringify(claims()));
  const cases: [string, string][] = [
    ['an empty string', ''],
    ['two parts', `${head}.${body}`],
    ['four parts', `${head}.${body}.c2ln.c2ln`],
    ['base64 with padding', `${head}=.${body}.c2ln`],
    ['standard base64 characters', `${head}.${body}.c2/+`],
    ['a part of impossible length', `${head}.${body}.abcde`],
    ['characters outside base64url', `${head}.${body}.sig!`],
    ['a header that is not JSON', `${base64url('{"alg":"RS256"')}.${body}.c2ln`],
    ['a payload that is not JSON', `${head}.${base64url('email=chen')}.c2ln`],
    ['a payload that is a JSON array', `${head}.${base64url('[1,2]')}.c2ln`],
    ['a payload that is JSON null', `${head}.${base64url('null')}.c2ln`],
    [
      'a payload that is not UTF-8',
      `${head}.${base64url(new Uint8Array([0x7b, 0xff, 0x7d]))}.c2ln`,
    ],
    ['an empty header', `.${body}.c2ln`],
  ];

  test.each(cases)('%s', async (_name, token) => {
    expect(await verify(token)).toEqual({ ok: false, reason: 'malformed' });
  });

  test('a typ other than JWT', async () => {
    expect(await verify(await sign(claims(), { header: { typ: 'at+jwt' } }))).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  test('a crit header the verifier does not understand', async () => {
    expect(await verify(await sign(claims(), { header: { crit: ['exp'] } }))).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});

describe('configuration', () => {
  test('an empty audience is a configuration error, not a pass', async () => {
    await expect(
      verify(await sign(claims({ aud: [''] })), { audience: '' }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: The Access audience is empty: set it to the application’s AUD tag.]`,
    );
  });

  test('a team domain that is not an https origin is a configuration error', async () => {
    await expect(
      verify(await sign(), { teamDomain: 'qinghe.cloudflareaccess.com' }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: The Access team domain must look like https://<team>.cloudflareaccess.com, not "qinghe.cloudflareaccess.com".]`,
    );
    expect(() => accessKeys('http://qinghe.cloudflareaccess.com')).toThrow(/https:\/\/<team>/);
  });

  test('a fixed key set given as JSON text verifies tokens', async () => {
    const keys = staticKeys(JSON.stringify({ keys: [current.jwk] }));
    expect(await verify(await sign(), { keys })).toMatchObject({ ok: true });
  });

  test('a fixed key set that is not JSON or not a key set is refused with a hint', () => {
    expect(() => staticKeys('<html>')).toThrowErrorMatchingInlineSnapshot(
      `[Error: The Access key set is not JSON: paste the body of https://<team>.cloudflareaccess.com/cdn-cgi/access/certs.]`,
    );
    expect(() => staticKeys({ kty: 'RSA' })).toThrowErrorMatchingInlineSnapshot(
      `[Error: The Access key set is not a JSON Web Key Set: expected {"keys": [...]}.]`,
    );
  });
});

/** The outside network: answers the certs URL with the given key sets in turn, counting calls. */
function certsServer(...sets: AccessJwk[][]) {
  const calls: string[] = [];
  const fetcher: typeof fetch = async (input) => {
    calls.push(input instanceof Request ? input.url : String(input));
    const keys = sets[Math.min(calls.length, sets.length) - 1] ?? [];
    return Response.json({ keys, public_cert: { kid: 'ignored' } });
  };
  return { calls, fetcher };
}

// Each test uses its own team, because the cache lives in module memory like in production.
describe('accessKeys', () => {
  test('fetches the team’s certs once and serves later tokens from memory', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW * 1000);
    const team = 'https://cache-once.cloudflareaccess.com';
    const { calls, fetcher } = certsServer([current.jwk]);
    const keys = accessKeys(team, fetcher);
    for (let i = 0; i < 3; i++) {
      const token = await sign(claims({ iss: team }));
      expect(await verify(token, { teamDomain: team, keys, now: undefined })).toMatchObject({
        ok: true,
      });
    }
    expect(calls).toEqual(['https://cache-once.cloudflareaccess.com/cdn-cgi/access/certs']);
  });

  test('shares the cache between sources for the same team', async () => {
    const team = 'https://cache-shared.cloudflareaccess.com';
    const { calls, fetcher } = certsServer([current.jwk]);
    await accessKeys(team, fetcher)();
    await accessKeys(`${team}/`, fetcher)();
    expect(calls).toHaveLength(1);
  });

  test('fetches again once the cached set is five minutes old', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW * 1000);
    const { calls, fetcher } = certsServer([current.jwk]);
    const keys = accessKeys('https://cache-expiry.cloudflareaccess.com', fetcher);
    await keys('current-2026');
    vi.setSystemTime(NOW * 1000 + 4 * 60_000);
    await keys('current-2026');
    expect(calls).toHaveLength(1);
    vi.setSystemTime(NOW * 1000 + 5 * 60_000);
    await keys('current-2026');
    expect(calls).toHaveLength(2);
  });

  test('refetches once when a token names an unknown kid, to follow a key rotation', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW * 1000);
    const team = 'https://rotation.cloudflareaccess.com';
    const rotated = await rsaKey('next-2026');
    const { calls, fetcher } = certsServer([current.jwk], [rotated.jwk, current.jwk]);
    const opts = { teamDomain: team, keys: accessKeys(team, fetcher) };
    expect(await verify(await sign(claims({ iss: team })), opts)).toMatchObject({ ok: true });
    vi.setSystemTime(NOW * 1000 + 90_000);
    const token = await sign(claims({ iss: team }), { key: rotated, header: { kid: 'next-2026' } });
    expect(await verify(token, opts)).toMatchObject({ ok: true });
    expect(await verify(await sign(claims({ iss: team })), opts)).toMatchObject({ ok: true });
    expect(calls).toHaveLength(2);
  });

  test('refetches for unknown kids at most once a minute', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW * 1000);
    const team = 'https://made-up-kids.cloudflareaccess.com';
    const { calls, fetcher } = certsServer([current.jwk]);
    const opts = { teamDomain: team, keys: accessKeys(team, fetcher) };
    const madeUp = (kid: string) => sign(claims({ iss: team }), { key: stranger, header: { kid } });
    expect(await verify(await madeUp('a'), opts)).toEqual({ ok: false, reason: 'unknown_key' });
    expect(await verify(await madeUp('b'), opts)).toEqual({ ok: false, reason: 'unknown_key' });
    expect(calls).toHaveLength(1);
    vi.setSystemTime(NOW * 1000 + 60_000);
    expect(await verify(await madeUp('c'), opts)).toEqual({ ok: false, reason: 'unknown_key' });
    expect(await verify(await madeUp('d'), opts)).toEqual({ ok: false, reason: 'unknown_key' });
    expect(calls).toHaveLength(2);
  });

  test('shares one fetch between concurrent requests', async () => {
    const { calls, fetcher } = certsServer([current.jwk]);
    const keys = accessKeys('https://concurrent.cloudflareaccess.com', fetcher);
    const sets = await Promise.all([keys(), keys('current-2026'), keys('other')]);
    expect(sets.map((set) => set.keys.length)).toEqual([1, 1, 1]);
    expect(calls).toHaveLength(1);
  });

  test('keeps the last key set when a refresh fails, and retries a minute later', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW * 1000);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let answers = 0;
    const fetcher: typeof fetch = async () => {
      answers += 1;
      return answers === 1
        ? Response.json({ keys: [current.jwk] })
        : new Response('upstream down', { status: 503 });
    };
    const keys = accessKeys('https://flaky.cloudflareaccess.com', fetcher);
    await keys();
    vi.setSystemTime(NOW * 1000 + 6 * 60_000);
    expect((await keys('current-2026')).keys).toEqual([current.jwk]);
    expect(warn).toHaveBeenCalledOnce();
    await keys('current-2026');
    expect(answers).toBe(2);
    vi.setSystemTime(NOW * 1000 + 7 * 60_000);
    await keys('current-2026');
    expect(answers).toBe(3);
  });

  test('explains a first fetch that fails', async () => {
    const fetcher: typeof fetch = async () => new Response('not found', { status: 404 });
    const keys = accessKeys('https://missing-team.cloudflareaccess.com', fetcher);
    await expect(keys()).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: Could not load the Cloudflare Access keys from https://missing-team.cloudflareaccess.com/cdn-cgi/access/certs (HTTP 404). Check the team domain, or pass the key set with staticKeys().]`,
    );
  });

  test('explains a certs answer that is not a key set', async () => {
    const fetcher: typeof fetch = async () => Response.json({ error: 'nope' });
    const keys = accessKeys('https://odd-answer.cloudflareaccess.com', fetcher);
    await expect(keys()).rejects.toThrow(/not a JSON Web Key Set/);
  });
});
