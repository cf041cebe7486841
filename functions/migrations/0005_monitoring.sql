-- Home health monitoring (PRODUCT.md §11): the returnee's personal check-in link, the daily
-- readings, and how the period was closed. Deleted with the declaration by the retention purge.

-- The check-in link of a reference, by the SHA-256 of its secret (never the secret itself).
CREATE TABLE checkin_links (
  token_hash TEXT PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

-- One reading per person, day and half-day; sending it again updates it.
CREATE TABLE checkins (
  reference TEXT NOT NULL,
  date TEXT NOT NULL,               -- YYYY-MM-DD, Asia/Shanghai
  period TEXT NOT NULL CHECK (period IN ('am', 'pm')),
  temperature REAL NOT NULL,
  symptoms TEXT NOT NULL DEFAULT '[]',
  test_result TEXT CHECK (test_result IN ('negative', 'positive', 'pending', 'not_done')),
  note TEXT NOT NULL DEFAULT '',
  alert INTEGER NOT NULL DEFAULT 0,
  method TEXT NOT NULL CHECK (method IN ('self', 'phone', 'visit', 'card')),
  recorded_by TEXT,                 -- the staff member who typed it in, for phone/visit/card
  at TEXT NOT NULL,
  PRIMARY KEY (reference, date, period)
);
CREATE INDEX checkins_date ON checkins (date, reference);

-- Close-out by the grid worker: completed, extended by N days, referred, lost. Kept apart from
-- the evaluated monitoring end, which a resubmission may change.
ALTER TABLE declarations ADD COLUMN extended_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE declarations ADD COLUMN closeout TEXT
  CHECK (closeout IN ('completed', 'referred', 'lost'));
ALTER TABLE declarations ADD COLUMN closeout_by TEXT;
ALTER TABLE declarations ADD COLUMN closeout_at TEXT;
-- The last day of monitoring with any extension, kept by the consumer and the close-out, so the
-- worklist of a day is one indexed range.
ALTER TABLE declarations ADD COLUMN monitoring_until TEXT;
UPDATE declarations SET monitoring_until = monitoring_ends;
CREATE INDEX declarations_grid_monitoring ON declarations (grid_id, monitoring_until);

-- Audit actions for the monitoring work (a CHECK constraint cannot be altered in SQLite: the
-- table is rebuilt with the longer list).
CREATE TABLE audit_log_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('reveal', 'export', 'status', 'call', 'checkin', 'closeout', 'search', 'arrival')),
  reference TEXT,
  detail TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_log_new (id, at, actor, action, reference, detail)
  SELECT id, at, actor, action, reference, detail FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_reference ON audit_log (reference);
