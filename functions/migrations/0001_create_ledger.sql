-- The ledger (台账): one row per reference, written by the queue consumer (PRODUCT.md §7).
CREATE TABLE declarations (
  reference TEXT PRIMARY KEY,
  received_at TEXT NOT NULL,        -- first submission, ISO 8601 instant
  submitted_at TEXT NOT NULL,       -- the submission this row reflects; newer wins
  revision INTEGER NOT NULL DEFAULT 1,
  area_id TEXT NOT NULL,
  grid_id TEXT NOT NULL,
  risk TEXT NOT NULL CHECK (risk IN ('high', 'medium', 'low')),
  arrival_date TEXT NOT NULL,
  monitoring_ends TEXT,
  purge_after TEXT NOT NULL,        -- YYYY-MM-DD after which the daily cron deletes the row
  status TEXT NOT NULL DEFAULT 'new',
  data TEXT NOT NULL                -- the normalised declaration as JSON
);
CREATE INDEX declarations_grid_received ON declarations (grid_id, received_at DESC);
CREATE INDEX declarations_purge ON declarations (purge_after);

-- Idempotency keys issued by the API before queueing: the client's submissionId and a hash of
-- (idType, idNumber, arrivalDate), both mapping to the reference already given.
CREATE TABLE submissions (
  key TEXT PRIMARY KEY,
  reference TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX submissions_reference ON submissions (reference);
