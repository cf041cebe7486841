/**
 * SQL of the ledger (台账): rows written by the queue consumer, follow-ups, notifications, the audit
 * log, dead letters and the purge (PRODUCT.md §7).
 */
import { CLOSEOUT_OF_STATUS } from '../../../src/lib/monitoring';
import type { DeclarationMessage } from '../message';
import { clearOutbox } from './intake';

/**
 * The statement that writes one queue message into the ledger: a new reference inserts a row, a
 * newer submission of the same reference updates it and counts a revision, a redelivered or older
 * one changes nothing, and neither does a retry of the very same answers.
 */
export function upsertStatement(
  db: D1Database,
  message: DeclarationMessage,
  purgeAfter: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO declarations (reference, received_at, submitted_at, area_id, grid_id, risk,
         arrival_date, monitoring_ends, monitoring_until, purge_after, data, outcome,
         name, phone, id_number, id_tail, phone_tail, test_days)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?11,
         ?12, ?13, ?14, substr(?14, -4), substr(?13, -4), ?15)
       ON CONFLICT (reference) DO UPDATE SET
         submitted_at = excluded.submitted_at, revision = declarations.revision + 1,
         area_id = excluded.area_id, grid_id = excluded.grid_id, risk = excluded.risk,
         arrival_date = excluded.arrival_date, monitoring_ends = excluded.monitoring_ends,
         -- A period the grid worker extended stays extended by as many days.
         monitoring_until = date(excluded.monitoring_ends, '+' || declarations.extended_days || ' days'),
         purge_after = date(excluded.purge_after, '+' || declarations.extended_days || ' days'),
         data = excluded.data, outcome = excluded.outcome, name = excluded.name,
         phone = excluded.phone, id_number = excluded.id_number, id_tail = excluded.id_tail,
         phone_tail = excluded.phone_tail, test_days = excluded.test_days
       WHERE excluded.submitted_at > declarations.submitted_at
         -- A retry of the very same answers is not a revision and announces nothing.
         AND (excluded.data IS NOT declarations.data OR excluded.outcome IS NOT declarations.outcome
           OR excluded.area_id IS NOT declarations.area_id)`,
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
      JSON.stringify(message.outcome),
      message.declaration.name,
      message.declaration.phone,
      message.declaration.idNumber,
      JSON.stringify(message.outcome.testDays),
    );
}

/** Where a message stands after its upsert: the row reflects it, and the grid was told. */
export interface DeliveryState {
  current: number;
  notified: number;
}

/** The statement that reads a message's {@link DeliveryState} (run in the upsert's batch). */
export function deliveryStateStatement(
  db: D1Database,
  message: Pick<DeclarationMessage, 'reference' | 'submittedAt'>,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT submitted_at = ?2 AS current,
         EXISTS (SELECT 1 FROM notifications WHERE reference = ?1 AND submitted_at = ?2) AS notified
       FROM declarations WHERE reference = ?1`,
    )
    .bind(message.reference, message.submittedAt);
}

/** The statement that remembers the grid was told about this submission. */
export function markNotifiedStatement(
  db: D1Database,
  message: Pick<DeclarationMessage, 'reference' | 'submittedAt'>,
  at: string,
): D1PreparedStatement {
  return db
    .prepare(
      'INSERT OR IGNORE INTO notifications (reference, submitted_at, sent_at) VALUES (?, ?, ?)',
    )
    .bind(message.reference, message.submittedAt, at);
}

/** A ledger row as stored. */
export interface DeclarationRow {
  reference: string;
  received_at: string;
  submitted_at: string;
  revision: number;
  area_id: string;
  grid_id: string;
  risk: 'high' | 'medium' | 'low';
  arrival_date: string;
  monitoring_ends: string | null;
  status: string;
  data: string;
  outcome: string;
  extended_days: number;
  closeout: 'completed' | 'referred' | 'lost' | null;
  closeout_by: string | null;
  closeout_at: string | null;
  monitoring_until: string | null;
  name: string;
  phone: string;
  id_number: string;
  id_tail: string;
  phone_tail: string;
  test_days: string;
  arrived_at: string | null;
  arrived_by: string | null;
}

/** A follow-up record as stored. */
export interface FollowUpRow {
  at: string;
  actor: string;
  status: string;
  note: string;
}

/** The follow-up records of a declaration, oldest first. */
export async function listFollowUps(db: D1Database, reference: string): Promise<FollowUpRow[]> {
  const { results } = await db
    .prepare('SELECT at, actor, status, note FROM follow_ups WHERE reference = ? ORDER BY at, id')
    .bind(reference)
    .all<FollowUpRow>();
  return results;
}

/** What the audit log records (migration 0005's list). */
export type AuditAction =
  'reveal' | 'export' | 'status' | 'call' | 'checkin' | 'closeout' | 'search' | 'arrival';

/** One audit record: who did what to which reference, with no personal data in `detail`. */
export interface AuditRecord {
  at: string;
  actor: string;
  action: AuditAction;
  reference: string | null;
  detail: string;
}

/** The statement that writes an audit record, to run in another write's transaction. */
export function auditStatement(db: D1Database, record: AuditRecord): D1PreparedStatement {
  return db
    .prepare('INSERT INTO audit_log (at, actor, action, reference, detail) VALUES (?, ?, ?, ?, ?)')
    .bind(record.at, record.actor, record.action, record.reference, record.detail);
}

/**
 * The statement that writes an audit record only if `condition` (SQL over `values`) holds when it
 * runs: for a write in the same transaction that may turn out to change nothing.
 */
