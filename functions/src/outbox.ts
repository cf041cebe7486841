/**
 * The outbox sweep: re-sends accepted submissions that are still not in the ledger a few minutes
 * after they were queued, so a queue that lost them (a local queue lives in memory, a process
 * killed mid-burst) cannot lose a declaration (PRODUCT.md §7). Redelivery is harmless: the
 * consumer is idempotent.
 */
import { retryAlerts } from './checkins/alerts';
import { takeStaleOutbox } from './db/intake';

// Queues accept at most 100 messages per sendBatch (Cloudflare Queues limits).
const BATCH = 100;
const DEFAULT_AFTER_SECONDS = 300;
// Run from requests at most this often per isolate; the cron runs it every few minutes too.
const REQUEST_SWEEP_MS = 60_000;

let lastSweep = 0;

/** Seconds an outbox row waits before it is sent again (`OUTBOX_RESEND_AFTER`, default 300). */
function resendAfter(env: Env): number {
  const seconds = Number(env.OUTBOX_RESEND_AFTER);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_AFTER_SECONDS;
}

/** Re-sends what is overdue, up to `rounds` × 100 rows; returns how many were sent. */
export async function sweepOutbox(env: Env, now = new Date(), rounds = 10): Promise<number> {
  lastSweep = now.getTime();
  const before = new Date(now.getTime() - resendAfter(env) * 1000).toISOString();
  let sent = 0;
  for (let round = 0; round < rounds; round++) {
    const rows = await takeStaleOutbox(env.LEDGER, before, now.toISOString(), BATCH);
    if (rows.length === 0) break;
    await env.DECLARATIONS.sendBatch(
      rows.map((row) => ({ body: JSON.parse(row.body) as unknown, contentType: 'json' as const })),
    );
    sent += rows.length;
    if (rows.length < BATCH) break;
  }
  if (sent > 0) console.info('outbox re-sent', { sent });
  // The grid robots' alerts that did not get through ride on the same sweep (never throws).
  await retryAlerts(env, now);
  return sent;
}

/**
 * Starts a sweep in the background when this isolate has not run one for a minute: after a
 * restart the first requests put back what the old process had not delivered, with no cron.
 */
export function sweepSoon(env: Env, ctx: ExecutionContext): void {
  if (Date.now() - lastSweep < REQUEST_SWEEP_MS) return;
  lastSweep = Date.now();
  ctx.waitUntil(sweepOutbox(env).catch(() => console.error('outbox sweep failed')));
}
