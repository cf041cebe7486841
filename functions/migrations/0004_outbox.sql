-- Nothing accepted is lost (PRODUCT.md §7): the API writes each accepted submission here in the
-- same transaction that issues its reference, before the queue send. The consumer deletes the
-- row once the ledger row reflects it (or the dead-letter consumer has kept it); a sweep re-sends
-- rows still pending after a few minutes, so a queue that lost its messages (a local queue lives
-- in memory) cannot lose a declaration.
CREATE TABLE outbox (
  reference TEXT PRIMARY KEY,
  submitted_at TEXT NOT NULL,      -- the newest submission of this reference; its message body
  body TEXT NOT NULL,              -- the queue message as JSON
  sent_at TEXT NOT NULL            -- last time it was handed to the queue
);
CREATE INDEX outbox_sent ON outbox (sent_at);

-- Which person (a hash of idType and idNumber) a key was issued for, so a submissionId reused by
-- somebody else is refused instead of merging two people into one record.
ALTER TABLE submissions ADD COLUMN identity TEXT;
