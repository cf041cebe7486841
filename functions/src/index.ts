/**
 * The Firstline Worker: serves the Astro build as static assets, answers `/api/*` and
 * `/staff/*`, consumes the community queue (and its dead letters) into the ledger, re-sends what
 * the queue lost from the outbox, and purges expired data daily. One top-level handler turns anything unexpected into a plain 500.
 */
import { checkinPage, submitCheckin } from './checkins/routes';
import { now as clock } from './clock';
import { DEAD_LETTER_QUEUE, consumeDeadLetters, consumeDeclarations } from './consume';
import { submitDeclaration } from './declarations/submit';
import { json } from './http';
import { isLivePage, livePage } from './live-pages';
import { sweepOutbox, sweepSoon } from './outbox';
import { PURGE_CRON, purge } from './retention';
import { staffRoute } from './staff/routes';

/**
 * The path as the asset layer resolves it: percent-escapes decoded, repeated slashes merged and
 * dot segments resolved, so `//staff/` or `/%73taff/` reach the staff routes (and their 401)
 * instead of a redirect from the assets.
 */
export function canonicalPath(pathname: string): string {
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // a malformed escape: the path as it is
  }
  return new URL(decoded.replace(/\/{2,}/g, '/'), 'https://path.invalid').pathname;
}

async function route(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const pathname = canonicalPath(new URL(request.url).pathname);
  if (pathname === '/api/health') {
    return request.method === 'GET' || request.method === 'HEAD'
      ? json({ ok: true })
      : json({ error: 'method_not_allowed' }, 405, { Allow: 'GET, HEAD' });
  }
  if (pathname === '/api/declarations') {
    return request.method === 'POST'
      ? submitDeclaration(request, env)
      : json({ error: 'method_not_allowed' }, 405, { Allow: 'POST' });
  }
  if (pathname === '/api/checkins') {
    return request.method === 'POST'
      ? submitCheckin(request, env, ctx)
      : json({ error: 'method_not_allowed' }, 405, { Allow: 'POST' });
  }
  if (pathname.startsWith('/api/')) return json({ error: 'not_found' }, 404);
  // The personal check-in links; the empty frame the build made for them is never served.
  const checkin = /^\/checkin\/([A-Za-z0-9_-]{22,64})\/$/.exec(pathname);
  if (checkin?.[1] && (request.method === 'GET' || request.method === 'HEAD')) {
    return checkinPage(env, checkin[1]);
  }
  if (pathname === '/checkin' || pathname.startsWith('/checkin/')) return checkinPage(env, '');
  if (pathname === '/staff' || pathname.startsWith('/staff/')) {
    return staffRoute(request, env, ctx, pathname);
  }
  if (isLivePage(pathname)) return livePage(request, env);
  return env.ASSETS.fetch(request);
}

export default {
  async fetch(request, env, ctx) {
    sweepSoon(env, ctx);
    try {
      return await route(request, env, ctx);
    } catch (error) {
      // Never echo details: they may contain what a person typed. Log the kind of failure only.
      console.error('unhandled', error instanceof Error ? error.name : typeof error);
      return json({ error: 'internal' }, 500);
    }
  },
  async queue(batch, env, _ctx) {
    await (batch.queue === DEAD_LETTER_QUEUE
      ? consumeDeadLetters(batch, env)
      : consumeDeclarations(batch, env));
  },
  async scheduled(controller, env, _ctx) {
    const now = clock(env, new Date(controller.scheduledTime));
    await (controller.cron === PURGE_CRON ? purge(env, now) : sweepOutbox(env, now));
  },
} satisfies ExportedHandler<Env>;
