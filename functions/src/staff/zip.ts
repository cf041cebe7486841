/** A minimal ZIP writer (PKWARE APPNOTE.TXT 6.3.10) for the .xlsx export; no ZIP64. */

/** One file to put in the archive. */
export interface ZipEntry {
  /** The path inside the archive, `/`-separated, no leading slash (APPNOTE 4.4.17). */
  name: string;
  data: Uint8Array<ArrayBuffer>;
}

// APPNOTE 4.3.7, 4.3.12, 4.3.16: record signatures, written little-endian.
const LOCAL_FILE_HEADER = 0x04034b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
// APPNOTE 4.4.3: 2.0 is the version that introduced deflate; nothing here needs more.
const VERSION = 20;
// APPNOTE 4.4.4 general purpose bit 11: names are UTF-8 (APPNOTE appendix D).
const UTF8_NAMES = 0x0800;
const STORED = 0;
const DEFLATED = 8;
// APPNOTE 4.4.6: MS-DOS date and time; 1980-01-01 00:00, the earliest it can hold, so the same
// ledger always gives the same bytes.
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;
// Without ZIP64 (APPNOTE 4.4.1.4) counts are 16-bit and sizes and offsets 32-bit.
const MAX_ENTRIES = 0xffff;
const MAX_SIZE = 0xffffffff;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * The CRC-32 of `data` as ZIP stores it (APPNOTE 4.4.7: the ISO 3309 / ITU-T V.42 polynomial
 * 0x04C11DB7, reflected, initial and final value 0xFFFFFFFF).
 */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** `data` compressed as a raw deflate stream (RFC 1951), as ZIP method 8 stores it. */
async function deflateRaw(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new CompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  // Written and read at once: the writer waits for the reader (backpressure), so awaiting the
  // write first would never finish on a large file.
  const [, compressed] = await Promise.all([
    writer.write(data).then(() => writer.close()),
    new Response(stream.readable).arrayBuffer(),
  ]);
  return new Uint8Array(compressed);
}

interface Packed {
  name: Uint8Array;
  method: number;
  crc: number;
  size: number;
  body: Uint8Array;
  offset: number;
}

function header(packed: Packed, signature: number, length: number): [Uint8Array, DataView] {
  const bytes = new Uint8Array(length + packed.name.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, signature, true);
  bytes.set(packed.name, length);
  return [bytes, view];
}

// APPNOTE 4.3.7: local file header. Sizes and CRC are known up front, so no data descriptor
// (general purpose bit 3) follows the data.
function localHeader(packed: Packed): Uint8Array {
  const [bytes, view] = header(packed, LOCAL_FILE_HEADER, 30);
  view.setUint16(4, VERSION, true);
  view.setUint16(6, UTF8_NAMES, true);
  view.setUint16(8, packed.method, true);
  view.setUint16(10, DOS_TIME, true);
  view.setUint16(12, DOS_DATE, true);
  view.setUint32(14, packed.crc, true);
  view.setUint32(18, packed.body.length, true);
  view.setUint32(22, packed.size, true);
  view.setUint16(26, packed.name.length, true);
  view.setUint16(28, 0, true);
  return bytes;
}

// APPNOTE 4.3.12: central directory file header; "version made by" 2.0 on MS-DOS (upper byte 0),
// so external attributes 0 mean an ordinary file.
function centralHeader(packed: Packed): Uint8Array {
  const [bytes, view] = header(packed, CENTRAL_DIRECTORY_HEADER, 46);
  view.setUint16(4, VERSION, true);
  view.setUint16(6, VERSION, true);
  view.setUint16(8, UTF8_NAMES, true);
  view.setUint16(10, packed.method, true);
  view.setUint16(12, DOS_TIME, true);
  view.setUint16(14, DOS_DATE, true);
  view.setUint32(16, packed.crc, true);
  view.setUint32(20, packed.body.length, true);
  view.setUint32(24, packed.size, true);
  view.setUint16(28, packed.name.length, true);
  // Extra field, comment, disk number, internal and external attributes: all 0.
  view.setUint32(42, packed.offset, true);
  return bytes;
}

// APPNOTE 4.3.16: end of central directory record, single disk, no comment.
function endRecord(count: number, directorySize: number, directoryOffset: number): Uint8Array {
  const bytes = new Uint8Array(22);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, END_OF_CENTRAL_DIRECTORY, true);
  view.setUint16(8, count, true);
  view.setUint16(10, count, true);
  view.setUint32(12, directorySize, true);
  view.setUint32(16, directoryOffset, true);
  return bytes;
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * A ZIP archive of `entries`, in order: each deflated with the runtime's `CompressionStream`, or
 * stored when deflating would not make it smaller. Throws past the limits of a ZIP without ZIP64
 * (65,535 files, 4 GiB), far beyond any ledger.
 */
export async function zip(entries: readonly ZipEntry[]): Promise<Uint8Array<ArrayBuffer>> {
  if (entries.length > MAX_ENTRIES) throw new RangeError('Too many files for a ZIP without ZIP64');
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const directory: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const deflated = await deflateRaw(entry.data);
    const stored = deflated.length >= entry.data.length;
    const packed: Packed = {
      name: encoder.encode(entry.name),
      method: stored ? STORED : DEFLATED,
      crc: crc32(entry.data),
      size: entry.data.length,
      body: stored ? entry.data : deflated,
      offset,
    };
    const local = localHeader(packed);
    parts.push(local, packed.body);
    directory.push(centralHeader(packed));
    offset += local.length + packed.body.length;
    if (offset > MAX_SIZE) throw new RangeError('Too large for a ZIP without ZIP64');
  }
  const directoryBytes = concat(directory);
  return concat([
    ...parts,
    directoryBytes,
    endRecord(entries.length, directoryBytes.length, offset),
  ]);
}
