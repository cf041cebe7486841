// Tests of text normalisation: full-width forms, NFC and counting by code point.
import { describe, expect, test } from 'vitest';
import { characterCount, normalizeCode, normalizeText, toHalfWidth } from './text';

describe('toHalfWidth', () => {
  test('turns full-width digits and letters into ASCII', () => {
    expect(toHalfWidth('０１２３４５６７８９')).toBe('0123456789');
    expect(toHalfWidth('ＡＢＣｘｙｚ')).toBe('ABCxyz');
  });

  test('turns the ideographic space into a plain space', () => {
    expect(toHalfWidth('张　三')).toBe('张 三');
  });

  test('leaves Chinese text and full-width punctuation alone', () => {
    expect(toHalfWidth('东山村３栋，二单元（东门）：左手边。')).toBe(
      '东山村3栋，二单元（东门）：左手边。',
    );
  });
});

describe('normalizeText', () => {
  test('trims plain and full-width spaces', () => {
    expect(normalizeText(' \u3000 东山村 \n')).toBe('东山村');
  });

  test('composes decomposed characters (NFC)', () => {
    const decomposed = 'Jose\u0301';
    expect(normalizeText(decomposed)).toBe('José');
    expect(normalizeText(decomposed)).toHaveLength(4);
  });

  test('keeps inner spaces', () => {
    expect(normalizeText(' 3栋 2单元 ')).toBe('3栋 2单元');
  });
});

describe('normalizeCode', () => {
  test('turns full-width punctuation into ASCII as well', () => {
    expect(normalizeCode('＋８６－（１３８）')).toBe('+86-(138)');
    expect(normalizeCode('３６．５')).toBe('36.5');
    expect(normalizeCode('２０２６－１１－２０')).toBe('2026-11-20');
  });
});

describe('characterCount', () => {
  test('counts a character outside the BMP as one', () => {
    expect('𠮷'.length).toBe(2);
    expect(characterCount('𠮷')).toBe(1);
    expect(characterCount('𠮷野家')).toBe(3);
  });

  test('counts an empty string as zero', () => {
    expect(characterCount('')).toBe(0);
  });
});
