-- The grid worker's workbench at sub-district scale (issue 12): the columns the ledger is found
-- and sorted by, kept by the consumer beside the declaration's JSON (the same data, indexed),
-- and the checkpoint's arrival mark.
ALTER TABLE declarations ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE declarations ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE declarations ADD COLUMN id_number TEXT NOT NULL DEFAULT '';
-- Last four characters, for "尾号" searches that an index can answer.
ALTER TABLE declarations ADD COLUMN id_tail TEXT NOT NULL DEFAULT '';
ALTER TABLE declarations ADD COLUMN phone_tail TEXT NOT NULL DEFAULT '';
-- The test dates as a JSON array, for "test due" sorting and the worklist.
ALTER TABLE declarations ADD COLUMN test_days TEXT NOT NULL DEFAULT '[]';
-- Marked at the village checkpoint (卡口): when and by whom the returnee was seen arriving.
ALTER TABLE declarations ADD COLUMN arrived_at TEXT;
ALTER TABLE declarations ADD COLUMN arrived_by TEXT;

UPDATE declarations SET
  name = json_extract(data, '$.name'),
  phone = json_extract(data, '$.phone'),
  id_number = json_extract(data, '$.idNumber'),
  id_tail = substr(json_extract(data, '$.idNumber'), -4),
  phone_tail = substr(json_extract(data, '$.phone'), -4),
  test_days = COALESCE(json_extract(outcome, '$.testDays'), '[]');

CREATE INDEX declarations_name ON declarations (name);
CREATE INDEX declarations_phone ON declarations (phone);
CREATE INDEX declarations_id_number ON declarations (id_number);
CREATE INDEX declarations_id_tail ON declarations (id_tail);
CREATE INDEX declarations_phone_tail ON declarations (phone_tail);
CREATE INDEX declarations_grid_arrival ON declarations (grid_id, arrival_date);
CREATE INDEX declarations_arrival ON declarations (arrival_date);
-- Newest first with the reference as tie-break, in one index walk and no sort step.
CREATE INDEX declarations_received ON declarations (received_at, reference);
DROP INDEX declarations_grid_received;
CREATE INDEX declarations_grid_received ON declarations (grid_id, received_at, reference);
CREATE INDEX checkins_reference_date ON checkins (reference, date);
-- Everyone under monitoring on a day, in all grids (an admin's worklist and dashboard).
CREATE INDEX declarations_monitoring ON declarations (monitoring_until);
