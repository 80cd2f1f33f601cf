-- What the coordinator's figures are computed from.
--
-- Additive figures (counts of records, materials given, service acts,
-- syringes returned, ...) are kept as tallies: one row per grain (day and
-- month), period, locality, worker, kind and measure, updated in the same
-- transaction that stores or voids a record. A full year is then read from a
-- few thousand month rows instead of hundreds of thousands of records; a
-- custom range reads whole months plus the days at its edges.
--
-- Unique clients cannot be added up, so they are counted from the records
-- themselves: for each known client code, one seek into an index ordered by
-- code and day finds whether (and in which target group) the client was seen
-- in the period. That is one seek per client, not a scan of the year.
ALTER TABLE records ADD COLUMN target_group TEXT;
ALTER TABLE records ADD COLUMN situation TEXT;
ALTER TABLE records ADD COLUMN police_record_utc TEXT;

UPDATE records SET
    target_group = json_extract(details, '$.target_group'),
    situation = json_extract(details, '$.situation'),
    police_record_utc = CASE
        WHEN json_extract(details, '$.police_record_at') IS NOT NULL
        THEN strftime('%Y-%m-%dT%H:%M:%SZ', json_extract(details, '$.police_record_at'))
    END;

CREATE TABLE tallies (
    grain     TEXT NOT NULL CHECK (grain IN ('day', 'month')),
    period    TEXT NOT NULL,
    locality  TEXT NOT NULL,
    worker_id INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    measure   TEXT NOT NULL,
    code      TEXT NOT NULL DEFAULT '',
    value     INTEGER NOT NULL,
    PRIMARY KEY (grain, period, locality, worker_id, kind, measure, code)
) STRICT, WITHOUT ROWID;

-- Every client code ever synced: the outer loop of the unique-client count.
CREATE TABLE clients (
    code TEXT PRIMARY KEY NOT NULL
) STRICT, WITHOUT ROWID;

INSERT OR IGNORE INTO clients (code)
    SELECT client_code FROM records WHERE client_code IS NOT NULL;

CREATE INDEX records_by_client ON records
    (client_code, day, locality, worker_id, kind, target_group)
    WHERE client_code IS NOT NULL AND voided_at IS NULL;

CREATE INDEX records_evictions ON records (day, police_record_utc)
    WHERE situation = 'eviction' AND voided_at IS NULL;

-- The records browser lists the newest first.
CREATE INDEX records_by_time ON records (occurred_utc DESC);

-- Published figures hide unique-client counts from 1 to 4 unless an admin
-- turns this off.
INSERT INTO settings (key, value) VALUES ('suppress_small_counts', '1');

-- Tallies for records stored before this migration are built by the server
-- at start-up (app/src/reports/tally.rs), which then sets this to 1.
INSERT INTO settings (key, value) VALUES ('tallies_built', '0');

-- Unique clients per locality or worker over a period (the breakdowns).
CREATE INDEX records_clients_by_day ON records
    (day, locality, worker_id, kind, client_code)
    WHERE client_code IS NOT NULL AND voided_at IS NULL;
