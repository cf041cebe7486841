/**
 * Receipts kept on the phone, so a returnee can reopen theirs later (issue 9) from the home page
 * or /declare/receipt/. This is the hook other pages read:
 *
 * - `localStorage["firstline-receipts"]` is JSON `{ "v": 1, "receipts": [...] }`, newest first,
 *   at most {@link MAX_KEPT}; each receipt is the API's answer (`reference`, `receivedAt`,
 *   `risk`, `reasons`, `measures`, `testDays`, `monitoringEnds`, `grid`, `checkinUrl`), the masked person line
 *   (`person`: `张*`, origin, arrival date) and `keepUntil` (`YYYY-MM-DD`, Asia/Shanghai);
 * - a receipt is current while `keepUntil >= today`; `/declare/receipt/` shows the newest one,
 *   `/declare/receipt/#<reference>` a given one, and deletes expired ones.
 */
// Never the name in full, the ID number or the phone number: they are not on the receipt. Kept
// until the day after the monitoring period ends (or the arrival, when there is none): the
// receipt is what the checkpoint and the grid worker ask for until then, not after.
import { addDays, shanghaiDate } from '../lib/dates';
import type { ReceiptData } from '../lib/receipt';

/** The localStorage key of the kept receipts. */
export const RECEIPTS_KEY = 'firstline-receipts';
/**
 * The keys the home page's inline script reads (`data-kept`, src/scripts/preferences.js): the
 * receipts page while any receipt is kept, and the newest personal check-in link's path.
 */
export const KEPT_RECEIPT_KEY = 'firstline-receipt';
export const KEPT_CHECKIN_KEY = 'firstline-checkin';
/** The page that shows kept receipts; add `#<reference>` for one of them. */
export const RECEIPTS_PAGE = '/declare/receipt/';
/** A family declaring one after another on one phone keeps each person's receipt. */
export const MAX_KEPT = 5;

/** A receipt kept on the phone. */
export interface SavedReceipt extends ReceiptData {
  keepUntil: string;
}

function isSaved(value: unknown): value is SavedReceipt {
  if (typeof value !== 'object' || value === null) return false;
  const receipt = value as Partial<SavedReceipt>;
  // Receipts kept before check-in links existed have none.
  const link = receipt.checkinUrl;
  return (
    typeof receipt.reference === 'string' &&
    typeof receipt.receivedAt === 'string' &&
    typeof receipt.keepUntil === 'string' &&
    typeof receipt.risk === 'string' &&
    ['high', 'medium', 'low'].includes(receipt.risk) &&
    Array.isArray(receipt.measures) &&
    Array.isArray(receipt.reasons) &&
    Array.isArray(receipt.testDays) &&
    typeof receipt.grid === 'object' &&
    receipt.grid !== null &&
    (link === undefined || link === null || typeof link === 'string')
  );
}

function read(): SavedReceipt[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(RECEIPTS_KEY) ?? 'null');
    const list = (stored as { receipts?: unknown } | null)?.receipts;
    return Array.isArray(list) ? list.filter(isSaved) : [];
  } catch {
    return [];
  }
}

function write(receipts: readonly SavedReceipt[]): boolean {
  try {
    if (receipts.length === 0) {
      localStorage.removeItem(RECEIPTS_KEY);
      localStorage.removeItem(KEPT_RECEIPT_KEY);
      return true;
    }
    localStorage.setItem(RECEIPTS_KEY, JSON.stringify({ v: 1, receipts }));
    localStorage.setItem(KEPT_RECEIPT_KEY, RECEIPTS_PAGE);
    const link = receipts.find((receipt) => receipt.checkinUrl)?.checkinUrl;
    if (link) localStorage.setItem(KEPT_CHECKIN_KEY, new URL(link).pathname);
    return true;
  } catch {
    return false;
  }
}

/**
 * Forgets the kept check-in link when it is the link of an expired receipt: its period is over, so
 * the home page must not offer 「今日健康报告」 any more. A link kept from elsewhere stays until its
 * own page says it is over (src/pages/checkin/index.astro).
 */
function forgetLinks(expired: readonly SavedReceipt[]): void {
  try {
    const kept = localStorage.getItem(KEPT_CHECKIN_KEY);
    const over = expired.some(
      (receipt) => receipt.checkinUrl && new URL(receipt.checkinUrl).pathname === kept,
    );
    if (over) localStorage.removeItem(KEPT_CHECKIN_KEY);
  } catch {
    // Storage refused: nothing was kept either.
  }
}

/** The current receipts, newest first; expired ones are deleted on the way, with their link. */
export function savedReceipts(today = shanghaiDate()): SavedReceipt[] {
  const all = read();
  const current = all.filter((receipt) => receipt.keepUntil >= today);
  if (current.length !== all.length) {
    forgetLinks(all.filter((receipt) => receipt.keepUntil < today));
    write(current);
  }
  return current;
}

/**
 * Keeps `data` (a resubmission replaces the receipt with the same reference); false when the
 * browser would not store it.
 */
export function saveReceipt(data: ReceiptData, today = shanghaiDate()): boolean {
  const last =
    data.monitoringEnds ?? data.person?.arrivalDate ?? shanghaiDate(new Date(data.receivedAt));
  const saved: SavedReceipt = {
    reference: data.reference,
    receivedAt: data.receivedAt,
    risk: data.risk,
    reasons: data.reasons,
    measures: data.measures,
    testDays: data.testDays,
    monitoringEnds: data.monitoringEnds,
    grid: data.grid,
    checkinUrl: data.checkinUrl ?? null,
    person: data.person,
    keepUntil: addDays(last, 1),
  };
  const others = savedReceipts(today).filter((receipt) => receipt.reference !== data.reference);
  return write([saved, ...others].slice(0, MAX_KEPT));
}
