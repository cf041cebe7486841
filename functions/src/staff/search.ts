/**
 * What a grid worker typed in the ledger's search box, recognised (issue 12): a reference, a
 * full mobile number or ID number (audited when it matches), the last digits of an ID number or
 * a phone, or the start of a name.
 */
import { normalizePhone } from '../../../src/lib/phone';
import { normalizeCode } from '../../../src/lib/text';

/** A recognised search. */
export type Search =
  | { kind: 'reference'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'id'; value: string }
  | { kind: 'tail'; value: string }
  | { kind: 'name'; value: string };

/** Searches on a whole identifier: the audit log records that one was looked up (not which). */
export const isFullIdentifier = (search: Search | undefined) =>
  search?.kind === 'phone' || search?.kind === 'id';

/** The search `raw` stands for, or undefined when it is none of them. */
export function parseSearch(raw: string): Search | undefined {
  const text = normalizeCode(raw).trim().toUpperCase();
  if (text === '') return undefined;
  const digits = text.replace(/[\s-]/g, '');
  if (/^\d{9}$/.test(digits) && /^\d{4}-?\d{4}-?\d$/.test(text.replace(/\s/g, ''))) {
    return {
      kind: 'reference',
      value: `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8)}`,
    };
  }
  const phone = normalizePhone(text);
  if (/^1[3-9]\d{9}$/.test(phone)) return { kind: 'phone', value: phone };
  if (/^\d{17}[\dX]$/.test(digits)) return { kind: 'id', value: digits };
  // 尾号: the last 4 to 6 characters of an ID number (or 4 of a phone).
  if (/^\d{3,5}[\dX]$/.test(digits) && digits.length >= 4) return { kind: 'tail', value: digits };
  // Other documents: 5–20 letters and digits with at least one letter (passports, permits).
  if (/^(?=.*[A-Z])(?=.*\d)[A-Z\d]{5,20}$/.test(digits)) return { kind: 'id', value: digits };
  if (/^[\p{Script=Han}\p{Script=Latin}][\p{Script=Han}\p{Script=Latin}·\s]*$/u.test(text)) {
    return { kind: 'name', value: raw.trim() };
  }
  return undefined;
}
