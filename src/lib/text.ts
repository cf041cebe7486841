/** Text normalisation applied to every field a person types (PRODUCT.md §6). */

// Full-width forms U+FF01–U+FF5E map one-to-one onto ASCII U+0021–U+007E (Unicode block
// "Halfwidth and Fullwidth Forms"); Chinese IMEs produce them when full-width mode is on.
const FULL_WIDTH_ALPHANUMERIC = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;
const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/g;
const FULL_WIDTH_OFFSET = 0xfee0;
// U+3000 IDEOGRAPHIC SPACE is what the space bar gives in full-width mode.
const IDEOGRAPHIC_SPACE = /\u3000/g;

const toAscii = (char: string) => String.fromCharCode(char.charCodeAt(0) - FULL_WIDTH_OFFSET);

/**
 * `value` with full-width letters, digits and spaces made half-width. Full-width punctuation
 * (，：（）) stays: it is how Chinese text is written.
 */
export function toHalfWidth(value: string): string {
  return value.replace(FULL_WIDTH_ALPHANUMERIC, toAscii).replace(IDEOGRAPHIC_SPACE, ' ');
}

/**
 * `value` NFC-normalised, made half-width and trimmed: the form every text field is stored in.
 * NFC comes first so that decomposed input (e.g. from some iOS keyboards) compares equal.
 */
export function normalizeText(value: string): string {
  return toHalfWidth(value.normalize('NFC')).trim();
}

/**
 * Like {@link normalizeText}, but full-width punctuation becomes ASCII too (＋８６，３６．５，
 * ２０２６－１１－２０): for numbers, codes and dates, where it can only be a typing-mode accident.
 */
export function normalizeCode(value: string): string {
  return normalizeText(value).replace(FULL_WIDTH_ASCII, toAscii);
}

/** Number of characters as a person counts them: code points, so 𠮷 (outside the BMP) is one. */
export function characterCount(value: string): number {
  return Array.from(value).length;
}
