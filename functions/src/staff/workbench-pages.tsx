/**
 * The ledger list as a grid worker's workbench (issue 12): search, filters, sorting by time or
 * urgency, paging that stays fast, possible duplicates flagged, bulk status change, and the same
 * query as JSON. A search on a full phone or ID number is written to the audit log.
 */
import { daysBetween } from '../../../src/lib/dates';
import { addFollowUpStatements } from '../db/ledger';
import {
  countDeclarations,
  findDeclarations,
  sameIdNumbers,
  visibleReferences,
  type Cursor,
  type LedgerFilter,
  type Sort,
} from '../db/ledger-query';
import { now } from '../clock';
import { json } from '../http';
import type { Staff } from './auth';
import {
  auditBy,
  dateParam,
  scopeOf,
  seeOther,
  todayOf,
  type Context,
  type Handler,
} from './context';
import { STATUS_LABELS, isFollowUpStatus, maskedItem, toEntry } from './entry';
import { staffPage } from './render';
import { isFullIdentifier, parseSearch } from './search';
import { ListView, type Duplicate } from './views/list';

/** Rows on one page of the list; the JSON API takes `limit` up to 1,000 (PRODUCT.md §7). */
const PAGE = 50;

/** Filters from the query string; unknown or malformed values are ignored, `limit` ≤ 1,000. */
export function filterFrom(url: URL, staff: Staff, defaultLimit = 100): LedgerFilter {
  const get = (name: string) => url.searchParams.get(name)?.trim() || undefined;
  const limit = Number(get('limit') ?? defaultLimit);
  return {
    gridId: staff.grid === '*' ? get('grid') : staff.grid,
    areaId: get('area'),
    risk: get('risk'),
    status: get('status'),
    from: dateParam(url, 'from'),
    to: dateParam(url, 'to'),
    arrivalFrom: dateParam(url, 'arrivalFrom'),
    arrivalTo: dateParam(url, 'arrivalTo'),
    search: parseSearch(get('q') ?? ''),
    limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, 1000) : defaultLimit,
  };
}

/** Which page: `sort=urgency&page=N`, or newest first from `after=<receivedAt>~<reference>`. */
function pageFrom(url: URL): { sort: Sort; after?: Cursor; page: number } {
  const sort: Sort = url.searchParams.get('sort') === 'urgency' ? 'urgency' : 'time';
  const page = Math.max(1, Math.min(Number(url.searchParams.get('page')) || 1, 10_000));
  const [receivedAt, reference] = (url.searchParams.get('after') ?? '').split('~');
  const after = receivedAt && reference ? { receivedAt, reference } : undefined;
  return { sort, page, ...(after && { after }) };
}

/** The rows of a list request, counted, with the audit of a search on a full identifier. */
async function query(context: Context, defaultLimit: number) {
  const { env, url, staff } = context;
  const filter = filterFrom(url, staff, defaultLimit);
  const page = pageFrom(url);
  const today = todayOf(env);
  const [rows, total] = await Promise.all([
    findDeclarations(env.LEDGER, filter, {
      sort: page.sort,
      after: page.after,
      offset: (page.page - 1) * filter.limit,
      today,
    }),
    countDeclarations(env.LEDGER, filter),
  ]);
  // Who looked up a whole phone or ID number, and how many it found; never the number itself.
  if (isFullIdentifier(filter.search)) {
    await auditBy(context, 'search', null, `${filter.search?.kind} ${total}条`).run();
  }
  return { filter, page, rows, total, today };
}

/**
 * Possible duplicates of each row, never merged (issue 12): the same ID number arriving within
 * 7 days in another declaration, or one ID number under different names.
 */
async function duplicatesOf(
  env: Env,
  staff: Staff,
  rows: readonly { reference: string; id_number: string; name: string; arrival_date: string }[],
): Promise<Map<string, Duplicate[]>> {
  const others = await sameIdNumbers(env.LEDGER, rows);
  const scope = scopeOf(staff);
  const flags = new Map<string, Duplicate[]>();
  for (const row of rows) {
    const found: Duplicate[] = [];
    for (const other of others) {
      if (other.reference === row.reference || other.id_number !== row.id_number) continue;
      const near = Math.abs(daysBetween(row.arrival_date, other.arrival_date)) <= 7;
      const renamed = other.name !== row.name;
      if (!near && !renamed) continue;
      found.push({
        kind: renamed ? 'names' : 'near',
        // Another grid's declaration is named only to those who may open it.
        reference: scope === undefined || other.grid_id === scope ? other.reference : undefined,
      });
    }
    if (found.length) flags.set(row.reference, found);
  }
  return flags;
}

export const list: Handler = async (context) => {
  const { env, url, staff, site } = context;
  const { filter, page, rows, total, today } = await query(context, PAGE);
  const duplicates = await duplicatesOf(env, staff, rows);
  const last = rows.at(-1);
  const next = new URLSearchParams(url.searchParams);
  if (page.sort === 'urgency') next.set('page', String(page.page + 1));
  else if (last) next.set('after', `${last.received_at}~${last.reference}`);
  return staffPage(
    env,
    staff,
    filter.search ? `查找 ${url.searchParams.get('q') ?? ''}` : '报备台账',
    <ListView
      entries={rows.map((row) => toEntry(row, site))}
      filter={filter}
      site={site}
      admin={staff.grid === '*'}
      query={url.searchParams}
      sort={page.sort}
      total={total}
      duplicates={duplicates}
      today={today}
      next={rows.length === filter.limit ? `?${next.toString()}` : undefined}
      firstPage={page.page === 1 && !page.after}
      searchText={url.searchParams.get('q') ?? ''}
    />,
  );
};

export const apiList: Handler = async (context) => {
  const { env, staff, site } = context;
  const { rows, total } = await query(context, 100);
  const duplicates = await duplicatesOf(env, staff, rows);
  return json({
    items: rows.map((row) => ({
      ...maskedItem(toEntry(row, site)),
      possibleDuplicate: duplicates.has(row.reference),
    })),
    total,
  });
};

/** At most this many rows change at once: one D1 transaction holds them all. */
const BULK_MAX = 100;

/** Several rows to one follow-up status, each recorded and audited as if done one by one. */
export const bulkStatus: Handler = async (context) => {
  const { env, request, staff } = context;
  const form = await request.formData();
  const status = String(form.get('status') ?? '');
  const asked = form.getAll('reference').map(String).slice(0, BULK_MAX);
  const back = String(form.get('back') ?? '');
  if (!isFollowUpStatus(status) || asked.length === 0) {
    const message = asked.length === 0 ? '请先勾选要更新的报备' : '请选择要改成的跟进状态';
    return staffPage(
      env,
      staff,
      '错误：批量更新',
      <>
        <h1>没有更新</h1>
        <p class="callout warn" role="alert">
          {message}。
        </p>
        <p>
          <a href={`/staff/declarations/${back.startsWith('?') ? back : ''}`}>返回台账</a>
        </p>
      </>,
      422,
    );
  }
  // Only rows the caller may see: a grid worker cannot change another grid's by a crafted form.
  const references = await visibleReferences(env.LEDGER, asked, scopeOf(staff));
  const at = now(env).toISOString();
  const note = `批量更新为${STATUS_LABELS[status]}`;
  await env.LEDGER.batch(
    references.flatMap((reference) => [
      ...addFollowUpStatements(env.LEDGER, reference, { at, actor: staff.actor, status, note }),
      auditBy(context, 'status', reference, status),
    ]),
  );
  return seeOther(`/staff/declarations/${back.startsWith('?') ? back : ''}`);
};
