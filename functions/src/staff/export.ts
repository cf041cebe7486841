/**
 * The ledger (台账) export (PRODUCT.md §7, §11): the declarations, the daily readings and the
 * follow-up notes, as CSV (one table per file) or as one .xlsx workbook, streamed.
 */
// Full, unmasked values: an export is an explicit action the caller writes to the audit log.
import { isRealDate, shanghaiMinute } from '../../../src/lib/dates';
import { CLOSEOUT_LABELS } from '../../../src/lib/monitoring';
import { RISK_LABELS } from '../../../src/lib/policy';
import { regionName } from '../regions';
import {
  FIELD_LABELS,
  HEALTH_CODE_LABELS,
  ID_TYPE_LABELS,
  NUCLEIC_TEST_LABELS,
  SYMPTOM_LABELS,
  TRANSPORT_LABELS,
} from '../../../src/schemas/declaration';
import { STATUS_LABELS, type LedgerEntry } from './entry';
import type { XlsxFormat, XlsxSheet } from './xlsx';

/**
 * How a column's values are written: `text` as it is (guarded against formula injection in CSV),
 * `identifier` always as text so spreadsheets keep every digit and leading zero, `integer` and
 * `decimal` (one place, for the temperature) as numbers.
 */
export type ExportCellKind = 'text' | 'identifier' | 'integer' | 'decimal';

/** One column of an exported sheet, for rows of type `T`. */
export interface ExportColumn<T> {
  /** The Chinese header. */
  header: string;
  kind: ExportCellKind;
  /** Width in the .xlsx, in characters of the default font (a Han character counts 2). */
  width: number;
  /** The cell of `row`; `''` leaves the cell empty. */
  value: (row: T) => string | number;
}

const yesNo = (value: boolean) => (value ? '是' : '否');
// A detail typed by the person goes in brackets after the chosen value: 火车/高铁（G7512）.
const withDetail = (value: string, detail: string | undefined) =>
  detail === undefined ? value : `${value}（${detail}）`;

