/**
 * SQL that reads the ledger for staff (PRODUCT.md §7, issue 12): filters, search, sorting and
 * paging of the list, counts, the export's pages, possible duplicates. Every query here is one
 * indexed range or lookup (functions/test/query-plan.unit.test.ts checks with EXPLAIN).
 */
import { addDays, shanghaiDayStart } from '../../../src/lib/dates';
import type { Search } from '../staff/search';
import type { DeclarationRow, FollowUpRow } from './ledger';
import type { ReadingRow } from './monitoring';

/** Filters of the staff list, the JSON API and the export (PRODUCT.md §7, issue 12). */
export interface LedgerFilter {
  /** Only this grid; undefined for an admin seeing all. */
  gridId?: string | undefined;
  areaId?: string | undefined;
  risk?: string | undefined;
  status?: string | undefined;
  /** Received on or after this Asia/Shanghai date. */
  from?: string | undefined;
  /** Received on or before this Asia/Shanghai date. */
  to?: string | undefined;
  /** Arriving on or after / on or before these dates. */
  arrivalFrom?: string | undefined;
  arrivalTo?: string | undefined;
  search?: Search | undefined;
  limit: number;
}

/** Where a page of the list ends: the next page starts after this row (newest first). */
export interface Cursor {
  receivedAt: string;
  reference: string;
}

