-- Tallies keyed with the worker first, and kept twice: once per worker and
-- once for all workers together (worker_id 0).
--
-- Measured at 100,000 records, the first layout made a full-year dashboard
-- read a row per month, locality, worker, kind and measure: about as many
-- rows as there were records. The all-workers rows cut that by the number
-- of workers, and with the worker leading the key, a dashboard filtered to
-- one worker is a range scan too. The tallies are rebuilt from the records
-- at the next start-up.
DROP TABLE tallies;

CREATE TABLE tallies (
    grain     TEXT NOT NULL CHECK (grain IN ('day', 'month')),
    worker_id INTEGER NOT NULL,
    period    TEXT NOT NULL,
    locality  TEXT NOT NULL,
    kind      TEXT NOT NULL,
    measure   TEXT NOT NULL,
    code      TEXT NOT NULL DEFAULT '',
    value     INTEGER NOT NULL,
    PRIMARY KEY (grain, worker_id, period, locality, kind, measure, code)
) STRICT, WITHOUT ROWID;

UPDATE settings SET value = '0' WHERE key = 'tallies_built';
