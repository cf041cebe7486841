// Tests of mainland mobile numbers in every form people type them.
import { describe, expect, test } from 'vitest';
import { checkPhone, normalizePhone, unissuedPrefix } from './phone';

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
  // Every block libphonenumber's metadata lists as mobile for CN (libphonenumber-js 1.13.16).
  test.each([
    ...['130', '131', '132', '133', '134', '135', '136', '137', '138', '139'],
    ...['145', '147', '150', '151', '152', '153', '155', '156', '157', '158', '159'],
    ...['162', '165', '166', '167', '170', '171', '172', '173', '175', '176', '177', '178'],
    ...['180', '181', '182', '183', '184', '185', '186', '187', '188', '189'],
    ...['190', '191', '192', '193', '195', '196', '197', '198', '199'],
  ])('accepts a number in the %s block', (block) => {
    expect(checkPhone(`${block}12345678`)).toEqual({ ok: true, value: `${block}12345678` });
  });

  test.each(['1610', '17400', '17403', '17405'])(
    'accepts the four- and five-digit blocks %s that are in use',
    (block) => {
      const number = block.padEnd(11, '7');
      expect(checkPhone(number)).toEqual({ ok: true, value: number });
    },
  );

  // The unallocated or data-only prefixes of issue 9.8: uncallable numbers never reach the grid.
  test.each([
    ...['140', '141', '142', '143', '144', '146', '148', '149'],
    ...['154', '160', '161', '163', '164', '168', '169', '174', '179', '194'],
  ])('refuses a number in the %s block, which is not issued for mobile phones', (block) => {
    expect(checkPhone(`${block}12345678`)).toEqual({
      ok: false,
      reason: 'notInUse',
      value: `${block}12345678`,
    });
  });

  test.each(['16111111111', '17406123456', '17491234567', '17412345678'])(
    'refuses %s, beside the 1610 and 17400–17405 blocks',
    (number) => {
      expect(checkPhone(number)).toMatchObject({ ok: false, reason: 'notInUse' });
    },
  );

  test('refuses an unissued block written with a country code and spaces', () => {
    expect(checkPhone('+86 149 1234 5678')).toEqual({
      ok: false,
      reason: 'notInUse',
      value: '14912345678',
    });
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

describe('unissuedPrefix', () => {
  test('names the three digits of a block given out to nobody', () => {
    expect(unissuedPrefix('14912345678')).toBe('149');
    expect(unissuedPrefix('19412345678')).toBe('194');
  });

  test('names four or five digits where part of the block is in use (1610, 17400–17405)', () => {
    expect(unissuedPrefix('16111111111')).toBe('1611');
    expect(unissuedPrefix('17412345678')).toBe('1741');
    expect(unissuedPrefix('17406123456')).toBe('17406');
  });

  test('names nothing for a number in use', () => {
    for (const number of ['13912345678', '16101234567', '17405123456', '19912345678'])
      expect(unissuedPrefix(number), number).toBeUndefined();
  });
});
