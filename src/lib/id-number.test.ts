// Tests of GB 11643 resident ID numbers and other document numbers.
import { describe, expect, test } from 'vitest';
import {
  checkOtherId,
  checkResidentId,
  normalizeIdNumber,
  residentIdCheckDigit,
} from './id-number';

const TODAY = '2026-11-20';

// ISO 7064 MOD 11-2 written out independently of the module: the check character c makes
// Σ aᵢ·2^(18−i) ≡ 1 (mod 11) over all 18 positions, with X standing for 10.
function expectedCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(body[i]) * (2 ** (17 - i) % 11);
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
}

/** A valid number from a 17-digit body (address code, birth date, sequence code). */
function valid(body: string): string {
  return body + expectedCheck(body);
}

describe('residentIdCheckDigit', () => {
  test('matches the examples printed in GB 11643-1999', () => {
    expect(residentIdCheckDigit('11010519491231002')).toBe('X');
    expect(residentIdCheckDigit('44052418800101001')).toBe('4');
  });

  test('agrees with an independent MOD 11-2 computation for many bodies', () => {
    const bodies = [
      '42010319900307123',
      '11010119800101001',
      '31011519751231456',
      '65010220000229789',
      '50010320101010234',
      '81000019950505001',
      '23010219580608991',
      '36072419661111007',
    ];
    for (const body of bodies) expect(residentIdCheckDigit(body)).toBe(expectedCheck(body));
  });

  test('produces every check character 0–9 and X over a range of sequence codes', () => {
    const seen = new Set<string>();
    for (let sequence = 0; sequence < 200; sequence += 1) {
      seen.add(residentIdCheckDigit(`420103199003071${String(sequence).padStart(2, '0')}`));
    }
    expect([...seen].sort().join('')).toBe('0123456789X');
  });
});

describe('checkResidentId', () => {
  test('accepts a valid number and reads the birth date and sex from it', () => {
    const number = valid('42010319900307123');
    expect(checkResidentId(number, TODAY)).toEqual({
      ok: true,
      value: number,
      birthDate: '1990-03-07',
      sex: 'male',
    });
  });

  test('reads an even sequence digit as female', () => {
    const result = checkResidentId(valid('42010319900307124'), TODAY);
    expect(result.ok && result.sex).toBe('female');
  });

  test('accepts X as the check character', () => {
    expect(checkResidentId('11010519491231002X', TODAY).ok).toBe(true);
  });

  test('accepts a lowercase x as the check digit and returns it upper case', () => {
    expect(checkResidentId('11010519491231002x', TODAY)).toMatchObject({
      ok: true,
      value: '11010519491231002X',
    });
  });

  test('accepts full-width digits, spaces and dashes and normalises them', () => {
    expect(checkResidentId('１１０１０５ 1949-1231 002ｘ', TODAY)).toMatchObject({
      ok: true,
      value: '11010519491231002X',
    });
  });

  test('accepts a number born today', () => {
    expect(checkResidentId(valid('42010320261120001'), TODAY).ok).toBe(true);
  });

  test('accepts a Hong Kong residence permit number (810000 prefix)', () => {
    expect(checkResidentId(valid('81000019950505001'), TODAY).ok).toBe(true);
  });

  test('accepts 29 February in a leap year', () => {
    expect(checkResidentId(valid('65010220000229789'), TODAY).ok).toBe(true);
  });

  test('refuses an empty number', () => {
    expect(checkResidentId('  ', TODAY)).toMatchObject({ ok: false, reason: 'empty' });
  });

  test('refuses 15-digit first-generation numbers and other lengths', () => {
    for (const number of ['420103900307123', '4201031990030712', '4201031990030712345']) {
      expect(checkResidentId(number, TODAY)).toMatchObject({ ok: false, reason: 'length' });
    }
  });

  test('refuses letters other than a final X', () => {
    expect(checkResidentId('4201031990030712A5', TODAY)).toMatchObject({
      ok: false,
      reason: 'characters',
    });
    expect(checkResidentId('42010319900307123Y', TODAY)).toMatchObject({
      ok: false,
      reason: 'characters',
    });
  });

  test('refuses an address code with no province behind it', () => {
    expect(checkResidentId(valid('99010319900307123'), TODAY)).toMatchObject({
      ok: false,
      reason: 'region',
    });
    expect(checkResidentId(valid('00010319900307123'), TODAY)).toMatchObject({
      ok: false,
      reason: 'region',
    });
  });

  test('refuses 29 February 1900, which did not exist', () => {
    expect(checkResidentId(valid('11010119000229001'), TODAY)).toMatchObject({
      ok: false,
      reason: 'birthDate',
    });
  });

  test('refuses month 13, day 32 and day 0', () => {
    for (const body of ['42010319901307123', '42010319900132123', '42010319900300123']) {
      expect(checkResidentId(valid(body), TODAY)).toMatchObject({ ok: false, reason: 'birthDate' });
    }
  });

  test('refuses birth years before 1900', () => {
    expect(checkResidentId(valid('42010318991231123'), TODAY)).toMatchObject({
      ok: false,
      reason: 'birthDate',
    });
  });

  test('refuses a birth date after today', () => {
    expect(checkResidentId(valid('42010320261121001'), TODAY)).toMatchObject({
      ok: false,
      reason: 'futureBirthDate',
    });
  });

  test('refuses a wrong check digit', () => {
    const number = valid('42010319900307123');
    const wrong = number.slice(0, 17) + (number.endsWith('0') ? '1' : '0');
    expect(checkResidentId(wrong, TODAY)).toMatchObject({ ok: false, reason: 'checkDigit' });
  });

  test('refuses two swapped digits, the typo the check digit exists to catch', () => {
    const number = valid('42010319900307123');
    const swapped = `${number.slice(0, 14)}${number[15] ?? ''}${number[14] ?? ''}${number.slice(16)}`;
    expect(checkResidentId(swapped, TODAY)).toMatchObject({ ok: false, reason: 'checkDigit' });
  });
});

describe('checkOtherId', () => {
  test('accepts passports and permits of 5 to 20 letters or digits, upper-cased', () => {
    expect(checkOtherId('e12345678')).toEqual({ ok: true, value: 'E12345678' });
    expect(checkOtherId('C12345678')).toEqual({ ok: true, value: 'C12345678' });
    expect(checkOtherId('12345')).toEqual({ ok: true, value: '12345' });
    expect(checkOtherId('A'.repeat(20))).toEqual({ ok: true, value: 'A'.repeat(20) });
  });

  test('accepts full-width letters and digits', () => {
    expect(checkOtherId('Ｅ１２３４５６７８')).toEqual({ ok: true, value: 'E12345678' });
  });

  test('refuses fewer than 5 or more than 20 characters', () => {
    expect(checkOtherId('1234')).toMatchObject({ ok: false, reason: 'length' });
    expect(checkOtherId('A'.repeat(21))).toMatchObject({ ok: false, reason: 'length' });
  });

  test('refuses punctuation and Chinese characters', () => {
    expect(checkOtherId('E1234/5678')).toMatchObject({ ok: false, reason: 'characters' });
    expect(checkOtherId('护照E1234567')).toMatchObject({ ok: false, reason: 'characters' });
  });

  test('refuses an empty number', () => {
    expect(checkOtherId('')).toMatchObject({ ok: false, reason: 'empty' });
  });
});

describe('normalizeIdNumber', () => {
  test('removes spaces and dashes and upper-cases', () => {
    expect(normalizeIdNumber(' 420103-1990 0307 123x ')).toBe('42010319900307123X');
  });
});
