/**
 * Cloudflare Access for the staff pages: verifies the `Cf-Access-Jwt-Assertion` token (RS256, the
 * team's key set, `iss`, `aud`, expiry) with WebCrypto alone (PRODUCT.md §7).
 */

/** The request header in which Access hands the origin its signed token. */
export const ACCESS_JWT_HEADER = 'Cf-Access-Jwt-Assertion';

/** A public key of an Access key set: a JWK that names itself with `kid`. */
export type AccessJwk = JsonWebKey & { kid?: string };

/** A JSON Web Key Set as `https://<team>.cloudflareaccess.com/cdn-cgi/access/certs` serves it. */
export interface AccessKeySet {
  keys: AccessJwk[];
}

/**
 * Where the verifier gets its keys; it passes the `kid` it looks for, so a source may refetch
 * when a key is new to it.
 */
export type AccessKeySource = (kid?: string) => Promise<AccessKeySet>;

/** Why a token was refused: for the log, never for the response body. */
export type AccessDenial =
  | 'malformed'
  | 'algorithm'
  | 'unknown_key'
  | 'signature'
  | 'expired'
  | 'not_yet_valid'
  | 'audience'
  | 'issuer'
  | 'no_email';

/** The outcome of {@link verifyAccessJwt}. */
export type AccessResult =
  { ok: true; email: string; subject: string } | { ok: false; reason: AccessDenial };

/** What {@link verifyAccessJwt} checks a token against. */
export interface AccessOptions {
  /** The team domain, e.g. `https://qinghe.cloudflareaccess.com`; also the expected `iss`. */
  teamDomain: string;
  /** The Access application's AUD tag. */
  audience: string;
  /** The team's public keys: {@link accessKeys} in production, {@link staticKeys} offline. */
  keys: AccessKeySource;
  /** The current time in seconds since the epoch; tests pin it. */
  now?: number | undefined;
}

// RFC 7519 §4.1.4–4.1.5 allow "some small leeway" for clock skew between Access and the Worker.
const CLOCK_SKEW_SECONDS = 60;
// Access rotates its signing key every 6 weeks and keeps the previous one valid for 7 days
// (Cloudflare Access docs, "Validate JWTs"), so a few minutes of caching is safe.
const CACHE_MS = 5 * 60_000;
// A flood of made-up `kid`s must not become a flood of requests to Cloudflare.
const REFETCH_MIN_MS = 60_000;

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Verifies a Cloudflare Access token and gives the signed-in email, or the reason it was refused.
 * Rejects (instead of resolving) only when the options are misconfigured or the key source fails.
 */
export async function verifyAccessJwt(
  token: string,
  options: AccessOptions,
): Promise<AccessResult> {
  const issuer = teamOrigin(options.teamDomain);
  if (options.audience.trim() === '') {
    throw new Error('The Access audience is empty: set it to the application’s AUD tag.');
  }
  // RFC 7515 §7.1: compact serialisation is exactly three base64url parts; the signature part is
  // empty only for `alg: none`, which the algorithm check below refuses.
  const parts = token.split('.');
  if (parts.length !== 3) return deny('malformed');
  const [encodedHeader = '', encodedPayload = '', encodedSignature = ''] = parts;
  const header = decodeJson(encodedHeader);
  const payload = decodeJson(encodedPayload);
  const signature = decodeBase64url(encodedSignature);
  if (!header || !payload || !signature) return deny('malformed');

  // RFC 8725 §2.1, §3.1: the token names its own algorithm, so trust none but the one Access uses.
  // This refuses `none` and HS256 signed with the public key as HMAC secret (key confusion).
  if (header['alg'] !== 'RS256') return deny('algorithm');
  // RFC 7519 §5.1 (`typ`) and RFC 7515 §4.1.11: a `crit` extension we do not know must be refused.
  const { typ, crit, kid } = header;
  if (typ !== undefined && (typeof typ !== 'string' || typ.toUpperCase() !== 'JWT')) {
    return deny('malformed');
  }
  if (crit !== undefined) return deny('malformed');
  // Only the key the token names, from our own key set: never `jku`/`jwk`/`x5u` from the token
  // (RFC 8725 §3.10), never "try every key".
  if (typeof kid !== 'string' || kid === '') return deny('unknown_key');
  const jwk = (await options.keys(kid)).keys.find((candidate) => candidate.kid === kid);
  const key = jwk && (await importRsaKey(jwk));
  if (!key) return deny('unknown_key');
  // RFC 7515 §5.2: the signing input is the ASCII of the two encoded parts joined by a dot.
  const input = new TextEncoder().encode(`${encodedHeader}.${encodedPayload}`);
  if (!(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, signature, input))) {
    return deny('signature');
  }
  return checkClaims(payload, issuer, options);
}

function checkClaims(
  claims: Record<string, unknown>,
  issuer: string,
  options: AccessOptions,
): AccessResult {
  const { iss, aud, exp, nbf, iat, email, sub } = claims;
  if (iss !== issuer) return deny('issuer');
  // RFC 7519 §4.1.3: `aud` is a string or an array of strings; Access sends an array.
  const audiences: unknown[] = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(options.audience)) return deny('audience');
  // RFC 7519 §4.1.4: `exp` is optional in general, but a token without it would never expire.
  if (!isNumericDate(exp) || !isOptionalNumericDate(nbf) || !isOptionalNumericDate(iat)) {
    return deny('malformed');
  }
  const now = options.now ?? Date.now() / 1000;
  if (now >= exp + CLOCK_SKEW_SECONDS) return deny('expired');
  const notBefore = Math.max(nbf ?? -Infinity, iat ?? -Infinity);
  if (now < notBefore - CLOCK_SKEW_SECONDS) return deny('not_yet_valid');
  // Service tokens carry `common_name` and no email (Cloudflare Access docs, "Application
  // token"); staff pages need a person.
  if (typeof email !== 'string' || email.trim() === '') return deny('no_email');
  return { ok: true, email, subject: typeof sub === 'string' ? sub : '' };
}

