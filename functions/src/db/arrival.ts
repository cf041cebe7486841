/**
 * SQL of the village checkpoint (卡口, issue 12): a returnee seen arriving is marked once, by whom
 * and when, with one audit record; marking again changes nothing. A mark made on the wrong person
 * can be taken back, audited too (action `arrival`, detail `undone`).
 */
import { auditStatementIf } from './ledger';

/** The audit `detail` of the checkpoint's two changes: a mark, and a mark taken back. */
export type ArrivalDetail = 'checkpoint' | 'undone';
const MARKED: ArrivalDetail = 'checkpoint';
const UNDONE: ArrivalDetail = 'undone';

/**
 * Marks `reference` arrived at `at` by `actor`, if it is in `gridId` (any grid when undefined)
 * and not marked yet, with its audit record in the same transaction. True when this call marked
 * it; false when it was marked before (kept as it was) or is not the caller's to mark.
 */
export async function markArrived(
  db: D1Database,
  reference: string,
  gridId: string | undefined,
  by: { at: string; actor: string },
): Promise<boolean> {
  const [marked] = await db.batch([
    db
      .prepare(
        `UPDATE declarations SET arrived_at = ?3, arrived_by = ?4
         WHERE reference = ?1 AND (?2 IS NULL OR grid_id = ?2) AND arrived_at IS NULL`,
      )
      .bind(reference, gridId ?? null, by.at, by.actor),
    // Audited only by the mark that set it: the row carries this very mark and nothing audited
    // it yet (a double tap within the same millisecond included).
    auditStatementIf(
      db,
      { at: by.at, actor: by.actor, action: 'arrival', reference, detail: MARKED },
      `EXISTS (SELECT 1 FROM declarations WHERE reference = ? AND arrived_at = ? AND arrived_by = ?)
        AND NOT EXISTS (SELECT 1 FROM audit_log
          WHERE reference = ? AND action = 'arrival' AND detail = ? AND at = ?)`,
      reference,
      by.at,
      by.actor,
      reference,
      MARKED,
      by.at,
    ),
  ]);
  return marked?.meta.changes === 1;
}

/**
 * Takes back the arrival mark of `reference` (a tap on the wrong person at the gate), if it is in
 * `gridId` (any grid when undefined) and marked, with its audit record in the same transaction.
 * True when this call took it back; false when there was no mark (nothing is audited then).
 */
export async function unmarkArrived(
  db: D1Database,
  reference: string,
  gridId: string | undefined,
  by: { at: string; actor: string },
): Promise<boolean> {
  const grid = gridId ?? null;
  const [, undone] = await db.batch([
    // Before the mark is cleared: audited only when there is one to take back.
    auditStatementIf(
      db,
      { at: by.at, actor: by.actor, action: 'arrival', reference, detail: UNDONE },
      `EXISTS (SELECT 1 FROM declarations
        WHERE reference = ? AND (? IS NULL OR grid_id = ?) AND arrived_at IS NOT NULL)`,
      reference,
      grid,
      grid,
    ),
    db
      .prepare(
        `UPDATE declarations SET arrived_at = NULL, arrived_by = NULL
         WHERE reference = ?1 AND (?2 IS NULL OR grid_id = ?2) AND arrived_at IS NOT NULL`,
      )
      .bind(reference, grid),
  ]);
  return undone?.meta.changes === 1;
}
