// Tests of mainland mobile numbers in every form people type them.
import { describe, expect, test } from 'vitest';
import { checkPhone, normalizePhone } from './phone';

describe('normalizePhone', () => {
  test.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['86-138-0013-8000', '13800138000'],
    ['(+86) 138-0013-8000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['＋８６　１３８　００１３　８０００', '13800138000'],
    ['138—0013—8000', '13800138000'],
    ['  13800138000  ', '13800138000'],
  ])('turns %j into %s', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });

  test('keeps an 86 that is part of an 11-digit number', () => {
    expect(normalizePhone('86138001380')).toBe('86138001380');
  });
});

describe('checkPhone', () => {
  test('accepts every second digit from 3 to 9', () => {
    for (const second of '3456789') {
      expect(checkPhone(`1${second}912345678`)).toEqual({ ok: true, value: `1${second}912345678` });
    }
  });

  test('accepts a number written with a country code and spaces', () => {
    expect(checkPhone('+86 139 1234 5678')).toEqual({ ok: true, value: '13912345678' });
  });

  test('refuses an empty number', () => {
    expect(checkPhone(' ')).toMatchObject({ ok: false, reason: 'empty' });
  });

  test('refuses 10 and 12 digits', () => {
    expect(checkPhone('1380013800')).toMatchObject({ ok: false, reason: 'length' });
    expect(checkPhone('138001380001')).toMatchObject({ ok: false, reason: 'length' });
  });

  test('refuses a landline with its area code', () => {
    expect(checkPhone('0571-63800000')).toMatchObject({ ok: false, reason: 'notMobile' });
  });

  test('refuses numbers starting 10, 11 or 12', () => {
    for (const number of ['10012345678', '11012345678', '12012345678']) {
      expect(checkPhone(number)).toMatchObject({ ok: false, reason: 'notMobile' });
    }
  });

  test('refuses letters and other characters', () => {
    expect(checkPhone('138001380OO')).toMatchObject({ ok: false, reason: 'characters' });
    expect(checkPhone('138.0013.8000')).toMatchObject({ ok: false, reason: 'characters' });
  });

  test('refuses a foreign number', () => {
    expect(checkPhone('+852 6123 4567')).toMatchObject({ ok: false, reason: 'notMobile' });
  });
});
