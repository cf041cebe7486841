/** Mainland mobile numbers: the forms people type them in, reduced to 11 digits and checked. */
import { normalizeCode } from './text';

// Separators people put in a number: spaces, dashes (ASCII and the ones IMEs produce) and
// brackets around the country code, e.g. "(+86) 138-0013-8000".
const SEPARATORS = /[\s\-‐‑‒–—―()]/g;
// Mobile numbers are 1 + a second digit 3–9 + 9 digits (MIIT numbering plan: 13x–19x).
const MOBILE = /^1[3-9]\d{9}$/;
// The blocks of 13x–19x actually given out for mobile phones, as libphonenumber's metadata lists
// them for CN (libphonenumber-js 1.13.16, type MOBILE): a number is in use when it starts with one.
// The rest (140–144, 146, 148, 149, 154, 160, 161 but 1610, 163, 164, 168, 169, 174 but
// 17400–17405, 179, 194) are IoT/data-only or not issued: such a number cannot be called back, so
// it is a typo to catch here. Kept as this list rather than the library, which the form would
// otherwise ship to every phone.
const IN_USE: readonly string[] = [
  ...['13', '145', '147', '150', '151', '152', '153', '155', '156', '157', '158', '159'],
  ...['1610', '162', '165', '166', '167', '170', '171', '172', '173', '175', '176', '177', '178'],
  ...['17400', '17401', '17402', '17403', '17404', '17405'],
  ...['18', '190', '191', '192', '193', '195', '196', '197', '198', '199'],
];

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
  if (unissuedPrefix(value) !== undefined) return { ok: false, reason: 'notInUse', value };
  return { ok: true, value };
}

/**
 * The shortest start (three digits or more) of an 11-digit `value` that no mobile number in use
 * begins with, to name in a message: `149` for 149…, but `1611` for 1611…, since 1610… is in use,
 * and `17406` for 17406…; `undefined` when `value` is in a block in use.
 */
export function unissuedPrefix(value: string): string | undefined {
  if (IN_USE.some((block) => value.startsWith(block))) return undefined;
  for (let length = 3; length < value.length; length += 1) {
    const prefix = value.slice(0, length);
    if (!IN_USE.some((block) => block.startsWith(prefix))) return prefix;
  }
  return value;
}
