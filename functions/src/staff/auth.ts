/**
 * Who is asking for /staff/: a Cloudflare Access identity (production) or a bearer token
 * (locally and for small deployments; browsers may send it as the HTTP Basic password).
 * Every staff identity is scoped to one grid, or `*` for community admins (PRODUCT.md §7).
 */
import * as z from 'zod/mini';
import { ACCESS_JWT_HEADER, accessKeys, staticKeys, verifyAccessJwt } from './access';

/** A signed-in staff member. */
export interface Staff {
  /** Shown in the audit log: an email, or the account name behind a token. */
  actor: string;
  /** The grid they may see, or `*` for all. */
  grid: string;
}

// One staff account of the STAFF_ACCOUNTS secret (README, Staff accounts and secrets).
const AccountSchema = z.object({
  token: z.optional(z.string().check(z.minLength(1))),
  email: z.optional(z.string().check(z.minLength(1))),
  grid: z.string(),
  name: z.optional(z.string()),
});
type Account = z.output<typeof AccountSchema>;

// Only accounts scoped to a grid of community.yaml, or `*`: a typo such as "grid": "" must
// never widen an account to every grid. An entry that is not an account is skipped, not fatal.
function accounts(env: Env, gridIds: ReadonlySet<string>): Account[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(env.STAFF_ACCOUNTS || '[]');
  } catch {
    console.error('STAFF_ACCOUNTS is not valid JSON: see functions/.dev.vars.example');
    return [];
  }
  if (!Array.isArray(parsed)) {
    console.error('STAFF_ACCOUNTS is not a JSON list: see functions/.dev.vars.example');
    return [];
  }
  return parsed.flatMap((item: unknown) => {
    const account = AccountSchema.safeParse(item);
    if (!account.success) console.error('STAFF_ACCOUNTS has an entry that is not an account');
    return account.success && (account.data.grid === '*' || gridIds.has(account.data.grid))
      ? [account.data]
      : [];
  });
}

const encoder = new TextEncoder();

// Compares secrets in constant time (workerd's crypto.subtle.timingSafeEqual), so response timing
// does not leak how much of a token matched; only lengths are compared first, as they must be.
function sameSecret(given: string, expected: string): boolean {
  const a = encoder.encode(given);
  const b = encoder.encode(expected);
  return a.byteLength === b.byteLength && (crypto.subtle as WorkerdSubtle).timingSafeEqual(a, b);
}

// workerd's constant-time comparison (Cloudflare Workers docs, Web Crypto "timingSafeEqual");
// the DOM library that Preact's JSX types bring in does not declare it.
type WorkerdSubtle = SubtleCrypto & {
  timingSafeEqual(a: ArrayBufferView, b: ArrayBufferView): boolean;
};

// RFC 6750 §2.1: `Bearer` and one b64token, nothing after it; RFC 7617: `Basic` and base64.
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i;
const BASIC = /^Basic +([A-Za-z0-9+/]+=*)$/i;

function tokenFrom(request: Request): string | undefined {
  const header = (request.headers.get('Authorization') ?? '').trim();
  const bearer = BEARER.exec(header)?.[1];
  if (bearer) return bearer;
  const basic = BASIC.exec(header)?.[1];
  if (!basic) return undefined;
  try {
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(basic), (char) => char.charCodeAt(0)),
    );
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  } catch {
    return undefined;
  }
}

let keysFor: { team: string; keys: ReturnType<typeof accessKeys> } | undefined;

async function fromAccess(
  request: Request,
  env: Env,
  gridIds: ReadonlySet<string>,
): Promise<Staff | undefined> {
  const assertion = request.headers.get(ACCESS_JWT_HEADER);
  if (!assertion || !env.ACCESS_TEAM_DOMAIN || !env.ACCESS_AUD) return undefined;
  if (keysFor?.team !== env.ACCESS_TEAM_DOMAIN) {
    keysFor = { team: env.ACCESS_TEAM_DOMAIN, keys: accessKeys(env.ACCESS_TEAM_DOMAIN) };
  }
  const result = await verifyAccessJwt(assertion, {
    teamDomain: env.ACCESS_TEAM_DOMAIN,
    audience: env.ACCESS_AUD,
    keys: env.ACCESS_JWKS ? staticKeys(env.ACCESS_JWKS) : keysFor.keys,
  }).catch((error: unknown) => {
    // The team's keys could not be had (or the settings are wrong): nobody is signed in, and
    // the operator reads why; the message names settings, never a person.
    console.error('Cloudflare Access not checked:', error instanceof Error ? error.message : error);
    return undefined;
  });
  if (!result?.ok) return undefined;
  const email = result.email.toLowerCase();
  const account = accounts(env, gridIds).find((item) => item.email?.toLowerCase() === email);
  return account ? { actor: email, grid: account.grid } : undefined;
}

/** The staff member behind the request, or undefined (the caller answers 401). */
export async function authenticate(
  request: Request,
  env: Env,
  gridIds: ReadonlySet<string>,
): Promise<Staff | undefined> {
  const viaAccess = await fromAccess(request, env, gridIds);
  if (viaAccess) return viaAccess;
  const token = tokenFrom(request);
  if (!token) return undefined;
  if (env.STAFF_TOKEN && sameSecret(token, env.STAFF_TOKEN)) return { actor: '管理员', grid: '*' };
  const account = accounts(env, gridIds).find(
    (item) => item.token !== undefined && sameSecret(token, item.token),
  );
  return account
    ? { actor: account.name ?? `${account.grid}网格员`, grid: account.grid }
    : undefined;
}
