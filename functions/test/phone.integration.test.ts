/**
 * Phone numbers at POST /api/declarations in workerd (issue 9.8): a number on a mobile block no
 * one is given is refused in Chinese before it reaches the queue, naming the prefix that is not
 * in use, and the parts of a block that are in use still pass.
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, test } from 'vitest';
import { declaration, formBody, postJson } from './fixtures';

const API = 'https://firstline.test/api/declarations';

describe('a phone number on an unissued block', () => {
  test.each([
    ['149 1234 5678', '149'],
    ['+86 174 1234 5678', '1741'],
    ['17406123456', '17406'],
    ['16111111111', '1611'],
  ])('%s is refused with 422, naming %s as not in use', async (phone, prefix) => {
    const response = await postJson(declaration({ phone }));
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: 'validation_failed',
      issues: [{ path: 'phone', message: `${prefix}开头的号码不是在用的手机号段，请核对手机号码` }],
    });
  });

  test('is refused on the no-JS form too, the message beside the field and the number kept', async () => {
    const response = await SELF.fetch(API, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
      body: formBody(declaration({ phone: '14912345678' })),
    });
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page).toMatch(
      /id="f-phone-error"><span class="visually-hidden">错误：<\/span>149开头的号码不是在用的手机号段，请核对手机号码/,
    );
    expect(page).toMatch(/<input[^>]*name="phone"[^>]*value="14912345678"/);
  });
});

describe('a phone number on the in-use part of a block', () => {
  test.each(['16101234567', '17405123456'])('%s is accepted', async (phone) => {
    const response = await postJson(declaration({ phone }));
    expect(response.status).toBe(202);
  });
});
