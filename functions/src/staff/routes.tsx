/**
 * Everything under /staff/ as a route table: sign-in, the ledger list, a declaration's detail
 * with follow-ups and an audited reveal, the JSON API and the export (PRODUCT.md §7). Grid
 * workers see their own grid only; an admin sees all. Every answer is `no-store`.
 */
import { shanghaiDate } from '../../../src/lib/dates';
import {
  addFollowUp,
  audit,
  countDeclarations,
  getDeclaration,
  listAudit,
  listDeclarations,
  listFollowUps,
  type Cursor,
  type DeclarationRow,
  type LedgerFilter,
} from '../db/ledger';
import { API_HEADERS, json } from '../http';
import { loadSite, type Site } from '../site';
import { authenticate, type Staff } from './auth';
import { isFollowUpStatus, maskedItem, toEntry } from './entry';
import { EXPORT_CONTENT_TYPES, exportContentDisposition, ledgerCsv, ledgerXlsx } from './export';
import { staffPage } from './render';
import { AuditView } from './views/audit';
import { DetailView } from './views/detail';
import { ListView } from './views/list';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What a handler gets: the request, who is asking and the built site. */
interface Context {
  request: Request;
  env: Env;
  url: URL;
  staff: Staff;
  site: Site;
  /** Path parameters of the route's pattern. */
  params: Record<string, string | undefined>;
}

type Handler = (context: Context) => Promise<Response>;

/** Filters from the query string; unknown or malformed values are ignored, `limit` ≤ 1,000. */
function filterFrom(url: URL, staff: Staff): LedgerFilter {
  const get = (name: string) => url.searchParams.get(name)?.trim() || undefined;
  const date = (name: string) => {
    const value = get(name);
    return value && DATE.test(value) ? value : undefined;
  };
  const limit = Number(get('limit') ?? 100);
  return {
    gridId: staff.grid === '*' ? get('grid') : staff.grid,
    areaId: get('area'),
    risk: get('risk'),
    status: get('status'),
    from: date('from'),
    to: date('to'),
    limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, 1000) : 100,
  };
}

/** The filters as they appear in the audit log: keys and values, never personal data. */
function describeFilter(filter: Record<string, string | number | undefined>): string {
  return Object.entries(filter)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
}

const notFound = (env: Env, staff: Staff) =>
  staffPage(
    env,
    staff,
    '没有找到',
    <>
      <h1>没有找到这条报备</h1>
      <p>
        <a href="/staff/">返回台账</a>
      </p>
    </>,
    404,
  );

/** The declaration the route names, within the caller's grid; undefined answers 404. */
async function rowOf({ env, staff, params }: Context): Promise<DeclarationRow | undefined> {
  const scope = staff.grid === '*' ? undefined : staff.grid;
  return params['reference'] ? getDeclaration(env.LEDGER, params['reference'], scope) : undefined;
}

async function detail(context: Context, row: DeclarationRow, revealed: boolean) {
  const { env, staff, site } = context;
  const followUps = await listFollowUps(env.LEDGER, row.reference);
  return staffPage(
    env,
    staff,
    `报备 ${row.reference}`,
    <DetailView entry={toEntry(row, site)} followUps={followUps} revealed={revealed} />,
  );
}

const list: Handler = async ({ env, url, staff, site }) => {
  const filter = filterFrom(url, staff);
  const entries = (await listDeclarations(env.LEDGER, filter)).map((row) => toEntry(row, site));
  return staffPage(
    env,
    staff,
    '报备台账',
    <ListView entries={entries} filter={filter} site={site} query={url.search.slice(1)} />,
  );
};

const apiList: Handler = async ({ env, url, staff, site }) => {
  const filter = filterFrom(url, staff);
  const [rows, total] = await Promise.all([
    listDeclarations(env.LEDGER, filter),
    countDeclarations(env.LEDGER, filter),
  ]);
  return json({ items: rows.map((row) => maskedItem(toEntry(row, site))), total });
};

// Rows read per D1 query while an export streams: memory holds one page at a time.
const EXPORT_PAGE = 500;

/** Every entry matching `filter`, a page at a time, newest first (keyset paging). */
async function* entryPages(env: Env, site: Site, filter: LedgerFilter) {
  let after: Cursor | undefined;
  for (;;) {
    const rows = await listDeclarations(env.LEDGER, { ...filter, limit: EXPORT_PAGE }, after);
    if (rows.length > 0) yield rows.map((row) => toEntry(row, site));
    const last = rows.at(-1);
    if (!last || rows.length < EXPORT_PAGE) return;
    after = { receivedAt: last.received_at, reference: last.reference };
  }
}

const exportLedger: Handler = async ({ env, url, staff, site }) => {
  const format = url.searchParams.get('format') === 'csv' ? 'csv' : 'xlsx';
  const filter = filterFrom(url, staff);
  // Audited before a byte leaves: who exported how many rows with which filters.
  const rows = await countDeclarations(env.LEDGER, filter);
  await audit(env.LEDGER, {
    at: new Date().toISOString(),
    actor: staff.actor,
    action: 'export',
    reference: null,
    detail: `${format} ${rows}条 ${describeFilter({ ...filter, limit: undefined })}`,
  });
  const pages = entryPages(env, site, filter);
  const body = format === 'csv' ? ledgerCsv(pages) : ledgerXlsx(pages);
  return new Response(body, {
    headers: {
      ...API_HEADERS,
      'Content-Type': EXPORT_CONTENT_TYPES[format],
      'Content-Disposition': exportContentDisposition(format, shanghaiDate()),
    },
  });
};

