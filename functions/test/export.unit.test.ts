/** The ledger export in workerd: the CSV as Excel reads it, the .xlsx unzipped by hand. */
import { describe, expect, test } from 'vitest';
import type { Declaration } from '../../src/schemas/declaration';
import type { LedgerEntry } from '../src/staff/entry';
import {
  EXPORT_COLUMNS,
  exportContentDisposition,
  exportFileName,
  ledgerCsv,
  ledgerXlsx,
} from '../src/staff/export';
import { crc32 } from '../src/staff/zip';

const ID_NUMBER = '11010519491231002X';
const ADDRESS = '3栋2单元501,"东门"进\n右手边';
const NOTE = '=HYPERLINK("http://evil.example","点我")';

function entry(overrides: Partial<LedgerEntry> = {}, declaration: Partial<Declaration> = {}) {
  const base: LedgerEntry = {
    reference: '0123-4567-8',
    // 16:05 UTC is past midnight in Shanghai: the export shows the next day.
    receivedAt: '2026-11-23T16:05:09.123Z',
    submittedAt: '2026-11-23T17:00:00.000Z',
    revision: 2,
    areaId: 'dongshan-1',
    areaName: '东山村一组',
    gridId: 'grid-1',
    gridName: '第一网格（东山村）',
    risk: 'medium',
    status: 'monitoring',
    arrivalDate: '2026-11-23',
    monitoringEnds: '2026-11-30',
    declaration: {
      name: '𠮷野·艾力',
      idType: 'resident_id',
      idNumber: ID_NUMBER,
      phone: '13800138000',
      areaId: 'dongshan-1',
      addressDetail: ADDRESS,
      originRegion: '330106',
      originDetail: '文三路街道',
      departureDate: '2026-11-22',
      arrivalDate: '2026-11-23',
      transport: 'train',
      transportDetail: 'G7512',
      viaRiskArea: true,
      healthCode: 'yellow',
      symptoms: ['fever', 'cough'],
      temperature: 37,
      nucleicTest: 'negative',
      nucleicTestDate: '2026-11-22',
      closeContact: false,
      companions: 2,
      note: NOTE,
      consent: true,
      ...declaration,
    },
  };
  return { ...base, ...overrides };
}

/** A second returnee: passport, nothing optional filled in, no monitoring. */
const plain = entry(
  { reference: '9876-5432-1', revision: 1, risk: 'low', status: 'new', monitoringEnds: null },
  {
    name: 'Anna Müller',
    idType: 'passport',
    idNumber: 'E01234567',
    phone: '19912345678',
    addressDetail: '清河花园8号',
    originRegion: '110105',
    transport: 'car',
    viaRiskArea: false,
    healthCode: 'green',
    symptoms: [],
    nucleicTest: 'none',
    closeContact: false,
    companions: 0,
    consent: true,
  },
);
delete plain.declaration.originDetail;
delete plain.declaration.transportDetail;
delete plain.declaration.temperature;
delete plain.declaration.nucleicTestDate;
delete plain.declaration.note;

const HEADERS = [
  '回执编号',
  '提交时间',
  '修改次数',
  '网格',
  '片区',
  '详细地址',
  '姓名',
  '证件类型',
  '证件号码',
  '手机号码',
  '从哪里来',
  '出发日期',
  '到达日期',
  '交通方式',
  '途经风险地区',
  '健康码',
  '症状',
  '体温',
  '核酸检测',
  '密切接触者',
  '同行人数',
  '风险评估',
  '健康监测截止',
  '跟进状态',
  '备注',
];

/** A strict RFC 4180 reader: fails on a bare LF or CR, a stray quote, or a record without CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let at = 0;
  let fieldStart = true;
  while (at < text.length) {
    if (fieldStart && text[at] === '"') {
      at += 1;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote === -1) throw new Error('unterminated quoted field');
        field += text.slice(at, quote);
        at = quote + 1;
        if (text[at] !== '"') break;
        field += '"';
        at += 1;
      }
      if (!text.startsWith(',', at) && !text.startsWith('\r\n', at)) {
        throw new Error(`text after a closing quote at ${at}`);
      }
      fieldStart = false;
    } else if (text[at] === ',') {
      row.push(field);
      field = '';
      fieldStart = true;
      at += 1;
    } else if (text.startsWith('\r\n', at)) {
      row.push(field);
      rows.push(row);
      [row, field, fieldStart] = [[], '', true];
      at += 2;
    } else {
      const char = text[at] ?? '';
      if ('"\r\n'.includes(char)) throw new Error(`unquoted ${JSON.stringify(char)} at ${at}`);
      field += char;
      fieldStart = false;
      at += 1;
    }
  }
  if (row.length > 0 || field !== '') throw new Error('the last record does not end in CRLF');
  return rows;
}

/** The CSV as text, the BOM removed, and its records. */
function readCsv(bytes: Uint8Array) {
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  expect(text.startsWith('\uFEFF')).toBe(true);
  return { text: text.slice(1), rows: parseCsv(text.slice(1)) };
}