/** The ledger columns in the order a grid worker reads a row: who, the journey, health, follow-up. */
export const LEDGER_COLUMNS: readonly ExportColumn<LedgerEntry>[] = [
  { header: '回执编号', kind: 'identifier', width: 14, value: (e) => e.reference },
  { header: '提交时间', kind: 'text', width: 17, value: (e) => shanghaiMinute(e.receivedAt) },
  // The ledger counts submissions from 1; the first one is not a change.
  { header: '修改次数', kind: 'integer', width: 9, value: (e) => e.revision - 1 },
  { header: '网格', kind: 'text', width: 18, value: (e) => e.gridName },
  { header: '片区', kind: 'text', width: 16, value: (e) => e.areaName },
  {
    header: FIELD_LABELS.addressDetail,
    kind: 'text',
    width: 24,
    value: (e) => e.declaration.addressDetail,
  },
  { header: FIELD_LABELS.name, kind: 'text', width: 12, value: (e) => e.declaration.name },
  {
    header: FIELD_LABELS.idType,
    kind: 'text',
    width: 14,
    value: (e) => ID_TYPE_LABELS[e.declaration.idType],
  },
  {
    header: FIELD_LABELS.idNumber,
    kind: 'identifier',
    width: 21,
    value: (e) => e.declaration.idNumber,
  },
  { header: FIELD_LABELS.phone, kind: 'identifier', width: 14, value: (e) => e.declaration.phone },
  {
    header: FIELD_LABELS.originRegion,
    kind: 'text',
    width: 30,
    value: ({ declaration: d }) =>
      withDetail(regionName(d.originRegion) ?? d.originRegion, d.originDetail),
  },
  {
    header: FIELD_LABELS.departureDate,
    kind: 'text',
    width: 12,
    value: (e) => e.declaration.departureDate,
  },
  {
    header: FIELD_LABELS.arrivalDate,
    kind: 'text',
    width: 12,
    value: (e) => e.declaration.arrivalDate,
  },
  {
    header: FIELD_LABELS.transport,
    kind: 'text',
    width: 20,
    value: ({ declaration: d }) => withDetail(TRANSPORT_LABELS[d.transport], d.transportDetail),
  },
  {
    header: '途经风险地区',
    kind: 'text',
    width: 13,
    value: (e) => yesNo(e.declaration.viaRiskArea),
  },
  {
    header: '健康码',
    kind: 'text',
    width: 12,
    value: (e) => HEALTH_CODE_LABELS[e.declaration.healthCode],
  },
  {
    header: '症状',
    kind: 'text',
    width: 18,
    value: ({ declaration: d }) =>
      d.symptoms.length === 0 ? '无' : d.symptoms.map((s) => SYMPTOM_LABELS[s]).join('、'),
  },
  { header: '体温', kind: 'decimal', width: 7, value: (e) => e.declaration.temperature ?? '' },
  {
    header: FIELD_LABELS.nucleicTest,
    kind: 'text',
    width: 22,
    value: ({ declaration: d }) =>
      withDetail(NUCLEIC_TEST_LABELS[d.nucleicTest], d.nucleicTestDate),
  },
  {
    header: '密切接触者',
    kind: 'text',
    width: 11,
    value: (e) => yesNo(e.declaration.closeContact),
  },
  {
    header: FIELD_LABELS.companions,
    kind: 'integer',
    width: 9,
    value: (e) => e.declaration.companions,
  },
  { header: '风险评估', kind: 'text', width: 9, value: (e) => RISK_LABELS[e.risk] },
  // With the grid worker's extensions: the day the period really ends.
  { header: '健康监测截止', kind: 'text', width: 13, value: (e) => e.monitoringUntil ?? '无' },
  {
    header: '监测办结',
    kind: 'text',
    width: 30,
    value: ({ closeout, monitoringUntil }) =>
      closeout
        ? `${CLOSEOUT_LABELS[closeout.kind]}（${closeout.by}，${shanghaiMinute(closeout.at)}）`
        : monitoringUntil
          ? '未办结'
          : '',
  },
  { header: '跟进状态', kind: 'text', width: 18, value: (e) => STATUS_LABELS[e.status] },
  { header: FIELD_LABELS.note, kind: 'text', width: 40, value: (e) => e.declaration.note ?? '' },
];

// ---------------------------------------------------------------------------------------------
// CSV

