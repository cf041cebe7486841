/** What every staff handler shares: its context, the caller's scope, 404 and 303 answers, audit. */
import { addDays, shanghaiDate } from '../../../src/lib/dates';
import { auditStatement, type AuditAction, type DeclarationRow } from '../db/ledger';
import { getDeclaration } from '../db/ledger-query';
import { now } from '../clock';
import { API_HEADERS } from '../http';
import type { Site } from '../site';
import type { Staff } from './auth';
import { staffPage } from './render';

/** What a handler gets: the request, who is asking and the built site. */
export interface Context {
  request: Request;
  env: Env;
  ctx: ExecutionContext;
  url: URL;
  staff: Staff;
  site: Site;
  /** Path parameters of the route's pattern. */
  params: Record<string, string | undefined>;
}

/** A staff route's handler. */
export type Handler = (context: Context) => Promise<Response>;

/** The grid a caller may see: theirs, or undefined for an admin (all grids). */
export const scopeOf = (staff: Staff) => (staff.grid === '*' ? undefined : staff.grid);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A `YYYY-MM-DD` query parameter, or undefined when absent or malformed. */
export function dateParam(url: URL, name: string): string | undefined {
  const value = url.searchParams.get(name)?.trim();
  return value && DATE.test(value) ? value : undefined;
}

/** Today in Asia/Shanghai by the Worker's clock. */
export const todayOf = (env: Env) => shanghaiDate(now(env));

/** The day a page is about: `?date=` within a month of today, else today (Asia/Shanghai). */
export function dayParam(env: Env, url: URL): string {
  const today = todayOf(env);
  const asked = dateParam(url, 'date');
  return asked && asked >= addDays(today, -31) && asked <= addDays(today, 31) ? asked : today;
}

/** The 404 page of a declaration the caller may not see or that does not exist. */
export const notFound = (env: Env, staff: Staff) =>
  staffPage(
    env,
    staff,
    '没有找到',
    <>
      <h1>没有找到这条报备</h1>
      <p>
        <a href="/staff/declarations/">返回台账</a>
      </p>
    </>,
    404,
  );

/** The declaration the route names, within the caller's grid; undefined answers 404. */
export async function rowOf({ env, staff, params }: Context): Promise<DeclarationRow | undefined> {
  const reference = params['reference'];
  return reference ? getDeclaration(env.LEDGER, reference, scopeOf(staff)) : undefined;
}

/** "See other": where the browser goes after a form post (POST/redirect/GET). */
export const seeOther = (location: string) =>
  new Response(null, { status: 303, headers: { ...API_HEADERS, Location: location } });

/** An audit record by the caller, as a statement for another write's transaction. */
export function auditBy(
  { env, staff }: Context,
  action: AuditAction,
  reference: string | null,
  detail = '',
): D1PreparedStatement {
  return auditStatement(env.LEDGER, {
    at: now(env).toISOString(),
    actor: staff.actor,
    action,
    reference,
    detail,
  });
}