/**
 * Gives the team's key set from `https://<team>.cloudflareaccess.com/cdn-cgi/access/certs`,
 * cached in isolate memory for five minutes and refetched early, at most once a minute, when a
 * token names a key the cache does not hold (key rotation).
 */
export function accessKeys(
  teamDomain: string,
  fetcher: typeof fetch = (input, init) => fetch(input, init),
): AccessKeySource {
  const url = `${teamOrigin(teamDomain)}/cdn-cgi/access/certs`;
  return async (kid) => {
    const entry = keyCache.get(url) ?? { set: undefined, expiresAt: 0, refetchAfter: 0 };
    keyCache.set(url, entry);
    const now = Date.now();
    const known = kid === undefined || entry.set?.keys.some((key) => key.kid === kid) === true;
    if (entry.set && now < entry.expiresAt && (known || now < entry.refetchAfter)) {
      return entry.set;
    }
    // Concurrent requests of a cold isolate share one fetch.
    entry.pending ??= refresh(url, fetcher, entry).finally(() => {
      entry.pending = undefined;
    });
    return entry.pending;
  };
}

interface CacheEntry {
  set: AccessKeySet | undefined;
  expiresAt: number;
  refetchAfter: number;
  pending?: Promise<AccessKeySet> | undefined;
}

// Module memory lives as long as the isolate, so the requests it serves share one key set.
const keyCache = new Map<string, CacheEntry>();

async function refresh(url: string, fetcher: typeof fetch, entry: CacheEntry) {
  try {
    const response = await fetcher(url, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    entry.set = toKeySet(await response.json(), `The key set at ${url}`);
    entry.expiresAt = Date.now() + CACHE_MS;
    entry.refetchAfter = Date.now() + REFETCH_MIN_MS;
    return entry.set;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (!entry.set) {
      throw new Error(
        `Could not load the Cloudflare Access keys from ${url} (${reason}). ` +
          'Check the team domain, or pass the key set with staticKeys().',
        { cause: error },
      );
    }
    // Keep the last good set (rotated keys stay valid for 7 days) and try again in a minute.
    console.warn(
      `Cloudflare Access keys not refreshed from ${url} (${reason}); using the last set.`,
    );
    entry.expiresAt = entry.refetchAfter = Date.now() + REFETCH_MIN_MS;
    return entry.set;
  }
}

/**
 * Gives a fixed key set, for air-gapped deployments and tests: the JSON of the certs URL as text
 * or as a parsed object.
 */
export function staticKeys(jwks: string | object): AccessKeySource {
  let value: unknown = jwks;
  if (typeof jwks === 'string') {
    try {
      value = JSON.parse(jwks);
    } catch (error) {
      throw new Error(
        'The Access key set is not JSON: paste the body of https://<team>.cloudflareaccess.com/cdn-cgi/access/certs.',
        { cause: error },
      );
    }
  }
  const set = toKeySet(value, 'The Access key set');
  return () => Promise.resolve(set);
}

function toKeySet(value: unknown, what: string): AccessKeySet {
  if (!isObject(value) || !Array.isArray(value['keys'])) {
    throw new Error(`${what} is not a JSON Web Key Set: expected {"keys": [...]}.`);
  }
  // RFC 7517 §5: members that are not keys we understand are ignored, not fatal.
  const keys = value['keys'].filter(
    (key: unknown): key is AccessJwk => isObject(key) && typeof key['kty'] === 'string',
  );
  return { keys };
}

async function importRsaKey(jwk: AccessJwk): Promise<CryptoKey | undefined> {
  const { kty, n, e, use, alg } = jwk;
  if (kty !== 'RSA' || typeof n !== 'string' || typeof e !== 'string') return undefined;
  if ((use !== undefined && use !== 'sig') || (alg !== undefined && alg !== 'RS256')) {
    return undefined;
  }
  // RFC 7518 §3.3: RS256 keys must be 2048 bits or larger.
  const modulus = decodeBase64url(n);
  if (!modulus || modulus.length < 256) return undefined;
  try {
    return await crypto.subtle.importKey(
      'jwk',
      { kty, n, e, alg: 'RS256' },
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['verify'],
    );
  } catch {
    return undefined;
  }
}

function teamOrigin(teamDomain: string): string {
  const trimmed = teamDomain.trim().replace(/\/+$/, '');
  let origin: string | undefined;
  try {
    const url = new URL(trimmed);
    if (url.protocol === 'https:') origin = url.origin;
  } catch {
    origin = undefined;
  }
  if (origin === undefined || origin !== trimmed) {
    throw new Error(
      `The Access team domain must look like https://<team>.cloudflareaccess.com, not "${teamDomain}".`,
    );
  }
  return origin;
}

// RFC 7515 §2: base64url without padding; a length of 4k+1 cannot encode whole bytes.
function decodeBase64url(part: string): Uint8Array<ArrayBuffer> | undefined {
  if (!BASE64URL.test(part) || part.length % 4 === 1) return undefined;
  const binary = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  if (part === '') return undefined;
  const bytes = decodeBase64url(part);
  if (!bytes) return undefined;
  try {
    const value: unknown = JSON.parse(utf8.decode(bytes));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isOptionalNumericDate(value: unknown): value is number | undefined {
  return value === undefined || isNumericDate(value);
}

function deny(reason: AccessDenial): AccessResult {
  return { ok: false, reason };
}
