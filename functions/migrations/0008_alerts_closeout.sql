-- Home health monitoring, issue 11 follow-up.

-- Alerts for a grid's robot (PRODUCT.md §11), kept in the transaction that stores the alerting
-- reading and deleted once the robot took them; a sweep (the outbox cron) retries the rest, so a
-- robot that is down loses nothing. `text` is the masked message (张*, 138****5678), never an ID
-- number. Deleted with the declaration by the retention purge.
CREATE TABLE pending_alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reference TEXT NOT NULL,
  grid_id TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at TEXT NOT NULL             -- when a sweep may send it (again)
);
CREATE INDEX pending_alerts_next ON pending_alerts (next_at);
CREATE INDEX pending_alerts_reference ON pending_alerts (reference);

-- One rule from now on (functions/src/db/ledger.ts statusStatement): the period is closed exactly
-- while the status is 已解除监测, 已转诊 or 失联. Statuses set before by a follow-up or a bulk
-- change left the close-out empty: it is filled in from the follow-up that set them.
UPDATE declarations SET
  closeout = CASE status WHEN 'cleared' THEN 'completed' ELSE status END,
  closeout_by = (SELECT actor FROM follow_ups f WHERE f.reference = declarations.reference
    AND f.status = declarations.status ORDER BY f.at DESC, f.id DESC LIMIT 1),
  closeout_at = (SELECT at FROM follow_ups f WHERE f.reference = declarations.reference
    AND f.status = declarations.status ORDER BY f.at DESC, f.id DESC LIMIT 1)
WHERE closeout IS NULL AND status IN ('cleared', 'referred', 'lost');
