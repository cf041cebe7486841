/** Checks ID document numbers: GB 11643 resident ID numbers in full, other documents by shape. */
import { isRealDate } from './dates';
import { normalizeCode } from './text';

/** Why a resident ID number was refused, most specific first; the schema turns it into Chinese. */
export type ResidentIdProblem =
  'empty' | 'length' | 'characters' | 'region' | 'birthDate' | 'futureBirthDate' | 'checkDigit';

/** The outcome of {@link checkResidentId}: the normalised number and what it encodes, or why not. */
export type ResidentIdResult =
  | { ok: true; value: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; reason: ResidentIdProblem; value: string };

/** Why another document's number was refused. */
export type OtherIdProblem = 'empty' | 'length' | 'characters';

/** The outcome of {@link checkOtherId}. */
export type OtherIdResult =
  { ok: true; value: string } | { ok: false; reason: OtherIdProblem; value: string };

// GB 11643-1999, 校验码: weight of position i (1-based from the left) is 2^(18-i) mod 11, and the
// check character is chosen so that the weighted sum of all 18 is ≡ 1 (mod 11) — ISO 7064 MOD 11-2.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

// First two digits of the address code (GB/T 2260 province level). 81/82/83 are used by the
// residence permits for Hong Kong, Macao and Taiwan residents, which share the GB 11643 format.
// Only the province is checked: county codes change over the years, the number never does.
const PROVINCE_PREFIXES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(
    ' ',
  ),
);

/** An ID number as typed, made comparable: half-width, without spaces or dashes, upper case. */
export function normalizeIdNumber(raw: string): string {
  return normalizeCode(raw).replace(/[\s-]/g, '').toUpperCase();
}

/** The GB 11643 check character (`0`–`9` or `X`) for the first 17 digits of a resident ID number. */
export function residentIdCheckDigit(body: string): string {
  let sum = 0;
  WEIGHTS.forEach((weight, index) => {
    sum += weight * Number(body.charAt(index));
  });
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/**
 * Checks a resident ID number (居民身份证号码, GB 11643): 18 characters, a known province,
 * a real birth date not after `today` (`YYYY-MM-DD`, Asia/Shanghai) and the check character.
 * A lowercase `x` is accepted as `X`.
 */
export function checkResidentId(raw: string, today: string): ResidentIdResult {
  const value = normalizeIdNumber(raw);
  const fail = (reason: ResidentIdProblem): ResidentIdResult => ({ ok: false, reason, value });
  if (value === '') return fail('empty');
  if (value.length !== 18) return fail('length');
  if (!/^\d{17}[\dX]$/.test(value)) return fail('characters');
  if (!PROVINCE_PREFIXES.has(value.slice(0, 2))) return fail('region');
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isRealDate(birthDate) || birthDate < '1900-01-01') return fail('birthDate');
  if (birthDate > today) return fail('futureBirthDate');
  if (residentIdCheckDigit(value) !== value.charAt(17)) return fail('checkDigit');
  // GB 11643-1999, 顺序码: the 17th digit is odd for men and even for women.
  const sex = Number(value.charAt(16)) % 2 === 1 ? 'male' : 'female';
  return { ok: true, value, birthDate, sex };
}

/** Checks the number of another document (permits, passports): 5–20 letters or digits. */
export function checkOtherId(raw: string): OtherIdResult {
  const value = normalizeIdNumber(raw);
  if (value === '') return { ok: false, reason: 'empty', value };
  if (!/^[A-Z0-9]+$/.test(value)) return { ok: false, reason: 'characters', value };
  if (value.length < 5 || value.length > 20) return { ok: false, reason: 'length', value };
  return { ok: true, value };
}
