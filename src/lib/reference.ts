/**
 * Declaration references (回执编号): nine digits read aloud easily over the phone or at a
 * checkpoint ("4829-1536-7"), the last a Luhn check digit so staff can tell a mistyped one from a
 * real one. Shared by the Worker that issues them and the checkpoint page that reads them back.
 */
import { normalizeCode } from './text';

/** The Luhn check digit of `digits` (ISO/IEC 7812-1 Annex B). */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Nine digits written as a reference: `482915367` → `4829-1536-7`. */
export const formatReference = (digits: string) =>
  `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8)}`;

/** Why a typed or scanned text is not a reference, in the words shown beside the field. */
export type ReferenceProblem = 'empty' | 'length' | 'check';

/** The Chinese message of each {@link ReferenceProblem}. */
export const REFERENCE_PROBLEMS: Record<ReferenceProblem, string> = {
  empty: '请输入回执编号',
  length: '回执编号是9位数字，例如 4829-1536-0，请核对',
  check: '回执编号有一位不对（最后一位校验码对不上），请核对后重新输入',
};

/**
 * The reference in `text` as a receipt prints it (`4829-1536-7`), or why it is not one: spaces,
 * dashes and full-width digits are allowed, as people type them or a QR code carries them.
 */
export function parseReference(
  text: string,
): { reference: string } | { problem: ReferenceProblem } {
  const compact = normalizeCode(text).replace(/[\s\-–—]/g, '');
  if (compact === '') return { problem: 'empty' };
  if (!/^\d{9}$/.test(compact)) return { problem: 'length' };
  if (luhnDigit(compact.slice(0, 8)) !== Number(compact[8])) return { problem: 'check' };
  return { reference: formatReference(compact) };
}
