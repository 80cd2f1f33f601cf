-- The case figures read, for every case of the period, when help was first
-- offered and whether anyone was reached. At a million records that meant
-- opening each case's records and parsing their JSON, and old eviction
-- visits were checked one by one for a case: the dashboard took 175 ms
-- instead of 22. The indexes below hold everything those reads need; the
-- offer's outcome becomes a virtual column (no space in the table) so an
-- index can hold it. The columns of the partial indexes' conditions are in
-- them too: without them SQLite still opens each record to check them.
ALTER TABLE records ADD COLUMN outcome TEXT
    GENERATED ALWAYS AS (details ->> '$.outcome') VIRTUAL;

DROP INDEX records_in_case;
CREATE INDEX records_in_case
    ON records (case_id, service_id, occurred_utc, outcome, voided_at)
    WHERE case_id IS NOT NULL AND voided_at IS NULL;

DROP INDEX records_cases;
CREATE INDEX records_cases
    ON records (police_record_day, service_id, police_record_utc, id, locality, worker_id,
                kind, voided_at)
    WHERE kind = 'case' AND voided_at IS NULL;

-- Eviction visits from before cases: since migration 20 linked them all to
-- cases, only visits from phones not yet updated are left here.
DROP INDEX records_evictions;
CREATE INDEX records_evictions
    ON records (police_record_day, police_record_utc, client_code, id, occurred_utc, locality,
                worker_id, service_id)
    WHERE situation = 'eviction' AND voided_at IS NULL AND case_id IS NULL;
