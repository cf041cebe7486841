/**
 * A declaration for staff (PRODUCT.md §7): its detail with readings and follow-ups, the audited
 * reveal, and the ledger's streamed export and audit log. The list is in workbench-pages.
 */
import { addFollowUp, listAudit, listFollowUps, type DeclarationRow } from '../db/ledger';
import {
  countDeclarations,
  listDeclarations,
  type Cursor,
  type LedgerFilter,
} from '../db/ledger-query';
import { now } from '../clock';
import { loadRegions } from '../regions';
import { readingsOf } from '../db/monitoring';
import { API_HEADERS, json } from '../http';
import type { Site } from '../site';
import { auditBy, notFound, rowOf, seeOther, todayOf, type Context, type Handler } from './context';
import { isFollowUpStatus, toEntry } from './entry';
import {
  csvStream,
  EXPORT_CONTENT_TYPES,
  EXPORT_TABLES,
  exportContentDisposition,
  LEDGER_COLUMNS,
  xlsxSheet,
  type ExportColumn,
  type ExportTable,
} from './export';
import {
  dayRowPages,
  FOLLOW_UP_COLUMNS,
  followUpPages,
  READING_COLUMNS,
} from './export-monitoring';
import { xlsxStream } from './xlsx';
import { staffPage } from './render';
import { AuditView } from './views/audit';
import { DetailView } from './views/detail';
import { filterFrom } from './workbench-pages';

/** The filters as they appear in the audit log: keys and values, never personal data. */
function describeFilter(filter: Record<string, string | number | undefined>): string {
  return Object.entries(filter)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
}

/** What a declaration's page shows besides the ledger: a reveal, or a staff form sent back. */
export interface DetailOptions {
  /** Full identifiers, after an audited reveal. */
  revealed?: boolean;
  /** The reading form as sent, with its problems. */
  readingForm?: { values: Record<string, string>; issues: readonly Issue[] };
  /** Problems of the close-out form. */
  closeIssues?: readonly Issue[];
  status?: number;
}

type Issue = { path: string; message: string };

/** A declaration's page, identifiers masked unless revealed (after an audited reveal). */
export async function detail(context: Context, row: DeclarationRow, options: DetailOptions = {}) {
  const { env, staff, site } = context;
  const entry = toEntry(row, site);
  const [followUps, readings] = await Promise.all([
    listFollowUps(env.LEDGER, row.reference),
    readingsOf(env.LEDGER, row.reference),
    loadRegions(env, [entry.declaration.originRegion]),
  ]);
  return staffPage(
    env,
    staff,
    `报备 ${row.reference}`,
    <DetailView
      entry={entry}
      row={row}
      followUps={followUps}
      readings={readings}
      revealed={options.revealed ?? false}
      today={todayOf(env)}
      readingForm={options.readingForm}
      closeIssues={options.closeIssues}
    />,
    options.status,
  );
}

// Rows read per D1 query while an export streams: memory holds one page at a time.
const EXPORT_PAGE = 500;

/** Every entry matching `filter`, a page at a time, newest first (keyset paging). */
async function* entryPages(env: Env, site: Site, filter: LedgerFilter) {
  let after: Cursor | undefined;
  for (;;) {
    const rows = await listDeclarations(env.LEDGER, { ...filter, limit: EXPORT_PAGE }, after);
    if (rows.length > 0) {
      const entries = rows.map((row) => toEntry(row, site));
      await loadRegions(
        env,
        entries.map((entry) => entry.declaration.originRegion),
      );
      yield entries;
    }
    const last = rows.at(-1);
    if (!last || rows.length < EXPORT_PAGE) return;
    after = { receivedAt: last.received_at, reference: last.reference };
  }
}

export const exportLedger: Handler = async (context) => {
  const { env, url, staff, site } = context;
  const format = url.searchParams.get('format') === 'csv' ? 'csv' : 'xlsx';
  const asked = url.searchParams.get('table') ?? 'ledger';
  const table: ExportTable = asked === 'readings' || asked === 'follow-ups' ? asked : 'ledger';
  const filter = filterFrom(url, staff);
  // Audited before a byte leaves: who exported how many declarations with which filters.
  const rows = await countDeclarations(env.LEDGER, filter);
  // A search is named by its kind only: what was searched for may be a name or a phone number.
  const described = describeFilter({ ...filter, limit: undefined, search: filter.search?.kind });
  const what = format === 'csv' ? `csv ${EXPORT_TABLES[table].name}` : 'xlsx';
  await auditBy(context, 'export', null, `${what} ${rows}条 ${described}`).run();
  const tables = {
    ledger: { columns: LEDGER_COLUMNS, pages: () => entryPages(env, site, filter) },
    readings: { columns: READING_COLUMNS, pages: () => dayRowPages(env, site, filter) },
    'follow-ups': { columns: FOLLOW_UP_COLUMNS, pages: () => followUpPages(env, site, filter) },
  };
  const csv = {
    ledger: () => csvStream(tables.ledger.columns, tables.ledger.pages()),
    readings: () => csvStream(tables.readings.columns, tables.readings.pages()),
    'follow-ups': () => csvStream(tables['follow-ups'].columns, tables['follow-ups'].pages()),
  };
  const sheet = <T,>(
    name: ExportTable,
    columns: readonly ExportColumn<T>[],
    pages: AsyncIterable<readonly T[]>,
  ) => xlsxSheet({ name: EXPORT_TABLES[name].name, columns, pages });
  const body =
    format === 'csv'
      ? csv[table]()
      : xlsxStream([
          sheet('ledger', tables.ledger.columns, tables.ledger.pages()),
          sheet('readings', tables.readings.columns, tables.readings.pages()),
          sheet('follow-ups', tables['follow-ups'].columns, tables['follow-ups'].pages()),
        ]);
  return new Response(body, {
    headers: {
      ...API_HEADERS,
      'Content-Type': EXPORT_CONTENT_TYPES[format],
      'Content-Disposition': exportContentDisposition(
        format,
        todayOf(env),
        format === 'csv' ? table : 'ledger',
      ),
    },
  });
};

export const auditLog: Handler = async ({ env, staff }) =>
  staff.grid === '*'
    ? staffPage(env, staff, '操作记录', <AuditView records={await listAudit(env.LEDGER, 200)} />)
    : staffPage(env, staff, '无权查看', <h1>只有管理员可以查看操作记录</h1>, 403);

export const showDeclaration: Handler = async (context) => {
  const row = await rowOf(context);
  return row ? detail(context, row) : notFound(context.env, context.staff);
};

export const reveal: Handler = async (context) => {
  const row = await rowOf(context);
  if (!row) return notFound(context.env, context.staff);
  await auditBy(context, 'reveal', row.reference).run();
  return detail(context, row, { revealed: true });
};

export const followUp: Handler = async (context) => {
  const { env, request, staff } = context;
  const row = await rowOf(context);
  if (!row) return notFound(env, staff);
  const form = await request.formData();
  const status = String(form.get('status') ?? '');
  if (!isFollowUpStatus(status)) return json({ error: 'validation_failed' }, 422);
  const note = String(form.get('note') ?? '')
    .trim()
    .slice(0, 500);
  await addFollowUp(env.LEDGER, row.reference, {
    at: now(env).toISOString(),
    actor: staff.actor,
    status,
    note,
  });
  return seeOther(`/staff/declarations/${row.reference}/`);
};
