/** The ZIP writer in workerd, its bytes read field by field as APPNOTE.TXT lays them out. */
import { describe, expect, test } from 'vitest';
import { crc32, zip } from '../src/staff/zip';

const encode = (text: string) => new TextEncoder().encode(text);
const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

async function inflate(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Response(stream).text();
}

describe('crc32', () => {
  // Check values of CRC-32/ISO-HDLC, the variant ZIP uses (APPNOTE.TXT 4.4.7).
  test.each([
    ['', 0],
    ['a', 0xe8b7be43],
    ['123456789', 0xcbf43926],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ])('of %j is the standard check value', (text, expected) => {
    expect(crc32(encode(text))).toBe(expected);
  });
});

describe('zip', () => {
  test('stores a file that deflate cannot shrink, with the headers APPNOTE.TXT describes', async () => {
    const data = encode('hi');
    const bytes = await zip([{ name: '台账.txt', data }]);
    const name = encode('台账.txt');
    const v = view(bytes);
    // Local file header (4.3.7).
    expect(v.getUint32(0, true)).toBe(0x04034b50);
    expect(v.getUint16(4, true)).toBe(20);
    expect(v.getUint16(6, true)).toBe(0x0800);
    expect(v.getUint16(8, true)).toBe(0);
    expect(v.getUint32(14, true)).toBe(crc32(data));
    expect(v.getUint32(18, true)).toBe(2);
    expect(v.getUint32(22, true)).toBe(2);
    expect(v.getUint16(26, true)).toBe(name.length);
    expect(bytes.subarray(30, 30 + name.length)).toEqual(name);
    expect(new TextDecoder().decode(bytes.subarray(30 + name.length, 32 + name.length))).toBe('hi');
    // Central directory header (4.3.12) right after the data, pointing back at offset 0.
    const central = 32 + name.length;
    expect(v.getUint32(central, true)).toBe(0x02014b50);
    expect(v.getUint16(central + 8, true)).toBe(0x0800);
    expect(v.getUint32(central + 16, true)).toBe(crc32(data));
    expect(v.getUint32(central + 42, true)).toBe(0);
    expect(bytes.subarray(central + 46, central + 46 + name.length)).toEqual(name);
    // End of central directory record (4.3.16), the last 22 bytes.
    const end = central + 46 + name.length;
    expect(bytes.length).toBe(end + 22);
    expect(v.getUint32(end, true)).toBe(0x06054b50);
    expect(v.getUint16(end + 8, true)).toBe(1);
    expect(v.getUint16(end + 10, true)).toBe(1);
    expect(v.getUint32(end + 12, true)).toBe(46 + name.length);
    expect(v.getUint32(end + 16, true)).toBe(central);
  });

  test('deflates a file that compresses, and it inflates back to the same text', async () => {
    const text = '<row>第一网格</row>'.repeat(2000);
    const data = encode(text);
    const bytes = await zip([{ name: 'a.xml', data }]);
    const v = view(bytes);
    expect(v.getUint16(8, true)).toBe(8);
    const size = v.getUint32(18, true);
    expect(size).toBeLessThan(data.length / 10);
    expect(v.getUint32(22, true)).toBe(data.length);
    expect(await inflate(bytes.slice(30 + 5, 30 + 5 + size))).toBe(text);
  });

  test('lists every file in the central directory at the offset of its local header', async () => {
    const bytes = await zip([
      { name: 'one', data: encode('1') },
      { name: 'two', data: encode('22') },
      { name: 'three', data: encode('') },
    ]);
    const v = view(bytes);
    const end = bytes.length - 22;
    expect(v.getUint16(end + 10, true)).toBe(3);
    let at = v.getUint32(end + 16, true);
    const found: [string, number][] = [];
    for (let index = 0; index < 3; index += 1) {
      const nameLength = v.getUint16(at + 28, true);
      const offset = v.getUint32(at + 42, true);
      expect(v.getUint32(offset, true)).toBe(0x04034b50);
      found.push([new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)), offset]);
      at += 46 + nameLength;
    }
    expect(found).toEqual([
      ['one', 0],
      ['two', 30 + 3 + 1],
      ['three', 30 + 3 + 1 + 30 + 3 + 2],
    ]);
    expect(at).toBe(end);
  });

  test('gives the same bytes for the same files', async () => {
    const files = [{ name: 'a.xml', data: encode('<a/>'.repeat(100)) }];
    expect(await zip(files)).toEqual(await zip(files));
  });

  test('makes an empty archive of just the end record', async () => {
    const bytes = await zip([]);
    expect(bytes.length).toBe(22);
    expect(view(bytes).getUint32(0, true)).toBe(0x06054b50);
  });
});
