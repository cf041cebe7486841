-- Indexes for the dashboard, the worklist and the urgency order (issue 12). At 50,000 ledger
-- rows these read 10,000 to 50,000 rows each; reading them from the wide table (the
-- declaration's JSON) took 70–110 ms, reading them from an index that holds every column the
-- query needs takes a tenth of it. Each widened index keeps the columns (and order) of the one
-- it replaces, so the queries that used it read it as before.

-- Newest first (the list's keyset paging), and the dashboard's declarations per day, area, risk.
DROP INDEX declarations_received;
CREATE INDEX declarations_received ON declarations (received_at, reference, grid_id, area_id, risk);
DROP INDEX declarations_grid_received;
CREATE INDEX declarations_grid_received ON declarations (grid_id, received_at, reference, area_id, risk);

-- Everyone under monitoring on a day: the worklist places them, the dashboard counts them.
DROP INDEX declarations_monitoring;
CREATE INDEX declarations_monitoring ON declarations (monitoring_until, arrival_date, closeout,
  grid_id, area_id, reference, risk, status, test_days);
DROP INDEX declarations_grid_monitoring;
CREATE INDEX declarations_grid_monitoring ON declarations (grid_id, monitoring_until, arrival_date,
  closeout, area_id, reference, risk, status, test_days);

-- The urgency order (functions/src/db/ledger-query.ts): its first keys as indexed expressions,
-- written exactly as the query writes them, so a page reads the first groups in order and sorts
-- only those by the rest, instead of sorting the whole ledger.
CREATE INDEX declarations_urgency ON declarations (
  (closeout IS NOT NULL OR status IN ('cleared', 'referred', 'lost')),
  (CASE risk WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END),
  (status = 'new') DESC, test_days, received_at, reference, area_id);
CREATE INDEX declarations_grid_urgency ON declarations (grid_id,
  (closeout IS NOT NULL OR status IN ('cleared', 'referred', 'lost')),
  (CASE risk WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END),
  (status = 'new') DESC, test_days, received_at, reference, area_id);
