/**
 * The ledger export in workerd: the CSV as Excel reads it (a strict RFC 4180 reader), the .xlsx
 * unzipped with fflate and read back by an independent reader, read-excel-file.
 */
import { env } from 'cloudflare:test';
import { unzipSync } from 'fflate';
import { readSheet } from 'read-excel-file/universal';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Declaration } from '../../src/schemas/declaration';
import type { LedgerEntry } from '../src/staff/entry';
import {
  csvStream,
  exportContentDisposition,
  exportFileName,
  LEDGER_COLUMNS,
  xlsxSheet,
} from '../src/staff/export';
import { xlsxStream } from '../src/staff/xlsx';
import { loadRegions } from '../src/regions';

// The export names origins from the site's region files, loaded a page at a time by its caller.
beforeAll(() => loadRegions(env, ['110105', '330106']));

const ledgerCsv = (entries: AsyncIterable<readonly LedgerEntry[]>) =>
  csvStream(LEDGER_COLUMNS, entries);
const ledgerXlsx = (entries: AsyncIterable<readonly LedgerEntry[]>) =>
  xlsxStream([xlsxSheet({ name: '台账', columns: LEDGER_COLUMNS, pages: entries })]);

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
    status: 'cleared',
    arrivalDate: '2026-11-23',
    monitoringEnds: '2026-11-30',
    // Extended by three days: the export shows the day the period really ends.
    monitoringUntil: '2026-12-03',
    closeout: { kind: 'completed', by: '李秀英', at: '2026-12-03T02:20:00.000Z' },
    outcome: undefined,
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
  {
    reference: '9876-5432-1',
    revision: 1,
    risk: 'low',
    status: 'new',
    monitoringEnds: null,
    monitoringUntil: null,
    closeout: null,
  },
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
  '监测办结',
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

/** The entries as the export reads them from D1: pages of rows. */
async function* pages(entries: readonly LedgerEntry[], size = 1) {
  for (let at = 0; at < entries.length; at += size) yield entries.slice(at, at + size);
}

/** All bytes of a stream. */
async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const csvOf = async (entries: readonly LedgerEntry[]) =>
  readCsv(await bytesOf(ledgerCsv(pages(entries))));

async function xlsxParts(entries: readonly LedgerEntry[]) {
  const bytes = await bytesOf(ledgerXlsx(pages(entries)));
  const files = unzipSync(bytes);
  const text = (name: string) => new TextDecoder().decode(files[name]);
  return { bytes, files, text };
}

describe('the ledger columns', () => {
  test('have the Chinese headers in the order of a grid worker’s sheet', () => {
    expect(LEDGER_COLUMNS.map((item) => item.header)).toEqual(HEADERS);
  });

  test('keep the reference, the ID number and the phone number as text', () => {
    const identifiers = LEDGER_COLUMNS.filter((item) => item.kind === 'identifier');
    expect(identifiers.map((item) => item.header)).toEqual(['回执编号', '证件号码', '手机号码']);
  });
});

