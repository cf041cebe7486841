/**
 * The outbox sweep: re-sends accepted submissions that are still not in the ledger a few minutes
 * after they were queued, so a queue that lost them (a local queue lives in memory, a process
 * killed mid-burst) cannot lose a declaration (PRODUCT.md §7). Redelivery is harmless: the
 * consumer is idempotent.
 */
import { retryAlerts } from './checkins/alerts';
import { now as clock } from './clock';
import { takeStaleOutbox } from './db/intake';

// One sendBatch carries at most 100 messages and 256 KB in all (Cloudflare Queues limits); a
// margin is kept for each message's metadata.
const BATCH = 100;
const BATCH_BYTES = 240_000;
const MESSAGE_OVERHEAD_BYTES = 200;
const DEFAULT_AFTER_SECONDS = 300;
// Run from requests at most this often per isolate; the cron runs it every few minutes too.
const REQUEST_SWEEP_MS = 60_000;

let lastSweep = 0;

/** Seconds an outbox row waits before it is sent again (`OUTBOX_RESEND_AFTER`, default 300). */
function resendAfter(env: Env): number {
  const seconds = Number(env.OUTBOX_RESEND_AFTER);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_AFTER_SECONDS;
}

/** Splits message bodies (JSON text) into sendBatch-sized groups: ≤ 100 and ≤ 240 KB each. */
export function batchesOf(bodies: readonly string[]): string[][] {
  const encoder = new TextEncoder();
  const batches: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = encoder.encode(body).byteLength + MESSAGE_OVERHEAD_BYTES;
    if (current.length > 0 && (current.length === BATCH || bytes + size > BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(body);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Re-sends what is overdue, up to `rounds` × 100 rows; returns how many were sent. `now` is the
 * Worker's clock, the one the intake stamped the rows with.
 */
export async function sweepOutbox(env: Env, now = clock(env), rounds = 10): Promise<number> {
  lastSweep = Date.now();
  const before = new Date(now.getTime() - resendAfter(env) * 1000).toISOString();
  let sent = 0;
  for (let round = 0; round < rounds; round++) {
    const rows = await takeStaleOutbox(env.LEDGER, before, now.toISOString(), BATCH);
    if (rows.length === 0) break;
    for (const batch of batchesOf(rows.map((row) => row.body))) {
      await env.DECLARATIONS.sendBatch(
        batch.map((body) => ({ body: JSON.parse(body) as unknown, contentType: 'json' as const })),
      );
      sent += batch.length;
    }
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
