/**
 * SQL of home health monitoring (PRODUCT.md §11): check-in links, readings, close-out and the
 * worklist of a day.
 */
import { STATUS_OF_CLOSEOUT, type WorkStatus } from '../../../src/lib/monitoring';
import type { Method, Period } from '../../../src/schemas/checkin';
import { queueAlertStatement, type PendingAlert } from './alerts';
import { addFollowUpStatements, type DeclarationRow } from './ledger';

/** A reading as stored. */
export interface ReadingRow {
  reference: string;
  date: string;
  period: Period;
  temperature: number;
  symptoms: string;
  test_result: 'negative' | 'positive' | 'pending' | 'not_done' | null;
  note: string;
  alert: number;
  method: Method;
  recorded_by: string | null;
  at: string;
}

/**
 * What a check-in link leads to: its reference, the ledger row when the consumer has written it,
 * and the queued message while it has not (a check-in must work either way).
 */
export async function linkTarget(
  db: D1Database,
  hash: string,
): Promise<{ reference: string; row: DeclarationRow | null; pending: string | null } | null> {
  const found = await db
    .prepare(
      `SELECT l.reference AS link, o.body AS pending, d.*
       FROM checkin_links l LEFT JOIN declarations d ON d.reference = l.reference
         LEFT JOIN outbox o ON o.reference = l.reference
       WHERE l.token_hash = ?`,
    )
    .bind(hash)
    .first<DeclarationRow & { link: string; pending: string | null }>();
  if (!found) return null;
  const { link, pending, ...row } = found;
  return { reference: link, row: row.reference ? row : null, pending };
}

/** The readings of `reference`, oldest first. */
export async function readingsOf(db: D1Database, reference: string): Promise<ReadingRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM checkins WHERE reference = ? ORDER BY date, period')
    .bind(reference)
    .all<ReadingRow>();
  return results;
}

/**
 * Stores a reading; the same day and half-day again replaces it. Tells whether it was new and
 * whether it queued an alert for the grid's robot: `alert`, when the reading alerts, is kept in
 * the same transaction unless the reading it replaces had already alerted (told once). `audit`,
 * when given, is written in the same transaction too (a reading typed in by staff).
 */
export async function saveReading(
  db: D1Database,
  reading: ReadingRow,
  options: { audit?: D1PreparedStatement; alert?: PendingAlert } = {},
): Promise<{ isNew: boolean; alertId: number | null }> {
  const { audit, alert } = options;
  const results = await db.batch<{ previous: number | null }>([
    db
      .prepare(
        'SELECT (SELECT alert FROM checkins WHERE reference = ? AND date = ? AND period = ?) AS previous',
      )
      .bind(reading.reference, reading.date, reading.period),
    // Before the reading replaces the one it may have alerted already.
    ...(alert ? [queueAlertStatement(db, alert, reading)] : []),
    db
      .prepare(
        `INSERT INTO checkins (reference, date, period, temperature, symptoms, test_result, note,
           alert, method, recorded_by, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (reference, date, period) DO UPDATE SET
           temperature = excluded.temperature, symptoms = excluded.symptoms,
           test_result = excluded.test_result, note = excluded.note, alert = excluded.alert,
           method = excluded.method, recorded_by = excluded.recorded_by, at = excluded.at`,
      )
      .bind(
        reading.reference,
        reading.date,
        reading.period,
        reading.temperature,
        reading.symptoms,
        reading.test_result,
        reading.note,
        reading.alert,
        reading.method,
        reading.recorded_by,
        reading.at,
      ),
    ...(audit ? [audit] : []),
  ]);
  const previous = results[0]?.results[0]?.previous ?? null;
  const queued = alert ? results[1]?.meta : undefined;
  return {
    isNew: previous === null,
    alertId: queued?.changes ? Number(queued.last_row_id) : null,
  };
}

/** How a grid worker closes a monitoring period. */
export type CloseOut =
  { kind: 'completed' | 'referred' | 'lost' } | { kind: 'extended'; days: number };

/**
 * Closes (or extends) the period of `reference`, with a follow-up record and an audit record, in
 * one transaction; the status follows the one rule of `statusStatement`. An extension moves the
 * end and the purge date by the same days and keeps (or puts back) the status 监测中.
 */
export async function closeOut(
  db: D1Database,
  reference: string,
  closing: CloseOut,
  by: { actor: string; at: string; note: string; audit: D1PreparedStatement },
): Promise<void> {
  const status = closing.kind === 'extended' ? 'monitoring' : STATUS_OF_CLOSEOUT[closing.kind];
  const extend =
    closing.kind === 'extended'
      ? [
          db
            .prepare(
              `UPDATE declarations SET extended_days = extended_days + ?2,
                 monitoring_until = date(monitoring_until, '+' || ?2 || ' days'),
                 purge_after = date(purge_after, '+' || ?2 || ' days')
               WHERE reference = ?1`,
            )
            .bind(reference, closing.days),
        ]
      : [];
  await db.batch([
    ...extend,
    ...addFollowUpStatements(db, reference, { at: by.at, actor: by.actor, status, note: by.note }),
    by.audit,
  ]);
}