describe('the CSV export', () => {
  test('starts with the UTF-8 byte order mark', async () => {
    const bytes = await bytesOf(ledgerCsv(pages([entry()])));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  test('has the Chinese headers as its first record', async () => {
    expect((await csvOf([])).rows).toEqual([HEADERS]);
  });

  test('ends every record, the last one too, in CRLF with no bare line feed between records', async () => {
    const { text, rows } = await csvOf([entry(), plain]);
    expect(rows).toHaveLength(3);
    expect(text.endsWith('\r\n')).toBe(true);
    for (const row of rows) expect(row).toHaveLength(HEADERS.length);
  });

  test('writes the ID number, the phone number and the reference as ="…" text formulas', async () => {
    const { text, rows } = await csvOf([entry()]);
    const row = rows[1] ?? [];
    expect(row[column('证件号码')]).toBe(`="${ID_NUMBER}"`);
    expect(row[column('手机号码')]).toBe('="13800138000"');
    expect(row[column('回执编号')]).toBe('="0123-4567-8"');
    // RFC 4180 §2.7: the formula's quotes are doubled inside a quoted field.
    expect(text).toContain(`"=""${ID_NUMBER}"""`);
  });

  test('quotes a field with a comma, a quote and a line break, and reads back the same text', async () => {
    const { text, rows } = await csvOf([entry()]);
    expect(text).toContain('"3栋2单元501,""东门""进\n右手边"');
    expect(rows[1]?.[column('详细地址')]).toBe(ADDRESS);
  });

  test('neutralises a note that starts with a formula', async () => {
    const { rows } = await csvOf([entry()]);
    expect(rows[1]?.[column('备注')]).toBe(`'${NOTE}`);
  });

  test.each(['=1+1', '+86 138', '-2+3', '@SUM(A1)', '\tcmd', '\r=1'])(
    'puts an apostrophe before a free-text cell starting %j',
    async (value) => {
      const { rows } = await csvOf([entry({ gridName: value }, { name: value })]);
      expect(rows[1]?.[column('姓名')]).toBe(`'${value}`);
      expect(rows[1]?.[column('网格')]).toBe(`'${value}`);
    },
  );

  test('leaves text that only contains a formula character as it is', async () => {
    const { rows } = await csvOf([entry({}, { note: '体温=36.5，咳嗽-无' })]);
    expect(rows[1]?.[column('备注')]).toBe('体温=36.5，咳嗽-无');
  });

  test('writes every column of a full row in Chinese, the time in Asia/Shanghai', async () => {
    const { rows } = await csvOf([entry()]);
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
        "健康监测截止: 2026-12-03",
        "监测办结: 解除监测（李秀英，2026-12-03 10:20）",
        "跟进状态: 已解除监测",
        "备注: '=HYPERLINK("http://evil.example","点我")",
      ]
    `);
  });

  test('fills the cells of a declaration without optional answers with 无 or nothing', async () => {
    const { rows } = await csvOf([plain]);
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
    expect(cell('监测办结')).toBe('');
    expect(cell('跟进状态')).toBe('待联系');
    expect(cell('备注')).toBe('');
  });
});

describe('the XLSX export', () => {
  test('reads back in an independent reader with every value and type as written', async () => {
    const { bytes } = await xlsxParts([entry(), plain]);
    const rows = await readSheet(bytes.buffer);
    expect(rows[0]).toEqual(HEADERS);
    const cell = (row: number, header: string) => rows[row]?.[column(header)];
    // Identifiers are text: all 18 characters, never 1.10105E+17.
    expect(cell(1, '证件号码')).toBe(ID_NUMBER);
    expect(cell(1, '手机号码')).toBe('13800138000');
    expect(cell(1, '回执编号')).toBe('0123-4567-8');
    expect(cell(2, '证件号码')).toBe('E01234567');
    // Counts and the temperature are numbers; names outside the BMP survive.
    expect(cell(1, '修改次数')).toBe(1);
    expect(cell(1, '体温')).toBe(37);
    expect(cell(1, '姓名')).toBe('𠮷野·艾力');
    expect(cell(1, '详细地址')).toBe(ADDRESS);
    // A formula a resident typed stays text.
    expect(cell(1, '备注')).toBe(NOTE);
    expect(cell(2, '体温')).toBeNull();
    expect(rows).toHaveLength(3);
  });

  test('is a ZIP archive with the package parts, the sheet deflated', async () => {
    const { bytes, files } = await xlsxParts([entry(), plain]);
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
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
  });

  test('writes the Chinese headers in bold, frozen, with a filter over every row', async () => {
    const { text } = await xlsxParts([entry(), plain]);
    const sheet = text('xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<c r="A1" s="1" t="inlineStr"><is><t>回执编号</t></is></c>');
    expect(sheet).toContain('<c r="R2" s="3"><v>37</v></c>');
    expect(sheet).toContain('state="frozen"');
    expect(sheet).toContain('<autoFilter ref="A1:Z3"/>');
    expect(text('xl/workbook.xml')).toContain("'台账'!$A$1:$Z$3");
  });

  test('escapes markup, keeps line breaks and drops characters XML 1.0 forbids', async () => {
    const note = '<b>A&B</b>\u0001\u0008\uFFFE "x" _x0041_ \uD800';
    const { bytes, text } = await xlsxParts([entry({}, { note })]);
    const sheet = text('xl/worksheets/sheet1.xml');
    expect(sheet).toContain(
      '<c r="Z2" t="inlineStr"><is><t xml:space="preserve">&lt;b&gt;A&amp;B&lt;/b&gt; &quot;x&quot; _x005F_x0041_ </t></is></c>',
    );
    const forbidden = [...sheet].filter((char) => char < ' ' && !'\t\n\r'.includes(char));
    expect(forbidden).toEqual([]);
    const rows = await readSheet(bytes.buffer, { trim: false });
    expect(rows[1]?.[column('备注')]).toBe('<b>A&B</b> "x" _x0041_ ');
  });

  test('streams many pages into one sheet, rows in order', async () => {
    const many = Array.from({ length: 1200 }, (_, index) =>
      entry({ reference: `1000-${String(index).padStart(4, '0')}-0` }),
    );
    const bytes = await bytesOf(ledgerXlsx(pages(many, 500)));
    // (read-excel-file unzips large files in a Web Worker, which workerd does not have.)
    const sheet = new TextDecoder().decode(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
    expect(sheet.match(/<row /g)).toHaveLength(1201);
    expect(sheet).toContain(
      '<row r="1201"><c r="A1201" s="2" t="inlineStr"><is><t>1000-1199-0</t>',
    );
    expect(sheet).toContain('<autoFilter ref="A1:Z1201"/>');
  });

  test('gives an empty ledger a header row and nothing else', async () => {
    const { bytes, text } = await xlsxParts([]);
    expect(text('xl/worksheets/sheet1.xml').match(/<row /g)).toHaveLength(1);
    expect(await readSheet(bytes.buffer)).toEqual([HEADERS]);
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