const BOM = '\uFEFF';
// OWASP "CSV Injection": a cell starting with one of these may be read as a formula (or, for tab
// and CR, hide one) by Excel, WPS and LibreOffice; a leading ' makes it plain text.
const FORMULA_START = /^[=+\-@\t\r]/;
// RFC 4180 §2.6: fields holding a comma, a double quote or a line break are quoted.
const NEEDS_QUOTES = /[",\r\n]/;

function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csvCell(kind: ExportCellKind, value: string | number): string {
  if (typeof value === 'number') return kind === 'decimal' ? value.toFixed(1) : String(value);
  if (value === '') return '';
  // `="…"` is a formula whose result is the text itself: Excel and WPS open a CSV without an
  // import dialog and would otherwise turn an 18-digit ID number into 1.10105E+17 (and lose its
  // last digits past 15) and drop the leading zeros. Residents cannot write these cells freely:
  // the schema limits them to letters, digits and dashes.
  if (kind === 'identifier') return csvField(`="${value.replaceAll('"', '""')}"`);
  return csvField(FORMULA_START.test(value) ? `'${value}` : value);
}

/**
 * A sheet as CSV for Excel and WPS, streamed page by page: UTF-8 with a byte order mark (without
 * it Excel reads the file as GBK and garbles the Chinese), CRLF line ends and quoting as in RFC
 * 4180, ID numbers, phone numbers and references written `="…"` so every digit is kept.
 */
export function csvStream<T>(
  columns: readonly ExportColumn<T>[],
  pages: AsyncIterable<readonly T[]>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  // RFC 4180 §2.1-2.2: CRLF after every record, the last one included.
  const line = (cells: string[]) => `${cells.join(',')}\r\n`;
  const iterator = pages[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(
        encoder.encode(BOM + line(columns.map((column) => csvField(column.header)))),
      );
    },
    // Each pull enqueues a page or closes (an empty page would leave the reader waiting).
    async pull(controller) {
      let next = await iterator.next();
      while (!next.done && next.value.length === 0) next = await iterator.next();
      if (next.done) return controller.close();
      const rows = next.value.map((row) =>
        line(columns.map((column) => csvCell(column.kind, column.value(row)))),
      );
      controller.enqueue(encoder.encode(rows.join('')));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

const XLSX_FORMATS: Record<ExportCellKind, XlsxFormat> = {
  text: 'general',
  identifier: 'text',
  integer: 'general',
  decimal: '0.0',
};

/** One sheet of the exported workbook: its name, columns and rows page by page. */
export interface ExportSheet<T> {
  name: string;
  columns: readonly ExportColumn<T>[];
  pages: AsyncIterable<readonly T[]>;
}

/** A sheet as the .xlsx writer takes it: identifiers as text cells, counts and temperatures as numbers. */
export function xlsxSheet<T>({ name, columns, pages }: ExportSheet<T>): XlsxSheet {
  async function* rows() {
    for await (const page of pages)
      yield page.map((row) => columns.map((column) => column.value(row)));
  }
  return {
    name,
    columns: columns.map(({ header, width, kind }) => ({
      header,
      width,
      format: XLSX_FORMATS[kind],
    })),
    pages: rows(),
  };
}

// ---------------------------------------------------------------------------------------------
// Download headers

/** The media type of each format (text/csv and its charset: RFC 4180 §3; .xlsx: ECMA-376). */
export const EXPORT_CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** An export format: `csv` or `xlsx`. */
export type ExportFormat = keyof typeof EXPORT_CONTENT_TYPES;

function checkedDate(today: string): string {
  // The date ends up in a header: anything but a real date could smuggle in CR, LF or quotes.
  if (!isRealDate(today)) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(today)}`);
  return today;
}

/** What a CSV export holds (one table per file); the .xlsx holds all three as sheets. */
export const EXPORT_TABLES = {
  ledger: { name: '台账', ascii: 'ledger' },
  readings: { name: '每日健康监测', ascii: 'readings' },
  'follow-ups': { name: '跟进记录', ascii: 'follow-ups' },
} as const;
export type ExportTable = keyof typeof EXPORT_TABLES;

/** The Chinese file name of an export made on `today` (`YYYY-MM-DD`): `台账-2026-11-24.csv`. */
export function exportFileName(
  format: ExportFormat,
  today: string,
  table: ExportTable = 'ledger',
): string {
  return `${EXPORT_TABLES[table].name}-${checkedDate(today)}.${format}`;
}

/**
 * The `Content-Disposition` of an export made on `today`: an ASCII `filename` for old clients and
 * the Chinese name as `filename*` (RFC 6266 §4.3, RFC 8187, which replaced RFC 5987):
 * `attachment; filename="ledger-2026-11-24.csv"; filename*=UTF-8''%E5%8F%B0%E8%B4%A6-…`.
 */
export function exportContentDisposition(
  format: ExportFormat,
  today: string,
  table: ExportTable = 'ledger',
): string {
  // RFC 8187 §3.2.1 attr-char excludes ' ( ) *, which encodeURIComponent leaves as they are.
  const encoded = encodeURIComponent(exportFileName(format, today, table)).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${EXPORT_TABLES[table].ascii}-${today}.${format}"; filename*=UTF-8''${encoded}`;
}
