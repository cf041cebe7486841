/**
 * A streaming .xlsx writer: one sheet in the least SpreadsheetML (ECMA-376 Part 1 §18) Excel and
 * WPS open, zipped by fflate as the rows come, so memory stays flat however long the ledger is.
 */
import { Zip, ZipDeflate } from 'fflate';

/** A column's number format: `text` (`@`) keeps digits typed over as text, `0.0` one decimal. */
export type XlsxFormat = 'general' | 'text' | '0.0';

/** One column of the sheet. */
export interface XlsxColumn {
  header: string;
  /** In characters of the default font's digits (a Han character takes about 2). */
  width: number;
  format: XlsxFormat;
}

/** A cell: a string is always a text cell, a number a numeric one, `''` an empty cell. */
export type XlsxValue = string | number;

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const type = (part: string) =>
  `application/vnd.openxmlformats-officedocument.spreadsheetml.${part}+xml`;

// XML 1.0 §2.2 Char: anything else (control characters, lone surrogates, U+FFFE/FFFF) makes the
// part malformed and Excel refuses the whole file, so it is dropped.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
// ECMA-376 Part 1 §22.9.2.19 ST_Xstring: `_xHHHH_` in text stands for a character, so a literal
// one has its underscore written `_x005F_`.
const XSTRING_ESCAPE = /_(?=x[0-9A-Fa-f]{4}_)/g;

/** `value` as XML character data or attribute value, illegal characters dropped. */
export function xmlText(value: string): string {
  return (
    value
      .replace(NOT_XML_CHAR, '')
      .replace(XSTRING_ESCAPE, '_x005F_')
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      // A raw CR would be read back as LF (XML 1.0 §2.11).
      .replaceAll('\r', '&#13;')
  );
}

/** `A` … `Z`, `AA` …: the column letters of a cell reference (ECMA-376 Part 1 §18.17.2.3). */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

// Index into cellXfs of STYLES_XML: 0 general, 1 bold header, 2 text (`@`), 3 one decimal.
const HEADER_STYLE = 1;
const FORMAT_STYLES: Record<XlsxFormat, number> = { general: 0, text: 2, '0.0': 3 };

// 11 pt 等线, the default font of Chinese Office. Format `@` is builtin 49 (§18.8.30); fills 0 and
// 1 are the two every styles part must start with (§18.8.21).
const STYLES_XML =
  `${XML_DECLARATION}<styleSheet xmlns="${MAIN}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts><fonts count="2">' +
  '<font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>' +
  '<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill>' +
  '<fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

function cell(ref: string, value: XlsxValue, style: number): string {
  const s = style === 0 ? '' : ` s="${style}"`;
  if (value === '') return '';
  if (typeof value === 'number') {
    return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : '';
  }
  // An inline string (§18.3.1.53) needs no sharedStrings part, and a string cell is never read
  // as a number or a formula: ID numbers keep their 18 digits and a typed `=…` stays text.
  const text = xmlText(value);
  const space = /^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${text}</t></is></c>`;
}

function row(index: number, cells: string[]): string {
  return `<row r="${index + 1}">${cells.join('')}</row>`;
}

/** The sheet's rows `first`, `first + 1`, … as XML (row 0 is the header). */
function rowsXml(
  columns: readonly XlsxColumn[],
  rows: readonly (readonly XlsxValue[])[],
  first: number,
) {
  return rows
    .map((values, r) =>
      row(
        first + r,
        columns.map((column, c) =>
          cell(`${columnName(c)}${first + r + 1}`, values[c] ?? '', FORMAT_STYLES[column.format]),
        ),
      ),
    )
    .join('');
}

// Child order is fixed by CT_Worksheet (§18.3.1.99): the optional <dimension> is left out, since
// it precedes the rows and their number is known only at the end; <autoFilter> follows them.
function sheetStart(columns: readonly XlsxColumn[]): string {
  const cols = columns.map(
    (column, c) => `<col min="${c + 1}" max="${c + 1}" width="${column.width}" customWidth="1"/>`,
  );
  const header = columns.map((column, c) => cell(`${columnName(c)}1`, column.header, HEADER_STYLE));
  // The frozen pane keeps the header in view.
  return (
    `${XML_DECLARATION}<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}">` +
    '<sheetViews><sheetView workbookViewId="0">' +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
    `<cols>${cols.join('')}</cols><sheetData>${row(0, header)}`
  );
}

const sheetEnd = (last: string) => `</sheetData><autoFilter ref="A1:${last}"/></worksheet>`;

/** A sheet of the workbook: its name, columns and the rows, as pages that arrive one by one. */
export interface XlsxSheet {
  name: string;
  columns: readonly XlsxColumn[];
  pages: AsyncIterable<readonly (readonly XlsxValue[])[]>;
}

