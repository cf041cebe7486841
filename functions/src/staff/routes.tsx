/**
 * Everything under /staff/ as a route table (PRODUCT.md §7, §11): sign-in, today's worklist, the
 * ledger, a declaration with its readings, follow-ups and audited reveal and call, the village
 * checkpoint, the dashboard, the JSON APIs and the export. Grid workers see their own grid only;
 * an admin sees all. Never stored.
 */
import { API_HEADERS, json } from '../http';
import { loadSite } from '../site';
import { authenticate } from './auth';
import type { Handler } from './context';
import { arrive, checkpoint, undoArrival } from './checkpoint-pages';
import { dashboard } from './dashboard-pages';
import { auditLog, exportLedger, followUp, reveal, showDeclaration } from './ledger-pages';
import {
  apiMonitoring,
  call,
  card,
  closeOut,
  recordReading,
  worklistPage,
} from './monitoring-pages';
import { staffPage } from './render';
import { apiList, bulkStatus, list } from './workbench-pages';
import { notFound } from './context';

const REFERENCE = ':reference(\\d{4}-\\d{4}-\\d)';

const route = (method: 'GET' | 'POST', pathname: string, handler: Handler) => ({
  method,
  pattern: new URLPattern({ pathname }),
  handler,
});
const declaration = (rest: string) => `/staff/declarations/${REFERENCE}/${rest}`;

/** The staff routes: method, URL pattern, handler. A POST must come from this very site. */
const ROUTES = [
  route('GET', '/staff/', worklistPage),
  route('GET', '/staff/declarations/', list),
  route('POST', '/staff/declarations/bulk-status', bulkStatus),
  route('GET', '/staff/checkpoint/', checkpoint),
  route('POST', '/staff/checkpoint/arrive', arrive),
  route('POST', '/staff/checkpoint/undo-arrival', undoArrival),
  route('GET', '/staff/dashboard/', dashboard),
  route('GET', '/staff/api/declarations', apiList),
  route('GET', '/staff/api/monitoring', apiMonitoring),
  route('GET', '/staff/export', exportLedger),
  route('GET', '/staff/audit/', auditLog),
  route('GET', declaration(''), showDeclaration),
  route('GET', declaration('card/'), card),
  route('POST', declaration('reveal'), reveal),
  route('POST', declaration('call'), call),
  route('POST', declaration('follow-ups'), followUp),
  route('POST', declaration('checkins'), recordReading),
  route('POST', declaration('close-out'), closeOut),
] as const;

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
export async function staffRoute(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  pathname: string,
): Promise<Response> {
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
  return found.route.handler({ request, env, ctx, url, staff, site, params });
}
