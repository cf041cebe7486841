/**
 * The Firstline Worker: serves the Astro build as static assets, answers `/api/*` and
 * `/staff/*`, consumes the community queue (and its dead letters) into the ledger, and purges
 * expired data daily. One top-level handler turns anything unexpected into a plain 500.
 */
import { DEAD_LETTER_QUEUE, consumeDeadLetters, consumeDeclarations } from './consume';
import { submitDeclaration } from './declarations/submit';
import { json } from './http';
import { isLivePage, livePage } from './live-pages';
import { purge } from './retention';
import { staffRoute } from './staff/routes';

async function route(request: Request, env: Env): Promise<Response> {
  const { pathname } = new URL(request.url);
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
  if (pathname.startsWith('/api/')) return json({ error: 'not_found' }, 404);
  if (pathname === '/staff' || pathname.startsWith('/staff/')) return staffRoute(request, env);
  if (isLivePage(pathname)) return livePage(request, env);
  return env.ASSETS.fetch(request);
}

export default {
  async fetch(request, env) {
    try {
      return await route(request, env);
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
    await purge(env, new Date(controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
