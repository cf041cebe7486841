/**
 * Everything under /staff/: sign-in, the ledger list, a declaration's detail with follow-ups and
 * an audited reveal, the JSON API and the export (PRODUCT.md §7). Grid workers see their own
 * grid only; an admin sees all. Every answer is `no-store`.
 */
import { shanghaiDate } from '../../../src/lib/dates';
import { maskIdNumber, maskName, maskPhone } from '../../../src/lib/mask';
import type { PolicyOutcome } from '../../../src/lib/policy';
import type { Declaration } from '../../../src/schemas/declaration';
import { API_HEADERS, HTML_HEADERS, json } from '../http';
import {
  addFollowUp,
  audit,
  getDeclaration,
  listAudit,
  listDeclarations,
  listFollowUps,
  type DeclarationRow,
  type LedgerFilter,
} from '../db/ledger';
import { loadSite, type Site } from '../site';
import { authenticate, type Staff } from './auth';
import { FOLLOW_UP_STATUSES, type FollowUpStatus, type LedgerEntry } from './entry';
import { EXPORT_CONTENT_TYPES, exportContentDisposition, ledgerCsv, ledgerXlsx } from './export';
import { html, type Html } from '../html';
import { auditView, detailView, listView } from './views';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function toEntry(row: DeclarationRow, site: Site): LedgerEntry {
  const area = site.community.areas.find((item) => item.id === row.area_id);
  const grid = site.community.grids.find((item) => item.id === row.grid_id);
  return {
    reference: row.reference,
    receivedAt: row.received_at,
    submittedAt: row.submitted_at,
    revision: row.revision,
    areaId: row.area_id,
    areaName: area?.name ?? row.area_id,
    gridId: row.grid_id,
    gridName: grid?.name ?? row.grid_id,
    risk: row.risk,
    status: (FOLLOW_UP_STATUSES as readonly string[]).includes(row.status)
      ? (row.status as FollowUpStatus)
      : 'new',
    arrivalDate: row.arrival_date,
    monitoringEnds: row.monitoring_ends,
    declaration: JSON.parse(row.data) as Declaration,
  };
}

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
function describeFilter(filter: LedgerFilter): string {
  return Object.entries(filter)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
}

async function page(
  env: Env,
  title: string,
  content: Html,
  staff: Staff,
  status = 200,
): Promise<Response> {
  const shell = await env.ASSETS.fetch('https://assets.invalid/staff/');
  const rewriter = new HTMLRewriter()
    .on('title', { element: (element) => void element.setInnerContent(`${title} - 防疫工作台`) })
    .on('#staff-main', {
      element: (element) => void element.setInnerContent(content.value, { html: true }),
    })
    .on('[data-admin-only]', {
      element: (element) => {
        if (staff.grid !== '*') element.remove();
      },
    });
  return new Response(rewriter.transform(shell).body, { status, headers: HTML_HEADERS });
}

function unauthorized(request: Request): Response {
  const wantsHtml = (request.headers.get('Accept') ?? '').includes('text/html');
  const headers = { 'WWW-Authenticate': 'Basic realm="Firstline staff", charset="UTF-8"' };
  return wantsHtml
    ? new Response(
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>请登录</title><p>请用工作人员账号登录：用户名随意，密码填发给您的令牌。</p></html>',
        {
          status: 401,
          headers: {
            ...HTML_HEADERS,
            'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
            ...headers,
          },
        },
      )
    : json({ error: 'unauthorized' }, 401, headers);
}

// Browsers send Basic credentials on their own, so a POST must come from this very site.
function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('Origin');
  return (
    origin === new URL(request.url).origin ||
    request.headers.get('Sec-Fetch-Site') === 'same-origin'
  );
}

async function detail(env: Env, site: Site, staff: Staff, row: DeclarationRow, revealed: boolean) {
  const outcome = JSON.parse(row.outcome || '{}') as Partial<PolicyOutcome>;
  const followUps = await listFollowUps(env.LEDGER, row.reference);
  return page(
    env,
    `报备 ${row.reference}`,
    detailView(toEntry(row, site), outcome, followUps, revealed),
    staff,
  );
}

