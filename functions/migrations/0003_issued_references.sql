-- Every reference ever issued and not yet purged, so two declarations can never share one
-- (references are short random numbers read aloud; a collision must be refused, not merged).
CREATE TABLE issued_references (
  reference TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
);
INSERT OR IGNORE INTO issued_references (reference, created_at)
  SELECT reference, min(created_at) FROM submissions GROUP BY reference;
