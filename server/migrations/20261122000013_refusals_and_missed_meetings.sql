-- A refused applicant (§91(3) of the social services act) and a missed or
-- cancelled meeting (social rehabilitation) are records of their own kinds,
-- which the kind's CHECK must allow. SQLite cannot change a
-- CHECK in place, so the table is rebuilt with the same rows; the service
-- column gets its foreign key on the way. Every index is made again.
CREATE TABLE records_rebuilt (
    id                TEXT PRIMARY KEY NOT NULL,
    revision          INTEGER NOT NULL DEFAULT 0,
    kind              TEXT NOT NULL CHECK (kind IN ('contact', 'exchange', 'crisis_visit',
                          'found_syringes', 'refusal', 'missed_meeting')),
    occurred_at       TEXT NOT NULL,
    occurred_utc      TEXT NOT NULL,
    day               TEXT NOT NULL,
    week              TEXT NOT NULL,
    service_id        INTEGER NOT NULL REFERENCES services (id),
    worker_id         INTEGER NOT NULL REFERENCES users (id),
    device_id         TEXT NOT NULL,
    locality          TEXT NOT NULL,
    client_kind       TEXT NOT NULL CHECK (client_kind IN ('code', 'anonymous', 'ncc')),
    client_code       TEXT,
    first_contact     INTEGER NOT NULL CHECK (first_contact IN (0, 1)),
    note              TEXT NOT NULL DEFAULT '',
    details           TEXT NOT NULL,
    content           TEXT NOT NULL,
    target_group      TEXT,
    situation         TEXT,
    police_record_utc TEXT,
    police_record_day TEXT,
    received_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    voided_at         TEXT,
    void_reason       TEXT,
    voided_by         INTEGER REFERENCES users (id)
) STRICT;

INSERT INTO records_rebuilt (id, revision, kind, occurred_at, occurred_utc, day, week, service_id,
                             worker_id, device_id, locality, client_kind, client_code,
                             first_contact, note, details, content, target_group, situation,
                             police_record_utc, police_record_day, received_at, voided_at,
                             void_reason, voided_by)
SELECT id, revision, kind, occurred_at, occurred_utc, day, week, service_id, worker_id, device_id,
       locality, client_kind, client_code, first_contact, note, details, content, target_group,
       situation, police_record_utc, police_record_day, received_at, voided_at, void_reason,
       voided_by
FROM records;

DROP TABLE records;
ALTER TABLE records_rebuilt RENAME TO records;

CREATE INDEX records_by_worker ON records (worker_id, occurred_utc DESC);
CREATE INDEX records_by_day ON records (day, kind);
CREATE INDEX records_by_time ON records (occurred_utc DESC);
CREATE INDEX records_by_service ON records (service_id, occurred_utc DESC);
CREATE INDEX records_by_client ON records
    (client_code, day, locality, worker_id, kind, target_group, service_id)
    WHERE client_code IS NOT NULL AND voided_at IS NULL;
CREATE INDEX records_clients_by_day ON records
    (day, locality, worker_id, kind, client_code, service_id)
    WHERE client_code IS NOT NULL AND voided_at IS NULL;
CREATE INDEX records_evictions ON records
    (police_record_day, police_record_utc, client_code, id, occurred_utc, locality, worker_id,
     service_id)
    WHERE situation = 'eviction' AND voided_at IS NULL;
