// Tests of masking for staff lists and grid notifications.
import { describe, expect, test } from 'vitest';
import { maskIdNumber, maskName, maskPhone } from './mask';

describe('maskName', () => {
  test('keeps the surname of a two-character name', () => {
    expect(maskName('张三')).toBe('张*');
  });

  test('keeps the surname and masks each given-name character', () => {
    expect(maskName('王建华')).toBe('王**');
  });

  test('keeps a compound surname', () => {
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('诸葛明')).toBe('诸葛*');
  });

  test('keeps only the first character of a two-character name with a compound-surname look', () => {
    expect(maskName('欧阳')).toBe('欧*');
  });

  test('counts characters outside the BMP as one', () => {
    expect(maskName('𠮷祥')).toBe('𠮷*');
    expect(maskName('李𠮷')).toBe('李*');
  });

  test('keeps the dot of a minority name', () => {
    expect(maskName('买买提·艾力')).toBe('买**·**');
  });

  test('keeps the spaces of a Latin name', () => {
    expect(maskName('John Smith')).toBe('J*** *****');
  });

  test('masks a one-character name completely', () => {
    expect(maskName('张')).toBe('*');
    expect(maskName('')).toBe('');
  });
});

describe('maskPhone', () => {
  test('keeps the first three and last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  test('masks a short value completely', () => {
    expect(maskPhone('1234567')).toBe('*******');
  });
});

describe('maskIdNumber', () => {
  test('keeps the first three and last two characters and the length', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110*************2X');
    expect(maskIdNumber('11010519491231002X')).toHaveLength(18);
  });

  test('masks a passport number the same way', () => {
    expect(maskIdNumber('E12345678')).toBe('E12****78');
  });

  test('keeps only the first character of a very short number', () => {
    expect(maskIdNumber('12345')).toBe('1****');
    expect(maskIdNumber('')).toBe('');
  });
});