/** Answers a request under /staff/. */
export async function staffRoute(request: Request, env: Env): Promise<Response> {
  const site = await loadSite(env);
  const staff = await authenticate(
    request,
    env,
    new Set(site.community.grids.map((grid) => grid.id)),
  );
  if (!staff) return unauthorized(request);
  const url = new URL(request.url);
  const scope = staff.grid === '*' ? undefined : staff.grid;
  const now = new Date().toISOString();
  const path = url.pathname;

  if (request.method === 'GET' && (path === '/staff/' || path === '/staff')) {
    const filter = filterFrom(url, staff);
    const rows = await listDeclarations(env.LEDGER, filter);
    return page(
      env,
      '报备台账',
      listView(
        rows.map((row) => toEntry(row, site)),
        filter,
        site,
        url.search.slice(1),
      ),
      staff,
    );
  }
  if (request.method === 'GET' && path === '/staff/api/declarations') {
    const rows = await listDeclarations(env.LEDGER, filterFrom(url, staff));
    const items = rows
      .map((row) => toEntry(row, site))
      .map((entry) => ({
        reference: entry.reference,
        receivedAt: entry.receivedAt,
        revision: entry.revision,
        areaId: entry.areaId,
        gridId: entry.gridId,
        risk: entry.risk,
        status: entry.status,
        arrivalDate: entry.arrivalDate,
        monitoringEnds: entry.monitoringEnds,
        name: maskName(entry.declaration.name),
        phone: maskPhone(entry.declaration.phone),
        idNumber: maskIdNumber(entry.declaration.idNumber),
      }));
    return json({ items });
  }
  if (request.method === 'GET' && path === '/staff/export') {
    const format = url.searchParams.get('format') === 'csv' ? 'csv' : 'xlsx';
    const filter = { ...filterFrom(url, staff), limit: 1000 };
    const entries = (await listDeclarations(env.LEDGER, filter)).map((row) => toEntry(row, site));
    await audit(env.LEDGER, {
      at: now,
      actor: staff.actor,
      action: 'export',
      reference: null,
      detail: `${format} ${entries.length}条 ${describeFilter(filter)}`,
    });
    const body = format === 'csv' ? ledgerCsv(entries) : await ledgerXlsx(entries);
    return new Response(body, {
      headers: {
        'Content-Type': EXPORT_CONTENT_TYPES[format],
        'Content-Disposition': exportContentDisposition(format, shanghaiDate()),
        ...API_HEADERS,
      },
    });
  }
  if (request.method === 'GET' && path === '/staff/audit/') {
    if (staff.grid !== '*')
      return page(env, '无权查看', html`<h1>只有管理员可以查看操作记录</h1>`, staff, 403);
    return page(env, '操作记录', auditView(await listAudit(env.LEDGER, 200)), staff);
  }

  const match = /^\/staff\/declarations\/(\d{4}-\d{4}-\d)\/(reveal|follow-ups)?$/.exec(path);
  const row = match?.[1] ? await getDeclaration(env.LEDGER, match[1], scope) : undefined;
  if (!match || !row)
    return page(
      env,
      '没有找到',
      html`<h1>没有找到这条报备</h1>
        <p><a href="/staff/">返回台账</a></p>`,
      staff,
      404,
    );
  const action = match[2];
  if (!action && request.method === 'GET') return detail(env, site, staff, row, false);
  if (request.method !== 'POST' || !action)
    return json({ error: 'method_not_allowed' }, 405, { Allow: action ? 'POST' : 'GET' });
  if (!sameOrigin(request)) return json({ error: 'forbidden' }, 403);
  if (action === 'reveal') {
    await audit(env.LEDGER, {
      at: now,
      actor: staff.actor,
      action: 'reveal',
      reference: row.reference,
      detail: '',
    });
    return detail(env, site, staff, row, true);
  }
  const form = await request.formData();
  const status = String(form.get('status') ?? '');
  if (!(FOLLOW_UP_STATUSES as readonly string[]).includes(status))
    return json({ error: 'validation_failed' }, 422);
  const note = String(form.get('note') ?? '')
    .trim()
    .slice(0, 500);
  await addFollowUp(env.LEDGER, row.reference, { at: now, actor: staff.actor, status, note });
  return new Response(null, {
    status: 303,
    headers: { ...API_HEADERS, Location: `/staff/declarations/${row.reference}/` },
  });
}