/** A row of the worklist: the declaration, its place on the list and the day's readings (JSON). */
export type WorklistRow = DeclarationRow & {
  work: WorkStatus;
  /** How many people the row's section holds in all. */
  section: number;
  readings: string;
};

/**
 * Who is under home health monitoring on the day `?1`, as a condition on declarations `d`:
 * arrived on or before it, period (with any extension) not over, not closed out. The worklist and
 * the dashboard count the same people.
 */
export const UNDER_MONITORING =
  'd.monitoring_until >= ?1 AND d.arrival_date <= ?1 AND d.closeout IS NULL';
// The worklist also keeps the day of grace after the period, for a late reading and the close-out.
const UNDER_MONITORING_OR_GRACE =
  "d.monitoring_until >= date(?1, '-1 day') AND d.arrival_date <= ?1 AND d.closeout IS NULL";

/**
 * The index that finds the people under monitoring in `gridId` (all grids when undefined). The
 * period's end is the narrow side of the range (arrivals pile up over a wave; the people still
 * under monitoring stay few): the planner is told, as it has no statistics to know.
 */
export const monitoringIndex = (gridId: string | undefined) =>
  gridId === undefined ? 'declarations_monitoring' : 'declarations_grid_monitoring';

/**
 * The SQL of the worklist of `date` in `gridId` (all grids when undefined): everyone under
 * monitoring — arrived on or before the day, period not over (or over the day before: its day of
 * grace), not closed out — each with where they stand (PRODUCT.md §11), at most `perSection` of
 * each section, and the readings of their day (the last day's, on the day of grace).
 *
 * Where a person stands, most urgent first: `alert` for an alerting reading that day or a
 * high-risk declaration nobody has contacted yet; on the day of grace, `alert` when the last day
 * alerted (a late reading counts for it) and `ending` otherwise, for the worker to close out;
 * `missing` with no reading that day; `test_due` on a test day without a result; `ending` on the
 * period's last day; else `ok`. Decided here, in one query, so a sub-district of 10,000 people
 * under monitoring is counted without sending them all to the Worker. Exported for the
 * query-plan test.
 */
export function worklistQuery(gridId: string | undefined, date: string, perSection = 50) {
  const grid = gridId === undefined ? '' : 'd.grid_id = ?3 AND';
  return {
    // Placed and ranked on narrow rows (reference, arrival, section); only the shown people's
    // whole rows are read afterwards: sorting 10,000 wide rows was the slow part.
    sql: `WITH readings AS (
        SELECT reference, max(alert) AS alerted, count(*) AS reported,
          sum(test_result IN ('negative', 'positive', 'pending')) AS tested
        FROM checkins WHERE date = ?1 GROUP BY reference),
      placed AS (
        SELECT d.reference, d.arrival_date, CASE
            WHEN r.alerted = 1 OR (d.risk = 'high' AND d.status = 'new') THEN 'alert'
            WHEN d.monitoring_until < ?1 THEN CASE WHEN EXISTS (SELECT 1 FROM checkins c
                WHERE c.reference = d.reference AND c.date = d.monitoring_until AND c.alert = 1)
              THEN 'alert' ELSE 'ending' END
            WHEN r.reported IS NULL THEN 'missing'
            WHEN instr(d.test_days, '"' || ?1 || '"') > 0 AND COALESCE(r.tested, 0) = 0 THEN 'test_due'
            WHEN d.monitoring_until = ?1 THEN 'ending'
            ELSE 'ok' END AS work
        FROM declarations d INDEXED BY ${monitoringIndex(gridId)}
          LEFT JOIN readings r ON r.reference = d.reference
        WHERE ${grid} ${UNDER_MONITORING_OR_GRACE}),
      ranked AS (
        SELECT reference, work,
          row_number() OVER (PARTITION BY work ORDER BY arrival_date, reference) AS place,
          count(*) OVER (PARTITION BY work) AS section
        FROM placed)
      SELECT d.*, ranked.work, ranked.section, COALESCE((SELECT json_group_array(json_object(
          'period', c.period, 'temperature', c.temperature, 'symptoms', json(c.symptoms),
          'testResult', c.test_result, 'note', c.note, 'alert', c.alert, 'method', c.method))
        FROM checkins c WHERE c.reference = d.reference
          AND c.date = min(?1, d.monitoring_until)), '[]') AS readings
      FROM ranked JOIN declarations d ON d.reference = ranked.reference
      WHERE ranked.place <= ?2
      ORDER BY CASE ranked.work WHEN 'alert' THEN 0 WHEN 'missing' THEN 1 WHEN 'test_due' THEN 2
        WHEN 'ending' THEN 3 ELSE 4 END, ranked.place`,
    values: gridId === undefined ? [date, perSection] : [date, perSection, gridId],
  };
}

/** The worklist of `date` in `gridId` (see {@link worklistQuery}). */
export async function worklist(
  db: D1Database,
  gridId: string | undefined,
  date: string,
  perSection?: number,
): Promise<WorklistRow[]> {
  const { sql, values } = worklistQuery(gridId, date, perSection);
  const { results } = await db
    .prepare(sql)
    .bind(...values)
    .all<WorklistRow>();
  return results;
}
