-- Every service reports on its own, so the tallies are kept per service
-- too, and for all services together (service 0, as worker 0 is all
-- workers). The service comes before the period in the key: a report reads
-- one service's rows (or the totals') as one range. The tallies are rebuilt
-- from the records at the next start (app/src/tally.rs, `ensure_built`).
DROP TABLE tallies;

CREATE TABLE tallies (
    grain      TEXT NOT NULL CHECK (grain IN ('day', 'month')),
    worker_id  INTEGER NOT NULL,
    service_id INTEGER NOT NULL,
    period     TEXT NOT NULL,
    locality   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    measure    TEXT NOT NULL,
    code       TEXT NOT NULL DEFAULT '',
    value      INTEGER NOT NULL,
    PRIMARY KEY (grain, worker_id, service_id, period, locality, kind, measure, code)
) STRICT, WITHOUT ROWID;

UPDATE settings SET value = '0' WHERE key = 'tallies_built';

-- The unique-client counts seek these indexes; with the service at their
-- end they still answer without reading the records, filtered or not.
DROP INDEX records_by_client;
CREATE INDEX records_by_client ON records
    (client_code, day, locality, worker_id, kind, target_group, service_id)
    WHERE client_code IS NOT NULL AND voided_at IS NULL;

DROP INDEX records_clients_by_day;
CREATE INDEX records_clients_by_day ON records
    (day, locality, worker_id, kind, client_code, service_id)
    WHERE client_code IS NOT NULL AND voided_at IS NULL;

DROP INDEX records_evictions;
CREATE INDEX records_evictions ON records
    (police_record_day, police_record_utc, client_code, id, occurred_utc, locality, worker_id,
     service_id)
    WHERE situation = 'eviction' AND voided_at IS NULL;
