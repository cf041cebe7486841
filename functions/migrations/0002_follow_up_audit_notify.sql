-- Follow-up records, the audit log, sent grid notifications and dead letters (PRODUCT.md §7).

-- What grid workers recorded about each returnee; deleted with the declaration.
CREATE TABLE follow_ups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reference TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  status TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX follow_ups_reference ON follow_ups (reference, at);

-- Every reveal, export and status change: who, when, what. Never a name, phone or ID number:
-- `reference` is the receipt number and `detail` holds filters, counts or the new status.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('reveal', 'export', 'status')),
  reference TEXT,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);

-- One row per submission whose grid notification was delivered, so a retried message never
-- notifies twice and a failed notification is retried without touching the ledger row.
CREATE TABLE notifications (
  reference TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  PRIMARY KEY (reference, submitted_at)
);

-- Messages that kept failing, kept for staff to re-enter by hand: nothing accepted is lost.
CREATE TABLE dead_letters (
  id TEXT PRIMARY KEY,
  reference TEXT,
  received_at TEXT NOT NULL,
  body TEXT NOT NULL
);

-- The evaluated outcome (reasons, measures, test days) the receipt showed, for the staff view.
ALTER TABLE declarations ADD COLUMN outcome TEXT NOT NULL DEFAULT '{}';
