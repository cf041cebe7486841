/**
 * Alerts to a grid's robot that survive a robot being down (PRODUCT.md §11): each is kept with
 * its reading (functions/src/db/alerts.ts), sent at once after the answer, and retried by the
 * sweep that runs with the outbox's (cron every five minutes, and from requests) until the robot
 * takes it. Logs name the reference only, never a person.
 */
import { alertDelivered, alertFailed, takeDueAlerts, type PendingAlert } from '../db/alerts';
import { saveReading, type ReadingRow } from '../db/monitoring';
import { alertText, sendToGrid, type ReadingAlert } from '../notify';
import type { Site } from '../site';

// The first retry comes a minute after a failure, then twice as late each time, at most every
// half hour: an alert matters now, but a robot that is down should not be hammered.
const FIRST_RETRY_SECONDS = 60;
const LONGEST_WAIT_SECONDS = 30 * 60;
// Time given to one attempt (the webhook's own timeout is 10 s) before a sweep may take it again.
const HOLD_SECONDS = 60;
const BATCH = 20;

const later = (now: Date, seconds: number) =>
  new Date(now.getTime() + seconds * 1000).toISOString();

/** When to try again after `attempts` failed attempts. */
export const retryAt = (now: Date, attempts: number) =>
  later(now, Math.min(FIRST_RETRY_SECONDS * 2 ** Math.max(0, attempts - 1), LONGEST_WAIT_SECONDS));

/** The alert to keep with a reading at `now`: held for its first attempt, then due for the sweep. */
export const pendingAlert = (gridId: string, text: string, now: Date): PendingAlert => ({
  gridId,
  text,
  at: now.toISOString(),
  retryAt: later(now, HOLD_SECONDS),
});

/**
 * Sends alert `id` to the robot of `gridId`; deleted when taken, else left for the sweep with the
 * attempt counted. Never throws: a failure is the sweep's to retry.
 */
export async function deliverAlert(
  env: Env,
  alert: { id: number; reference: string; gridId: string; text: string; attempts: number },
  now: Date,
): Promise<boolean> {
  try {
    await sendToGrid(env, alert.gridId, alert.text);
    await alertDelivered(env.LEDGER, alert.id);
    return true;
  } catch {
    console.error('alert not delivered, will retry', {
      reference: alert.reference,
      attempts: alert.attempts + 1,
    });
    await alertFailed(env.LEDGER, alert.id, retryAt(now, alert.attempts + 1)).catch(() =>
      console.error('alert retry not recorded', { reference: alert.reference }),
    );
    return false;
  }
}

/**
 * Saves `reading` (with `audit` when a grid worker typed it in) and, when `alert` is given (the
 * reading meets the policy's high rules), keeps the alert with it and sends it to the grid's robot
 * right after the answer: an alert notifies the robot at once whoever recorded the reading, the
 * person through their link or a grid worker by phone, visit or paper card (PRODUCT.md §11).
 */
export async function saveReadingAndAlert(
  env: Env,
  ctx: ExecutionContext,
  site: Site,
  reading: ReadingRow,
  alert: ReadingAlert | null,
  audit?: D1PreparedStatement,
): Promise<{ isNew: boolean }> {
  // Scheduled on the sweep's clock (real time), whatever FIXED_NOW says.
  const pending = alert && pendingAlert(alert.gridId, alertText(site, alert), new Date());
  const { isNew, alertId } = await saveReading(env.LEDGER, reading, {
    ...(audit && { audit }),
    ...(pending && { alert: pending }),
  });
  if (pending && alertId !== null) {
    // At once, but after the answer: nobody waits on the group robot.
    const queued = { ...pending, id: alertId, reference: reading.reference, attempts: 0 };
    ctx.waitUntil(deliverAlert(env, queued, new Date()));
  }
  return { isNew };
}

/** Sends again every alert that is due; returns how many the robots took. */
export async function retryAlerts(env: Env, now = new Date()): Promise<number> {
  try {
    const due = await takeDueAlerts(env.LEDGER, now.toISOString(), later(now, HOLD_SECONDS), BATCH);
    const sent = await Promise.all(
      due.map((row) => deliverAlert(env, { ...row, gridId: row.grid_id }, now)),
    );
    const delivered = sent.filter(Boolean).length;
    if (due.length > 0) console.info('alerts retried', { due: due.length, delivered });
    return delivered;
  } catch {
    console.error('alert sweep failed');
    return 0;
  }
}