export function auditStatementIf(
  db: D1Database,
  record: AuditRecord,
  condition: string,
  ...values: (string | number | null)[]
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (at, actor, action, reference, detail) SELECT ?, ?, ?, ?, ? WHERE ${condition}`,
    )
    .bind(record.at, record.actor, record.action, record.reference, record.detail, ...values);
}

/** Writes an audit record. */
export async function audit(db: D1Database, record: AuditRecord): Promise<void> {
  await auditStatement(db, record).run();
}

/**
 * The statement that sets a declaration's follow-up status and, by the one rule of
 * {@link CLOSEOUT_OF_STATUS}, its close-out: 已解除监测, 已转诊 and 失联 close the monitoring
 * period (kept with who and when, unchanged if it was already closed the same way), any other
 * status reopens it. Every way a status is set goes through here.
 */
export function statusStatement(
  db: D1Database,
  reference: string,
  change: { status: string; actor: string; at: string },
): D1PreparedStatement {
  const closeout = Object.hasOwn(CLOSEOUT_OF_STATUS, change.status)
    ? CLOSEOUT_OF_STATUS[change.status as keyof typeof CLOSEOUT_OF_STATUS]
    : null;
  // SQLite evaluates every SET expression on the row as it was: `closeout` is the old value.
  return db
    .prepare(
      `UPDATE declarations SET status = ?2, closeout = ?3,
         closeout_by = CASE WHEN ?3 IS NULL THEN NULL WHEN closeout IS ?3 THEN closeout_by ELSE ?4 END,
         closeout_at = CASE WHEN ?3 IS NULL THEN NULL WHEN closeout IS ?3 THEN closeout_at ELSE ?5 END
       WHERE reference = ?1`,
    )
    .bind(reference, change.status, closeout, change.actor, change.at);
}

/** The statements that record a follow-up and set the declaration's status (for a batch). */
export function addFollowUpStatements(
  db: D1Database,
  reference: string,
  followUp: FollowUpRow,
): D1PreparedStatement[] {
  return [
    db
      .prepare('INSERT INTO follow_ups (reference, at, actor, status, note) VALUES (?, ?, ?, ?, ?)')
      .bind(reference, followUp.at, followUp.actor, followUp.status, followUp.note),
    statusStatement(db, reference, followUp),
  ];
}

/** Records a follow-up, sets the declaration's status and audits the change, atomically. */
export async function addFollowUp(
  db: D1Database,
  reference: string,
  followUp: FollowUpRow,
): Promise<void> {
  await db.batch([
    ...addFollowUpStatements(db, reference, followUp),
    auditStatement(db, {
      at: followUp.at,
      actor: followUp.actor,
      action: 'status',
      reference,
      detail: followUp.status,
    }),
  ]);
}

/** The audit log, newest first. */
export async function listAudit(
  db: D1Database,
  limit: number,
): Promise<(AuditRecord & { id: number })[]> {
  const { results } = await db
    .prepare('SELECT * FROM audit_log ORDER BY at DESC, id DESC LIMIT ?')
    .bind(limit)
    .all<AuditRecord & { id: number }>();
  return results;
}

/**
 * Keeps a message that kept failing (idempotent per queue message id) and takes its submission
 * out of the outbox: it is accounted for among the dead letters and must not be re-sent forever.
 */
export async function storeDeadLetter(
  db: D1Database,
  letter: {
    id: string;
    reference: string | null;
    submittedAt: string | null;
    receivedAt: string;
    body: string;
  },
): Promise<void> {
  const store = db
    .prepare(
      'INSERT OR IGNORE INTO dead_letters (id, reference, received_at, body) VALUES (?, ?, ?, ?)',
    )
    .bind(letter.id, letter.reference, letter.receivedAt, letter.body);
  await db.batch(
    letter.reference && letter.submittedAt
      ? [store, clearOutbox(db, letter.reference, letter.submittedAt)]
      : [store],
  );
}

/**
 * Deletes every declaration whose purge date has passed, with its follow-ups, readings, check-in
 * link, notification records, idempotency keys and audit details (PRODUCT.md J6), and dead letters older than
 * `deadLetterBefore` with the keys of their references. Returns how many declarations went.
 */
export async function purgeExpired(
  db: D1Database,
  today: string,
  deadLetterBefore: string,
): Promise<number> {
  const expired = 'SELECT reference FROM declarations WHERE purge_after < ?1';
  // The keys of a dead letter that never became a ledger row go with the dead letter.
  const deadOnly = `SELECT reference FROM dead_letters WHERE received_at < ?1 AND reference IS NOT NULL
    AND reference NOT IN (SELECT reference FROM declarations)`;
  // Everything kept under a reference goes with it: the declaration's rows when it is past its
  // purge date, the keys, readings and link of a dead letter when that is past its keeping.
  const byReference = [
    'submissions',
    'issued_references',
    'checkins',
    'checkin_links',
    'pending_alerts',
  ];
  const results = await db.batch([
    ...byReference.map((table) =>
      db.prepare(`DELETE FROM ${table} WHERE reference IN (${deadOnly})`).bind(deadLetterBefore),
    ),
    ...[...byReference, 'follow_ups', 'notifications', 'audit_log'].map((table) =>
      db.prepare(`DELETE FROM ${table} WHERE reference IN (${expired})`).bind(today),
    ),
    db.prepare('DELETE FROM declarations WHERE purge_after < ?1').bind(today),
    db.prepare('DELETE FROM dead_letters WHERE received_at < ?').bind(deadLetterBefore),
  ]);
  return results.at(-2)?.meta.changes ?? 0;
}
