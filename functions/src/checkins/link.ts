/**
 * The personal check-in link of a declaration (PRODUCT.md §11): a capability, so it works without
 * signing in. Its secret is derived from the reference with the CHECKIN_SECRET key (HMAC), so a
 * resubmission and the grid worker's paper card give the same link, and only its SHA-256 is stored.
 */
import { base64url, hmac, sha256Hex } from '../crypto';

// 24 bytes: 192 bits, well over the 128 the contract asks for, and 32 characters in the URL.
const SECRET_BYTES = 24;

/** The link's secret for `reference`, or null when CHECKIN_SECRET is not configured. */
export async function checkinToken(env: Env, reference: string): Promise<string | null> {
  if (!env.CHECKIN_SECRET) {
    console.error(
      'CHECKIN_SECRET is not set: run npm start, or wrangler secret put CHECKIN_SECRET',
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
