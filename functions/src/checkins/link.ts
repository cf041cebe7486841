/**
 * The personal check-in link of a declaration (PRODUCT.md §11): a capability, so it works without
 * signing in. Its secret is derived from the reference with the CHECKIN_SECRET key (HMAC), so a
 * resubmission and the grid worker's paper card give the same link, and only its SHA-256 is stored.
 */
import { base64url, hmac, sha256Hex } from '../crypto';

// 24 bytes: 192 bits, well over the 128 the contract asks for, and 32 characters in the URL.
const SECRET_BYTES = 24;

/** What to run when CHECKIN_SECRET is missing (README, Staff accounts and secrets). */
export const CHECKIN_SECRET_FIX =
  'npx wrangler secret put CHECKIN_SECRET --config functions/wrangler.jsonc (a random value of 32+ characters; locally, npm start writes one into functions/.dev.vars)';

/** Whether check-in links can be given out: CHECKIN_SECRET is set. */
export const checkinConfigured = (env: Env) => Boolean(env.CHECKIN_SECRET);

/**
 * The link's secret for `reference`, or null when CHECKIN_SECRET is not configured: the resident
 * still gets the receipt (never a 5xx), the operator gets an error line saying what to run (no
 * personal data) and the staff worklist shows the problem (functions/src/staff/views/worklist.tsx).
 */
export async function checkinToken(env: Env, reference: string): Promise<string | null> {
  if (!checkinConfigured(env)) {
    console.error(
      `CONFIG ERROR: CHECKIN_SECRET is not set, so receipts carry no check-in link. Run: ${CHECKIN_SECRET_FIX}`,
    );
    return null;
  }
  return base64url((await hmac(env.CHECKIN_SECRET, `checkin:${reference}`)).slice(0, SECRET_BYTES));
}

/** What the ledger stores of a link: the SHA-256 of its secret. */
export const tokenHash = (token: string) => sha256Hex(`checkin:${token}`);

/** The link on the public address: `<site>/checkin/<secret>/`. */
export const checkinUrl = (siteUrl: string, token: string) =>
  new URL(`/checkin/${token}/`, siteUrl).href;
