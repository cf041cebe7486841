/**
 * SQL of the alerts waiting for a grid's robot (PRODUCT.md §11): kept with the reading that
 * raised them, deleted once the robot took them, retried until then. The text is already masked.
 */
import type { ReadingRow } from './monitoring';

/** An alert to send: the grid whose robot gets it, the masked text, and when to try again. */
export interface PendingAlert {
  gridId: string;
  text: string;
  at: string;
  /** When a sweep may try it if the first attempt has not settled it by then. */
  retryAt: string;
}

/** An alert as stored. */
export interface PendingAlertRow {
  id: number;
  reference: string;
  grid_id: string;
  text: string;
  attempts: number;
}

/**
 * The statement that keeps `alert` for `reading`, unless the reading it replaces (the same day and
 * half-day) had already alerted: run it in the reading's batch, before the reading is written.
 */
export function queueAlertStatement(
  db: D1Database,
  alert: PendingAlert,
  reading: Pick<ReadingRow, 'reference' | 'date' | 'period'>,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO pending_alerts (reference, grid_id, text, created_at, next_at)
       SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM checkins
         WHERE reference = ?1 AND date = ?6 AND period = ?7 AND alert = 1)`,
    )
    .bind(
      reading.reference,
      alert.gridId,
      alert.text,
      alert.at,
      alert.retryAt,
      reading.date,
      reading.period,
    );
}

/**
 * Takes up to `limit` alerts due by `now`, oldest first, and holds them until `holdUntil`, so two
 * sweeps at once do not both send them.
 */
export async function takeDueAlerts(
  db: D1Database,
  now: string,
  holdUntil: string,
  limit: number,
): Promise<PendingAlertRow[]> {
  const { results } = await db
    .prepare(
      `UPDATE pending_alerts SET next_at = ?2 WHERE id IN
         (SELECT id FROM pending_alerts WHERE next_at <= ?1 ORDER BY next_at LIMIT ?3)
       RETURNING id, reference, grid_id, text, attempts`,
    )
    .bind(now, holdUntil, limit)
    .all<PendingAlertRow>();
  return results;
}

/** The robot took alert `id`: it is done. */
export async function alertDelivered(db: D1Database, id: number): Promise<void> {
  await db.prepare('DELETE FROM pending_alerts WHERE id = ?').bind(id).run();
}

/** The robot did not take alert `id`: count the attempt and try again at `retryAt`. */
export async function alertFailed(db: D1Database, id: number, retryAt: string): Promise<void> {
  await db
    .prepare('UPDATE pending_alerts SET attempts = attempts + 1, next_at = ? WHERE id = ?')
    .bind(retryAt, id)
    .run();
}

/** How many alerts still wait for the robot of `gridId` (of every grid when undefined). */
export async function pendingAlertCount(
  db: D1Database,
  gridId: string | undefined,
): Promise<number> {
  const row = await db
    .prepare('SELECT count(*) AS n FROM pending_alerts WHERE ?1 IS NULL OR grid_id = ?1')
    .bind(gridId ?? null)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
