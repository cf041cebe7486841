/**
 * SQL of the API's intake: idempotency keys, the references issued and the outbox of accepted
 * submissions not yet in the ledger (PRODUCT.md §6–7), each written in one D1 round trip.
 */
import type { DeclarationMessage } from '../message';

/** What the intake needs to record one submission. */
export interface Submission {
  /** `person:<hash of idType, idNumber, arrivalDate>`: the same person arriving the same day. */
  personKey: string;
  /** `sid:<submissionId>` when the client sent one. */
  submissionKey: string | null;
  /** A hash of idType and idNumber: who the submission is for. */
  identity: string;
  /** A fresh reference, used when neither key has one yet. */
  candidate: string;
  /** This submission's time, ISO 8601. */
  at: string;
  /** The queue message; its `reference` and `receivedAt` are filled in by the database. */
  message: DeclarationMessage;
  /** The stored hash of `candidate`'s check-in link, kept if `candidate` is issued. */
  candidateLink: string | null;
}

/** The outcome of {@link recordSubmission}. */
export type Recorded =
  | { kind: 'conflict' }
  | { kind: 'accepted'; isNew: boolean; reference: string; receivedAt: string; body: string };

// The submissionId row belongs to somebody else (rows from before identities were kept have none).
const CONFLICT = `EXISTS (SELECT 1 FROM submissions
  WHERE key = ?2 AND identity IS NOT NULL AND identity <> ?3)`;
// The reference this person already has: by person and arrival day, else by their submissionId.
const KNOWN = `COALESCE((SELECT reference FROM submissions WHERE key = ?1),
  (SELECT reference FROM submissions WHERE key = ?2 AND NOT ${CONFLICT}))`;

/**
 * Records a submission in one transaction: issues `candidate` as a new reference unless the person
 * or the submissionId already has one, links both keys to it and puts the message, with the
 * reference filled in, into the outbox. A submissionId reused for another person changes nothing
 * and reports a conflict: two people are never merged. Throws a UNIQUE error in the rare case that
 * `candidate` was issued before (draw another and call again).
 */
export async function recordSubmission(db: D1Database, submission: Submission): Promise<Recorded> {
  const { personKey, submissionKey, identity, candidate, at, message, candidateLink } = submission;
  const values = [
    personKey,
    submissionKey,
    identity,
    candidate,
    at,
    JSON.stringify(message),
    candidateLink,
  ];
  // Numbered parameters: each statement is bound up to the highest number it uses.
  const bind = (sql: string, count: number) => db.prepare(sql).bind(...values.slice(0, count));
  const results = await db.batch<{
    reference: string | null;
    receivedAt: string | null;
    body: string | null;
    conflict: number;
  }>([
    bind(
      `INSERT INTO issued_references (reference, created_at)
      SELECT ?4, ?5 WHERE NOT ${CONFLICT} AND ${KNOWN} IS NULL`,
      5,
    ),
    bind(
      `INSERT INTO submissions (key, reference, created_at, identity)
      SELECT ?1, COALESCE(${KNOWN}, ?4), ?5, ?3 WHERE NOT ${CONFLICT}
      ON CONFLICT (key) DO NOTHING`,
      5,
    ),
    bind(
      `INSERT INTO submissions (key, reference, created_at, identity)
      SELECT ?2, reference, ?5, ?3 FROM submissions WHERE key = ?1 AND ?2 IS NOT NULL
        AND NOT ${CONFLICT}
      ON CONFLICT (key) DO NOTHING`,
      5,
    ),
    bind(
      `INSERT INTO outbox (reference, submitted_at, body, sent_at)
      SELECT s.reference, ?5,
        json_set(?6, '$.reference', s.reference, '$.receivedAt', r.created_at), ?5
      FROM submissions s JOIN issued_references r ON r.reference = s.reference
      WHERE s.key = ?1 AND NOT ${CONFLICT}
      ON CONFLICT (reference) DO UPDATE SET
        submitted_at = excluded.submitted_at, body = excluded.body, sent_at = excluded.sent_at
      WHERE excluded.submitted_at >= outbox.submitted_at`,
      6,
    ),
    bind(
      `INSERT OR IGNORE INTO checkin_links (token_hash, reference, created_at)
      SELECT ?7, ?4, ?5 WHERE ?7 IS NOT NULL
        AND (SELECT reference FROM submissions WHERE key = ?1) = ?4`,
      7,
    ),
    bind(
      `SELECT s.reference, r.created_at AS receivedAt, o.body, ${CONFLICT} AS conflict
      FROM (SELECT 1) LEFT JOIN submissions s ON s.key = ?1
        LEFT JOIN issued_references r ON r.reference = s.reference
        LEFT JOIN outbox o ON o.reference = s.reference`,
      3,
    ),
  ]);
  const row = results[5]?.results[0];
  if (!row || row.conflict) return { kind: 'conflict' };
  if (!row.reference || !row.receivedAt || !row.body) throw new Error('submission not recorded');
  return {
    kind: 'accepted',
    isNew: row.reference === candidate,
    reference: row.reference,
    receivedAt: row.receivedAt,
    body: row.body,
  };
}

/** Forgets a new reference whose message never reached the queue: it was never issued. */
export async function releaseReference(db: D1Database, reference: string): Promise<void> {
  await db.batch([
    db.prepare('DELETE FROM submissions WHERE reference = ?').bind(reference),
    db.prepare('DELETE FROM issued_references WHERE reference = ?').bind(reference),
    db.prepare('DELETE FROM outbox WHERE reference = ?').bind(reference),
    db.prepare('DELETE FROM checkin_links WHERE reference = ?').bind(reference),
  ]);
}

/** Keeps the check-in link of a reference issued before (a resubmission that gained a period). */
export async function keepLink(db: D1Database, hash: string, reference: string, at: string) {
  await db
    .prepare(
      'INSERT OR IGNORE INTO checkin_links (token_hash, reference, created_at) VALUES (?, ?, ?)',
    )
    .bind(hash, reference, at)
    .run();
}

/** The outbox statement that clears a reference once its newest submission is stored. */
export function clearOutbox(
  db: D1Database,
  reference: string,
  submittedAt: string,
): D1PreparedStatement {
  return db
    .prepare('DELETE FROM outbox WHERE reference = ? AND submitted_at <= ?')
    .bind(reference, submittedAt);
}

/**
 * Outbox rows last handed to the queue before `before`, oldest first, marked as sent `now` in the
 * same transaction, so two sweeps at once do not both send them.
 */
export async function takeStaleOutbox(
  db: D1Database,
  before: string,
  now: string,
  limit: number,
): Promise<{ reference: string; body: string }[]> {
  const { results } = await db
    .prepare(
      `UPDATE outbox SET sent_at = ?2 WHERE reference IN
         (SELECT reference FROM outbox WHERE sent_at < ?1 ORDER BY sent_at LIMIT ?3)
       RETURNING reference, body`,
    )
    .bind(before, now, limit)
    .all<{ reference: string; body: string }>();
  return results;
}