const column = (header: string) => HEADERS.indexOf(header);

interface ZipFile {
  flags: number;
  method: number;
  crc: number;
  data: Uint8Array;
}

async function inflate(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Reads a ZIP as unzip does (APPNOTE.TXT 4.3): end record, central directory, local headers. */
async function unzip(bytes: Uint8Array<ArrayBuffer>): Promise<Map<string, ZipFile>> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  expect(at + view.getUint32(end + 12, true)).toBe(end);
  const files = new Map<string, ZipFile>();
  for (let index = 0; index < count; index += 1) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const offset = view.getUint32(at + 42, true);
    const compressedSize = view.getUint32(at + 20, true);
    expect(view.getUint32(offset, true)).toBe(0x04034b50);
    expect(view.getUint32(offset + 14, true)).toBe(view.getUint32(at + 16, true));
    const start =
      offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
    const body = bytes.subarray(start, start + compressedSize);
    const method = view.getUint16(at + 10, true);
    const data = method === 8 ? await inflate(body) : body;
    expect(data.length).toBe(view.getUint32(at + 24, true));
    files.set(name, {
      flags: view.getUint16(at + 8, true),
      method,
      crc: view.getUint32(at + 16, true),
      data,
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return files;
}

async function xlsxParts(entries: readonly LedgerEntry[]) {
  const files = await unzip(await ledgerXlsx(entries));
  const text = (name: string) => new TextDecoder().decode(files.get(name)?.data);
  return { files, text };
}

describe('the ledger columns', () => {
  test('have the Chinese headers in the order of a grid worker’s sheet', () => {
    expect(EXPORT_COLUMNS.map((item) => item.header)).toEqual(HEADERS);
  });

  test('keep the reference, the ID number and the phone number as text', () => {
    const identifiers = EXPORT_COLUMNS.filter((item) => item.kind === 'identifier');
    expect(identifiers.map((item) => item.header)).toEqual(['回执编号', '证件号码', '手机号码']);
  });
});

describe('the CSV export', () => {
  test('starts with the UTF-8 byte order mark', () => {
    expect([...ledgerCsv([entry()]).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  test('has the Chinese headers as its first record', () => {
    expect(readCsv(ledgerCsv([])).rows).toEqual([HEADERS]);
  });

  test('ends every record, the last one too, in CRLF with no bare line feed between records', () => {
    const { text, rows } = readCsv(ledgerCsv([entry(), plain]));
    expect(rows).toHaveLength(3);
    expect(text.endsWith('\r\n')).toBe(true);
    for (const row of rows) expect(row).toHaveLength(HEADERS.length);
  });

  test('writes the ID number, the phone number and the reference as ="…" text formulas', () => {
    const { text, rows } = readCsv(ledgerCsv([entry()]));
    const row = rows[1] ?? [];
    expect(row[column('证件号码')]).toBe(`="${ID_NUMBER}"`);
    expect(row[column('手机号码')]).toBe('="13800138000"');
    expect(row[column('回执编号')]).toBe('="0123-4567-8"');
    // RFC 4180 §2.7: the formula's quotes are doubled inside a quoted field.
    expect(text).toContain(`"=""${ID_NUMBER}"""`);
  });

  test('quotes a field with a comma, a quote and a line break, and reads back the same text', () => {
    const { text, rows } = readCsv(ledgerCsv([entry()]));
    expect(text).toContain('"3栋2单元501,""东门""进\n右手边"');
    expect(rows[1]?.[column('详细地址')]).toBe(ADDRESS);
  });

  test('neutralises a note that starts with a formula', () => {
    const { rows } = readCsv(ledgerCsv([entry()]));
    expect(rows[1]?.[column('备注')]).toBe(`'${NOTE}`);
  });

  test.each(['=1+1', '+86 138', '-2+3', '@SUM(A1)', '\tcmd', '\r=1'])(
    'puts an apostrophe before a free-text cell starting %j',
    (value) => {
      const { rows } = readCsv(ledgerCsv([entry({ gridName: value }, { name: value })]));
      expect(rows[1]?.[column('姓名')]).toBe(`'${value}`);
      expect(rows[1]?.[column('网格')]).toBe(`'${value}`);
    },
  );

  test('leaves text that only contains a formula character as it is', () => {
    const { rows } = readCsv(ledgerCsv([entry({}, { note: '体温=36.5，咳嗽-无' })]));
    expect(rows[1]?.[column('备注')]).toBe('体温=36.5，咳嗽-无');
  });

  test('writes every column of a full row in Chinese, the time in Asia/Shanghai', () => {
    const { rows } = readCsv(ledgerCsv([entry()]));
    expect(HEADERS.map((header, index) => `${header}: ${rows[1]?.[index] ?? ''}`))
      .toMatchInlineSnapshot(`
      [
        "回执编号: ="0123-4567-8"",
        "提交时间: 2026-11-24 00:05",
        "修改次数: 1",
        "网格: 第一网格（东山村）",
        "片区: 东山村一组",
        "详细地址: 3栋2单元501,"东门"进
      右手边",
        "姓名: 𠮷野·艾力",
        "证件类型: 居民身份证",
        "证件号码: ="11010519491231002X"",
        "手机号码: ="13800138000"",
        "从哪里来: 浙江省杭州市西湖区（文三路街道）",
        "出发日期: 2026-11-22",
        "到达日期: 2026-11-23",
        "交通方式: 火车/高铁（G7512）",
        "途经风险地区: 是",
        "健康码: 黄码",
        "症状: 发热、咳嗽",
        "体温: 37.0",
        "核酸检测: 阴性（2026-11-22）",
        "密切接触者: 否",
        "同行人数: 2",
        "风险评估: 中风险",
        "健康监测截止: 2026-11-30",
        "跟进状态: 居家健康监测中",
        "备注: '=HYPERLINK("http://evil.example","点我")",
      ]
    `);
  });

  test('fills the cells of a declaration without optional answers with 无 or nothing', () => {
    const { rows } = readCsv(ledgerCsv([plain]));
    const cell = (header: string) => rows[1]?.[column(header)];
    expect(cell('修改次数')).toBe('0');
    expect(cell('证件类型')).toBe('护照');
    expect(cell('证件号码')).toBe('="E01234567"');
    expect(cell('从哪里来')).toBe('北京市朝阳区');
    expect(cell('交通方式')).toBe('自驾车');
    expect(cell('症状')).toBe('无');
    expect(cell('体温')).toBe('');
    expect(cell('核酸检测')).toBe('没有做');
    expect(cell('健康监测截止')).toBe('无');
    expect(cell('跟进状态')).toBe('待联系');
    expect(cell('备注')).toBe('');
  });
});

describe('the XLSX export', () => {
  test('is a ZIP archive starting with a local file header', async () => {
    const bytes = await ledgerXlsx([entry()]);
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });

  test('holds the package parts with matching CRC-32s and UTF-8 names', async () => {
    const { files } = await xlsxParts([entry(), plain]);
    expect([...files.keys()]).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/worksheets/sheet1.xml',
      'xl/styles.xml',
    ]);
    for (const file of files.values()) {
      expect(file.crc).toBe(crc32(file.data));
      expect(file.flags & 0x0800).toBe(0x0800);
      expect([0, 8]).toContain(file.method);
    }
    expect(files.get('xl/worksheets/sheet1.xml')?.method).toBe(8);
  });

  test('declares the workbook, the sheet and the styles in [Content_Types].xml', async () => {
    const { text } = await xlsxParts([entry()]);
    const types = text('[Content_Types].xml');
    expect(types).toContain(
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>',
    );
    expect(types).toContain('PartName="/xl/workbook.xml"');
    expect(types).toContain('PartName="/xl/styles.xml"');
    expect(text('xl/workbook.xml')).toContain('<sheet name="台账" sheetId="1" r:id="rId1"/>');
    expect(text('xl/_rels/workbook.xml.rels')).toContain('Target="worksheets/sheet1.xml"');
    expect(text('_rels/.rels')).toContain('Target="xl/workbook.xml"');
  });

  test('writes the ID number, the phone number and the reference as inline string cells', async () => {
    const sheet = (await xlsxParts([entry()])).text('xl/worksheets/sheet1.xml');
    expect(sheet).toContain(`<c r="I2" s="2" t="inlineStr"><is><t>${ID_NUMBER}</t></is></c>`);
    expect(sheet).toContain('<c r="J2" s="2" t="inlineStr"><is><t>13800138000</t></is></c>');
    expect(sheet).toContain('<c r="A2" s="2" t="inlineStr"><is><t>0123-4567-8</t></is></c>');
    expect(sheet).not.toContain(`<v>${ID_NUMBER}</v>`);
    expect(sheet).not.toContain('<v>13800138000</v>');
  });

  test('writes the Chinese headers in bold, the name and the counts', async () => {
    const sheet = (await xlsxParts([entry()])).text('xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<c r="A1" s="1" t="inlineStr"><is><t>回执编号</t></is></c>');
    expect(sheet).toContain('<c r="G2" t="inlineStr"><is><t>𠮷野·艾力</t></is></c>');
    expect(sheet).toContain('<c r="C2"><v>1</v></c>');
    expect(sheet).toContain('<c r="R2" s="3"><v>37</v></c>');
    expect(sheet).toContain('<dimension ref="A1:Y2"/>');
    expect(sheet).toContain('state="frozen"');
  });

  test('escapes markup, keeps line breaks and drops characters XML 1.0 forbids', async () => {
    const note = '<b>A&B</b>\u0001\u0008\uFFFE "x" _x0041_ \uD800';
    const sheet = (await xlsxParts([entry({}, { note })])).text('xl/worksheets/sheet1.xml');
    expect(sheet).toContain(
      '<c r="Y2" t="inlineStr"><is><t xml:space="preserve">&lt;b&gt;A&amp;B&lt;/b&gt; &quot;x&quot; _x005F_x0041_ </t></is></c>',
    );
    expect(sheet).toContain(
      '<c r="F2" t="inlineStr"><is><t xml:space="preserve">3栋2单元501,&quot;东门&quot;进\n右手边</t></is></c>',
    );
    const forbidden = [...sheet].filter((char) => char < ' ' && !'\t\n\r'.includes(char));
    expect(forbidden).toEqual([]);
    expect(sheet).not.toContain('\uFFFE');
  });

  test('keeps a formula typed by a resident as text, without an apostrophe', async () => {
    const sheet = (await xlsxParts([entry()])).text('xl/worksheets/sheet1.xml');
    expect(sheet).toContain(
      '<c r="Y2" t="inlineStr"><is><t>=HYPERLINK(&quot;http://evil.example&quot;,&quot;点我&quot;)</t></is></c>',
    );
    expect(sheet).not.toContain('<f>');
  });

  test('gives an empty ledger a header row and nothing else', async () => {
    const { text } = await xlsxParts([]);
    const sheet = text('xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<dimension ref="A1:Y1"/>');
    expect(sheet.match(/<row /g)).toHaveLength(1);
  });
});

describe('the export file name', () => {
  test('is 台账 and the date', () => {
    expect(exportFileName('csv', '2026-11-24')).toBe('台账-2026-11-24.csv');
    expect(exportFileName('xlsx', '2026-11-24')).toBe('台账-2026-11-24.xlsx');
  });

  test('goes into Content-Disposition with an ASCII fallback and the UTF-8 name', () => {
    expect(exportContentDisposition('csv', '2026-11-24')).toBe(
      `attachment; filename="ledger-2026-11-24.csv"; filename*=UTF-8''%E5%8F%B0%E8%B4%A6-2026-11-24.csv`,
    );
    expect(exportContentDisposition('xlsx', '2026-11-24')).toBe(
      `attachment; filename="ledger-2026-11-24.xlsx"; filename*=UTF-8''%E5%8F%B0%E8%B4%A6-2026-11-24.xlsx`,
    );
  });

  test.each(['2026-02-30', '2026-11-24\r\nSet-Cookie: a=b', '2026-11-24"', ''])(
    'refuses %j as the date',
    (today) => {
      expect(() => exportFileName('csv', today)).toThrow(RangeError);
      expect(() => exportContentDisposition('xlsx', today)).toThrow(RangeError);
    },
  );
});
