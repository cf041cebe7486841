/**
 * SQL of the village checkpoint (卡口, issue 12): a returnee seen arriving is marked once, by whom
 * and when, with one audit record; marking again changes nothing.
 */
import { auditStatementIf } from './ledger';

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
      { at: by.at, actor: by.actor, action: 'arrival', reference, detail: 'checkpoint' },
      `EXISTS (SELECT 1 FROM declarations WHERE reference = ? AND arrived_at = ? AND arrived_by = ?)
        AND NOT EXISTS (SELECT 1 FROM audit_log WHERE reference = ? AND action = 'arrival')`,
      reference,
      by.at,
      by.actor,
      reference,
    ),
  ]);
  return marked?.meta.changes === 1;
}
