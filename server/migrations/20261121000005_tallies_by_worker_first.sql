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

-- An eviction case belongs to the period of its police record, by the day
-- written on that record (local time, as the centre received it); this
-- index keeps the 48-hour figure to the period's cases instead of every
-- eviction ever recorded.
ALTER TABLE records ADD COLUMN police_record_day TEXT;
UPDATE records SET police_record_day = substr(json_extract(details, '$.police_record_at'), 1, 10)
    WHERE json_extract(details, '$.police_record_at') IS NOT NULL;
DROP INDEX records_evictions;
CREATE INDEX records_evictions ON records (police_record_day)
    WHERE situation = 'eviction' AND voided_at IS NULL;
