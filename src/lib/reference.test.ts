// References as staff type them at the checkpoint and as the receipt's QR code carries them.
import { describe, expect, test } from 'vitest';
import { luhnDigit, parseReference, REFERENCE_PROBLEMS } from './reference';

describe('parseReference', () => {
  test.each([
    ['4829-1536-0', '4829-1536-0'],
    ['482915360', '4829-1536-0'],
    [' 4829 1536 0 ', '4829-1536-0'],
    ['４８２９－１５３６－０', '4829-1536-0'],
    ['4829—1536—0', '4829-1536-0'],
  ])('reads %j as %s', (text, reference) => {
    expect(parseReference(text)).toEqual({ reference });
  });

  test.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['4829-1536', 'length'],
    ['4829-1536-00', 'length'],
    ['https://example.cn/checkin/abc/', 'length'],
    ['4829-1536-7', 'check'],
    ['4829-1563-0', 'check'],
  ])('refuses %j (%s)', (text, problem) => {
    expect(parseReference(text)).toEqual({ problem });
  });

  test('says what is wrong in plain Chinese', () => {
    expect(REFERENCE_PROBLEMS).toMatchInlineSnapshot(`
      {
        "check": "回执编号有一位不对（最后一位校验码对不上），请核对后重新输入",
        "empty": "请输入回执编号",
        "length": "回执编号是9位数字，例如 4829-1536-0，请核对",
      }
    `);
  });
});

describe('luhnDigit', () => {
  test('catches every single mistyped digit', () => {
    const body = '48291536';
    const check = luhnDigit(body);
    for (let index = 0; index < body.length; index++) {
      for (let digit = 0; digit <= 9; digit++) {
        if (String(digit) === body[index]) continue;
        const typo = body.slice(0, index) + String(digit) + body.slice(index + 1);
        expect(luhnDigit(typo)).not.toBe(check);
      }
    }
  });
});