// The WHERE clause of a filter and its values; received_at is a UTC instant, the filter's dates
// are Asia/Shanghai days.
function whereOf(filter: LedgerFilter, table = ''): { sql: string; values: (string | number)[] } {
  const where: string[] = [];
  const values: (string | number)[] = [];
  const add = (clause: string, ...given: (string | number)[]) => {
    where.push(`${table}${clause}`);
    values.push(...given);
  };
  if (filter.gridId !== undefined) add('grid_id = ?', filter.gridId);
  if (filter.areaId) add('area_id = ?', filter.areaId);
  if (filter.risk) add('risk = ?', filter.risk);
  if (filter.status) add('status = ?', filter.status);
  if (filter.from) add('received_at >= ?', shanghaiDayStart(filter.from).toISOString());
  if (filter.to) add('received_at < ?', shanghaiDayStart(addDays(filter.to, 1)).toISOString());
  if (filter.arrivalFrom) add('arrival_date >= ?', filter.arrivalFrom);
  if (filter.arrivalTo) add('arrival_date <= ?', filter.arrivalTo);
  const search = filter.search;
  if (search?.kind === 'reference') add('reference = ?', search.value);
  if (search?.kind === 'phone') add('phone = ?', search.value);
  if (search?.kind === 'id') add('id_number = ?', search.value);
  if (search?.kind === 'name') {
    where.push(`${table}name >= ? AND ${table}name < ?`);
    values.push(search.value, `${search.value}\u{10FFFF}`);
  }
  if (search?.kind === 'tail') {
    // 尾号 as the search box promises (staff/search.ts): four digits are the end of an ID number
    // or of a phone; five or six only of an ID number. The last four are indexed either way.
    const last4 = search.value.slice(-4);
    if (search.value.length > 4) {
      where.push(`${table}id_tail = ? AND ${table}id_number LIKE ?`);
      values.push(last4, `%${search.value}`);
    } else {
      where.push(`(${table}id_tail = ? OR ${table}phone_tail = ?)`);
      values.push(last4, last4);
    }
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', values };
}

/** How the list is ordered: newest first, or most urgent first (issue 12). */
export type Sort = 'time' | 'urgency';

/** Which page of the list. */
export interface Page {
  sort: Sort;
  /** Newest first: the page starts after this row. */
  after?: Cursor | undefined;
  /** By urgency: the page starts after this many rows. */
  offset?: number;
  /** Today (Asia/Shanghai), for the "test due today" rank. */
  today: string;
}

// The urgency order's first keys, written exactly as migration 0007 indexes them: SQLite uses an
// index on expressions only for the very same expressions. Closed cases — monitoring ended
// (解除), referred to the fever clinic or lost — need nothing more from the grid worker and come
// after everyone still open; then high risk first; then not contacted yet.
const CLOSED = "(closeout IS NOT NULL OR status IN ('cleared', 'referred', 'lost'))";
const RANK = "(CASE risk WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END)";
const FRESH = "(status = 'new')";

/**
 * The SQL of a page of the list, with its values: newest first after `after` (keyset paging, as
 * fast on the last page as on the first), or by urgency — open cases before closed ones, then
 * high risk first, then not contacted yet, then a test due today, then waiting longest — from
 * `offset`. Exported for the query-plan test.
 */
export function listQuery(
  filter: LedgerFilter,
  page: Page,
): { sql: string; values: (string | number)[] } {
  const { sql, values } = whereOf(filter);
  if (page.sort === 'urgency') {
    // Read in the order of an index on the first keys (migration 0007), so only the first groups
    // are sorted by the rest; only the page's rows are read whole. The test-day `?` comes first
    // in the text, so its value comes first.
    return {
      sql: `WITH page AS (
          SELECT reference, received_at, ${CLOSED} AS closed, ${RANK} AS rank, ${FRESH} AS fresh,
            instr(test_days, ?) > 0 AS test_due
          FROM declarations ${sql}
          ORDER BY ${CLOSED}, ${RANK}, ${FRESH} DESC, test_due DESC, received_at, reference
          LIMIT ? OFFSET ?)
        SELECT d.* FROM page JOIN declarations d ON d.reference = page.reference
        ORDER BY page.closed, page.rank, page.fresh DESC, page.test_due DESC, page.received_at,
          page.reference`,
      values: [`"${page.today}"`, ...values, filter.limit, page.offset ?? 0],
    };
  }
  const { after } = page;
  return {
    sql: `SELECT * FROM declarations
      ${after ? `${sql ? `${sql} AND` : 'WHERE'} (received_at, reference) < (?, ?)` : sql}
      ORDER BY received_at DESC, reference DESC LIMIT ?`,
    values: [...values, ...(after ? [after.receivedAt, after.reference] : []), filter.limit],
  };
}

/** Ledger rows matching `filter`, a page of them (see {@link listQuery}). */
export async function findDeclarations(
  db: D1Database,
  filter: LedgerFilter,
  page: Page,
): Promise<DeclarationRow[]> {
  const { sql, values } = listQuery(filter, page);
  const { results } = await db
    .prepare(sql)
    .bind(...values)
    .all<DeclarationRow>();
  return results;
}

/** Ledger rows matching `filter`, newest first, `filter.limit` of them after `after`. */
export const listDeclarations = (db: D1Database, filter: LedgerFilter, after?: Cursor) =>
  findDeclarations(db, filter, { sort: 'time', after, today: '' });

/** The SQL that counts the rows matching `filter`, with its values. */
export function countQuery(filter: LedgerFilter): { sql: string; values: (string | number)[] } {
  const { sql, values } = whereOf(filter);
  return { sql: `SELECT count(*) AS n FROM declarations ${sql}`, values };
}

/** A reading joined to its declaration, for the export. */
export interface ExportReadingRow extends ReadingRow {
  grid_id: string;
  area_id: string;
  arrival_date: string;
  data: string;
}

/**
 * The readings of the declarations matching `filter`, by reference, day and half-day, `limit`
 * after the reading `after` (keyset paging on the readings' own key).
 */
export async function listReadings(
  db: D1Database,
  filter: LedgerFilter,
  after?: { reference: string; date: string; period: string },
): Promise<ExportReadingRow[]> {
  const { sql, values } = whereOf(filter, 'd.');
  const page = after
    ? `${sql ? `${sql} AND` : 'WHERE'} (c.reference, c.date, c.period) > (?, ?, ?)`
    : sql;
  const { results } = await db
    .prepare(
      `SELECT c.*, d.grid_id, d.area_id, d.arrival_date, d.data FROM checkins c
       JOIN declarations d ON d.reference = c.reference ${page}
       ORDER BY c.reference, c.date, c.period LIMIT ?`,
    )
    .bind(...values, ...(after ? [after.reference, after.date, after.period] : []), filter.limit)
    .all<ExportReadingRow>();
  return results;
}

/** The follow-up records of the declarations matching `filter`, oldest first, after id `after`. */
export async function listAllFollowUps(
  db: D1Database,
  filter: LedgerFilter,
  after = 0,
): Promise<(FollowUpRow & { id: number; reference: string; grid_id: string; data: string })[]> {
  const { sql, values } = whereOf(filter, 'd.');
  const { results } = await db
    .prepare(
      `SELECT f.*, d.grid_id, d.data FROM follow_ups f JOIN declarations d ON d.reference = f.reference
       ${sql ? `${sql} AND` : 'WHERE'} f.id > ? ORDER BY f.id LIMIT ?`,
    )
    .bind(...values, after, filter.limit)
    .all<FollowUpRow & { id: number; reference: string; grid_id: string; data: string }>();
  return results;
}

/** How many ledger rows match `filter` (its limit aside). */
export async function countDeclarations(db: D1Database, filter: LedgerFilter): Promise<number> {
  const { sql, values } = countQuery(filter);
  const row = await db
    .prepare(sql)
    .bind(...values)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** One ledger row, only if it belongs to `gridId` (when given). */
export async function getDeclaration(
  db: D1Database,
  reference: string,
  gridId: string | undefined,
): Promise<DeclarationRow | undefined> {
  const row = await db
    .prepare('SELECT * FROM declarations WHERE reference = ? AND (?2 IS NULL OR grid_id = ?2)')
    .bind(reference, gridId ?? null)
    .first<DeclarationRow>();
  return row ?? undefined;
}

/** A declaration as the duplicate flags compare it. */
export type IdNumberRow = Pick<
  DeclarationRow,
  'reference' | 'id_number' | 'name' | 'arrival_date' | 'grid_id'
>;

/**
 * The SQL that finds every declaration with one of `idNumbers`, with its value: one JSON
 * parameter instead of one per ID number (D1 binds at most 100). Exported for the query-plan test.
 */
export function sameIdNumbersQuery(idNumbers: readonly string[]): {
  sql: string;
  values: string[];
} {
  return {
    sql: `SELECT reference, id_number, name, arrival_date, grid_id FROM declarations
      WHERE id_number IN (SELECT value FROM json_each(?))`,
    values: [JSON.stringify(idNumbers)],
  };
}

/** Other declarations that share an ID number with `rows` (in any grid), for duplicate flags. */
export async function sameIdNumbers(
  db: D1Database,
  rows: readonly Pick<DeclarationRow, 'id_number'>[],
): Promise<IdNumberRow[]> {
  const ids = [...new Set(rows.map((row) => row.id_number).filter(Boolean))];
  if (ids.length === 0) return [];
  const { sql, values } = sameIdNumbersQuery(ids);
  const { results } = await db
    .prepare(sql)
    .bind(...values)
    .all<IdNumberRow>();
  return results;
}

/** Which of `references` exist within `gridId` (any grid when undefined). */
export async function visibleReferences(
  db: D1Database,
  references: readonly string[],
  gridId: string | undefined,
): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT reference FROM declarations WHERE reference IN (SELECT value FROM json_each(?1))
         AND (?2 IS NULL OR grid_id = ?2)`,
    )
    .bind(JSON.stringify(references), gridId ?? null)
    .all<{ reference: string }>();
  return results.map((row) => row.reference);
}
