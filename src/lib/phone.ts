/** Mainland mobile numbers: the forms people type them in, reduced to 11 digits and checked. */
import { normalizeCode } from './text';

// Separators people put in a number: spaces, dashes (ASCII and the ones IMEs produce) and
// brackets around the country code, e.g. "(+86) 138-0013-8000".
const SEPARATORS = /[\s\-‐‑‒–—―()]/g;
// Mobile numbers are 1 + a second digit 3–9 + 9 digits (MIIT numbering plan: 13x–19x).
const MOBILE = /^1[3-9]\d{9}$/;
// The blocks of 13x–19x actually given out for mobile phones, as libphonenumber's metadata lists
// them for CN (libphonenumber-js 1.13.16, type MOBILE). The rest (140–144, 146, 148, 149, 154,
// 160, 161 but 1610, 163, 164, 168, 169, 174 but 17400–17405, 179, 194) are IoT/data-only or not
// issued: such a number cannot be called back, so it is a typo to catch here. Kept as this one
// pattern rather than the library, which the form would otherwise ship to every phone.
const IN_USE = /^1(?:610\d|740[0-5])\d{6}$|^1(?:[38]\d|4[57]|[59][0-35-9]|6[25-7]|7[0-35-8])\d{8}$/;

/** Why a phone number was refused. */
export type PhoneProblem = 'empty' | 'length' | 'characters' | 'notMobile' | 'notInUse';

/** The outcome of {@link checkPhone}: the 11 digits, or why not (with what was understood). */
export type PhoneResult =
  { ok: true; value: string } | { ok: false; reason: PhoneProblem; value: string };

/**
 * A phone number as typed, reduced to its digits: half-width, without separators and without a
 * `+86`, `0086` or `86` country code in front of 11 digits.
 */
export function normalizePhone(raw: string): string {
  const compact = normalizeCode(raw).replace(SEPARATORS, '');
  const national = /^(?:\+86|0086|86)(\d{11})$/.exec(compact);
  return national?.[1] ?? compact;
}

/**
 * Checks a mainland mobile number after {@link normalizePhone}: 11 digits, `1[3-9]…`, in a block
 * that is issued for mobile phones.
 */
export function checkPhone(raw: string): PhoneResult {
  const value = normalizePhone(raw);
  if (value === '') return { ok: false, reason: 'empty', value };
  if (!/^\+?\d+$/.test(value)) return { ok: false, reason: 'characters', value };
  // A landline (0571…) or a foreign number (+852…) is a different kind of number, not a typo.
  if (!value.startsWith('1')) return { ok: false, reason: 'notMobile', value };
  if (value.length !== 11) return { ok: false, reason: 'length', value };
  if (!MOBILE.test(value)) return { ok: false, reason: 'notMobile', value };
  if (!IN_USE.test(value)) return { ok: false, reason: 'notInUse', value };
  return { ok: true, value };
}
