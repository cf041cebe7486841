/**
 * Every SQL statement of the Worker, in one place: idempotency keys issued by the API and the
 * ledger (台账) rows written by the queue consumer (PRODUCT.md §7).
 */
import type { DeclarationMessage } from './message';

/** The reference already given for any of `keys`, with the time it was first issued. */
export async function findSubmission(
  db: D1Database,
  keys: readonly string[],
): Promise<{ reference: string; createdAt: string } | undefined> {
  const placeholders = keys.map(() => '?').join(', ');
  const row = await db
    .prepare(
      `SELECT reference, created_at AS createdAt FROM submissions WHERE key IN (${placeholders}) ORDER BY created_at LIMIT 1`,
    )
    .bind(...keys)
    .first<{ reference: string; createdAt: string }>();
  return row ?? undefined;
}

/**
 * Records `keys` → `reference`; when a concurrent request claimed a key first, returns the
 * reference that request was given, so both answers carry the same one.
 */
export async function claimSubmission(
  db: D1Database,
  keys: readonly string[],
  reference: string,
  createdAt: string,
): Promise<{ reference: string; createdAt: string }> {
  await db.batch(
    keys.map((key) =>
      db
        .prepare('INSERT OR IGNORE INTO submissions (key, reference, created_at) VALUES (?, ?, ?)')
        .bind(key, reference, createdAt),
    ),
  );
  return (await findSubmission(db, keys)) ?? { reference, createdAt };
}

/** Forgets a reference whose message never reached the queue: it was never issued. */
export async function releaseSubmission(db: D1Database, reference: string): Promise<void> {
  await db.prepare('DELETE FROM submissions WHERE reference = ?').bind(reference).run();
}

/**
 * Writes one queue message into the ledger: a new reference inserts a row, a newer submission of
 * the same reference updates it and counts a revision, a redelivered or older one changes nothing.
 * Returns whether the row changed.
 */
export async function upsertDeclaration(
  db: D1Database,
  message: DeclarationMessage,
  purgeAfter: string,
): Promise<boolean> {
  const { meta } = await db
    .prepare(
      `INSERT INTO declarations (reference, received_at, submitted_at, area_id, grid_id, risk,
         arrival_date, monitoring_ends, purge_after, data)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
       ON CONFLICT (reference) DO UPDATE SET
         submitted_at = excluded.submitted_at, revision = declarations.revision + 1,
         area_id = excluded.area_id, grid_id = excluded.grid_id, risk = excluded.risk,
         arrival_date = excluded.arrival_date, monitoring_ends = excluded.monitoring_ends,
         purge_after = excluded.purge_after, data = excluded.data
       WHERE excluded.submitted_at > declarations.submitted_at`,
    )
    .bind(
      message.reference,
      message.receivedAt,
      message.submittedAt,
      message.routing.areaId,
      message.routing.gridId,
      message.outcome.risk,
      message.declaration.arrivalDate,
      message.outcome.monitoringEnds,
      purgeAfter,
      JSON.stringify(message.declaration),
    )
    .run();
  return meta.changes > 0;
}