const auditLog: Handler = async ({ env, staff }) =>
  staff.grid === '*'
    ? staffPage(env, staff, '操作记录', <AuditView records={await listAudit(env.LEDGER, 200)} />)
    : staffPage(env, staff, '无权查看', <h1>只有管理员可以查看操作记录</h1>, 403);

const showDeclaration: Handler = async (context) => {
  const row = await rowOf(context);
  return row ? detail(context, row, false) : notFound(context.env, context.staff);
};

const reveal: Handler = async (context) => {
  const row = await rowOf(context);
  if (!row) return notFound(context.env, context.staff);
  await audit(context.env.LEDGER, {
    at: new Date().toISOString(),
    actor: context.staff.actor,
    action: 'reveal',
    reference: row.reference,
    detail: '',
  });
  return detail(context, row, true);
};

const followUp: Handler = async (context) => {
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
    at: new Date().toISOString(),
    actor: staff.actor,
    status,
    note,
  });
  return new Response(null, {
    status: 303,
    headers: { ...API_HEADERS, Location: `/staff/declarations/${row.reference}/` },
  });
};

const REFERENCE = ':reference(\\d{4}-\\d{4}-\\d)';

/** The staff routes: method, URL pattern, handler. A POST must come from this very site. */
const ROUTES: readonly { method: 'GET' | 'POST'; pattern: URLPattern; handler: Handler }[] = [
  { method: 'GET', pattern: new URLPattern({ pathname: '/staff/' }), handler: list },
  {
    method: 'GET',
    pattern: new URLPattern({ pathname: '/staff/api/declarations' }),
    handler: apiList,
  },
  { method: 'GET', pattern: new URLPattern({ pathname: '/staff/export' }), handler: exportLedger },
  { method: 'GET', pattern: new URLPattern({ pathname: '/staff/audit/' }), handler: auditLog },
  {
    method: 'GET',
    pattern: new URLPattern({ pathname: `/staff/declarations/${REFERENCE}/` }),
    handler: showDeclaration,
  },
  {
    method: 'POST',
    pattern: new URLPattern({ pathname: `/staff/declarations/${REFERENCE}/reveal` }),
    handler: reveal,
  },
  {
    method: 'POST',
    pattern: new URLPattern({ pathname: `/staff/declarations/${REFERENCE}/follow-ups` }),
    handler: followUp,
  },
];

function unauthorized(request: Request, env: Env): Promise<Response> | Response {
  const headers = { 'WWW-Authenticate': 'Basic realm="Firstline staff", charset="UTF-8"' };
  if (!(request.headers.get('Accept') ?? '').includes('text/html')) {
    return json({ error: 'unauthorized' }, 401, headers);
  }
  return staffPage(
    env,
    undefined,
    '请登录',
    <>
      <h1>请登录</h1>
      <p>请用工作人员账号登录：用户名随意，密码填发给您的令牌。</p>
    </>,
    401,
    headers,
  );
}

// Browsers send Basic credentials on their own, so a POST must come from this very site.
function sameOrigin(request: Request): boolean {
  return (
    request.headers.get('Origin') === new URL(request.url).origin ||
    request.headers.get('Sec-Fetch-Site') === 'same-origin'
  );
}

/**
 * Answers a request under /staff/ (`pathname` as the Worker resolved it); nothing is answered
 * before the caller is signed in, whatever way the path was written.
 */
export async function staffRoute(request: Request, env: Env, pathname: string): Promise<Response> {
  const site = await loadSite(env);
  const gridIds = new Set(site.community.grids.map((grid) => grid.id));
  const staff = await authenticate(request, env, gridIds);
  if (!staff) return unauthorized(request, env);
  const url = new URL(request.url);
  // `/staff`, `//staff/` or `/%73taff/`: signed in, the staff member is sent to the real address.
  const path = pathname === '/staff' ? '/staff/' : pathname;
  if (path !== url.pathname) {
    return new Response(null, {
      status: 308,
      headers: { ...API_HEADERS, Location: `${path}${url.search}` },
    });
  }
  const matching = ROUTES.map((route) => ({
    route,
    match: route.pattern.exec({ pathname: path }),
  })).filter(({ match }) => match !== null);
  if (matching.length === 0) return notFound(env, staff);
  const found = matching.find(({ route }) => route.method === request.method);
  if (!found) {
    const allow = [...new Set(matching.map(({ route }) => route.method))].join(', ');
    return json({ error: 'method_not_allowed' }, 405, { Allow: allow });
  }
  if (found.route.method === 'POST' && !sameOrigin(request))
    return json({ error: 'forbidden' }, 403);
  const params = found.match?.pathname.groups ?? {};
  return found.route.handler({ request, env, url, staff, site, params });
}