function workbookXml(sheets: readonly { name: string; columns: number; rows: number }[]): string {
  const names = sheets.map(
    (sheet, index) =>
      `<sheet name="${xmlText(sheet.name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`,
  );
  // Excel keeps an autofilter's range in this hidden name (§18.2.5); it repairs a file without.
  // §18.17.2.1: a sheet name in a reference is quoted, its own apostrophes doubled.
  const filters = sheets.map((sheet, index) => {
    const range = `'${sheet.name.replaceAll("'", "''")}'!$A$1:$${columnName(sheet.columns - 1)}$${sheet.rows + 1}`;
    return `<definedName name="_xlnm._FilterDatabase" localSheetId="${index}" hidden="1">${xmlText(range)}</definedName>`;
  });
  return (
    `${XML_DECLARATION}<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}">` +
    `<bookViews><workbookView/></bookViews><sheets>${names.join('')}</sheets>` +
    `<definedNames>${filters.join('')}</definedNames></workbook>`
  );
}

// ECMA-376 Part 2 (Open Packaging Conventions): the content types, then the relationships from
// the package to the workbook and from the workbook to its sheets and styles.
const contentTypesXml = (sheets: number) =>
  `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  `<Override PartName="/xl/workbook.xml" ContentType="${type('sheet.main')}"/>` +
  Array.from(
    { length: sheets },
    (_, index) =>
      `<Override PartName="/xl/worksheets/sheet${index + 1}.xml" ContentType="${type('worksheet')}"/>`,
  ).join('') +
  `<Override PartName="/xl/styles.xml" ContentType="${type('styles')}"/></Types>`;

const PACKAGE_RELS_XML =
  `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}">` +
  `<Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>` +
  '</Relationships>';

const workbookRelsXml = (sheets: number) =>
  `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}">` +
  Array.from(
    { length: sheets },
    (_, index) =>
      `<Relationship Id="rId${index + 1}" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`,
  ).join('') +
  `<Relationship Id="rId${sheets + 1}" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/>` +
  '</Relationships>';

// Excel's rules for sheet names (it refuses to open a workbook that breaks them).
const SHEET_NAME = /^(?!')[^\\/?*:[\]]{1,31}(?<!')$/u;

/**
 * An .xlsx workbook of `sheets`, streamed: each with a bold header row, frozen and with a filter,
 * then the rows its pages yield, each value under the column of the same index. Sheets are
 * written one after another; the workbook part, which names each filter's range, comes last,
 * when the row counts are known.
 */
export function xlsxStream(sheets: readonly XlsxSheet[]): ReadableStream<Uint8Array> {
  for (const sheet of sheets) {
    if (!SHEET_NAME.test(sheet.name))
      throw new RangeError(`Not a sheet name Excel takes: ${sheet.name}`);
    if (sheet.columns.length === 0) throw new RangeError('A sheet needs at least one column');
  }
  const encoder = new TextEncoder();
  const counts: number[] = [];
  let archive: Zip | undefined;
  let part: ZipDeflate | undefined;
  let current = -1;
  let iterator: AsyncIterator<readonly (readonly XlsxValue[])[]> | undefined;
  let emitted = 0;
  // Level 1: the CPU a Worker may spend matters more than the last few percent of size.
  const file = (name: string, xml?: string) => {
    const entry = new ZipDeflate(name, { level: 1 });
    archive?.add(entry);
    if (xml !== undefined) entry.push(encoder.encode(xml), true);
    return entry;
  };
  const nextSheet = () => {
    current += 1;
    const sheet = sheets[current];
    if (!sheet) return false;
    counts.push(0);
    part = file(`xl/worksheets/sheet${current + 1}.xml`);
    part.push(encoder.encode(sheetStart(sheet.columns)));
    iterator = sheet.pages[Symbol.asyncIterator]();
    return true;
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      archive = new Zip((error, chunk, final) => {
        if (error) controller.error(error);
        else {
          emitted += 1;
          controller.enqueue(chunk);
          if (final) controller.close();
        }
      });
      file('[Content_Types].xml', contentTypesXml(sheets.length));
      file('_rels/.rels', PACKAGE_RELS_XML);
      file('xl/_rels/workbook.xml.rels', workbookRelsXml(sheets.length));
      file('xl/styles.xml', STYLES_XML);
      nextSheet();
    },
    // A pull must enqueue something or close, or the reader waits for ever (Streams spec: pull is
    // called again only for a new read); deflate holds small inputs back, so go on until it emits.
    async pull() {
      const before = emitted;
      while (emitted === before) {
        const sheet = sheets[current];
        if (!sheet || !iterator) return;
        const next = await iterator.next();
        const written = counts[current] ?? 0;
        if (!next.done) {
          part?.push(encoder.encode(rowsXml(sheet.columns, next.value, written + 1)));
          counts[current] = written + next.value.length;
          continue;
        }
        part?.push(
          encoder.encode(sheetEnd(`${columnName(sheet.columns.length - 1)}${written + 1}`)),
          true,
        );
        if (!nextSheet()) {
          const summary = sheets.map((item, index) => ({
            name: item.name,
            columns: item.columns.length,
            rows: counts[index] ?? 0,
          }));
          file('xl/workbook.xml', workbookXml(summary));
          archive?.end();
          return;
        }
      }
    },
    async cancel() {
      await iterator?.return?.();
    },
  });
}
