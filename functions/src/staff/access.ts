/**
 * Cloudflare Access for the staff pages: verifies the `Cf-Access-Jwt-Assertion` token (RS256, the
 * team's key set, `iss`, `aud`, expiry) with `jose`, and keeps the team's keys cached (PRODUCT.md §7).
 */
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWK,
} from 'jose';

/** The request header in which Access hands the origin its signed token. */
export const ACCESS_JWT_HEADER = 'Cf-Access-Jwt-Assertion';

/** A public key of an Access key set: a JWK that names itself with `kid`. */
export type AccessJwk = JWK & { kid?: string };

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

// RFC 7515 §7.1: compact serialisation is exactly three base64url parts; the signature part is
// empty only for `alg: none`, which the algorithm check refuses.
const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** How a jose error reads as a denial; anything else (a key that will not import) is a bad key. */
function denialOf(error: unknown): AccessDenial {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    const byClaim: Partial<Record<string, AccessDenial>> = {
      aud: 'audience',
      iss: 'issuer',
      nbf: 'not_yet_valid',
      iat: 'not_yet_valid',
    };
    return byClaim[error.claim] ?? 'malformed';
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
    return 'unknown_key';
  if (error instanceof errors.JOSEError) return 'malformed';
  return 'unknown_key';
}

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
  // Refuse what is not a well-formed token before any key is looked up.
  const parts = token.split('.');
  if (!COMPACT.test(token) || parts.some((part) => part.length % 4 === 1)) return deny('malformed');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
    decodeJwt(token);
  } catch {
    return deny('malformed');
  }
  // RFC 8725 §2.1, §3.1: trust no algorithm but the one Access uses; this refuses `none` and
  // HS256 signed with the public key as HMAC secret (key confusion).
  if (header.alg !== 'RS256') return deny('algorithm');
  // RFC 7519 §5.1: `typ`, when present, says JWT.
  if (header.typ !== undefined && header.typ.toUpperCase() !== 'JWT') return deny('malformed');
  // Only the key the token names, from our own key set: never "try every key" (RFC 8725 §3.10).
  if (typeof header.kid !== 'string' || header.kid === '') return deny('unknown_key');
  const keys = createLocalJWKSet(await options.keys(header.kid));
  try {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: ['RS256'],
      issuer,
      audience: options.audience,
      // RFC 7519 §4.1.4–4.1.5 allow "some small leeway" for clock skew.
      clockTolerance: CLOCK_SKEW_SECONDS,
      // A token without an expiry would never expire.
      requiredClaims: ['exp'],
      currentDate: new Date((options.now ?? Date.now() / 1000) * 1000),
    });
    const now = options.now ?? Date.now() / 1000;
    if (typeof payload.iat === 'number' && payload.iat > now + CLOCK_SKEW_SECONDS) {
      return deny('not_yet_valid');
    }
    // Service tokens carry `common_name` and no email (Cloudflare Access docs, "Application
    // token"); staff pages need a person.
    const { email, sub } = payload;
    if (typeof email !== 'string' || email.trim() === '') return deny('no_email');
    return { ok: true, email, subject: sub ?? '' };
  } catch (error) {
    return deny(denialOf(error));
  }
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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deny(reason: AccessDenial): AccessResult {
  return { ok: false, reason };
}
