-- Field records, as synced from the phones.
--
-- The id is the UUID the phone made: a retried upload finds its own row and
-- is acknowledged, never stored twice. The common fields are columns (reports
-- filter and group by them); the kind-specific part is a JSON document
-- checked by the same rules as on the phone (app/src/records/validate.rs)
-- before it is stored. `content` is the record exactly as accepted, so a
-- resend can be told apart from a different record under the same id.
CREATE TABLE records (
    id            TEXT PRIMARY KEY NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('contact', 'exchange', 'crisis_visit', 'found_syringes')),
    occurred_at   TEXT NOT NULL,
    occurred_utc  TEXT NOT NULL,
    day           TEXT NOT NULL,
    week          TEXT NOT NULL,
    worker_id     INTEGER NOT NULL REFERENCES users (id),
    device_id     TEXT NOT NULL,
    locality      TEXT NOT NULL,
    client_kind   TEXT NOT NULL CHECK (client_kind IN ('code', 'anonymous', 'ncc')),
    client_code   TEXT,
    first_contact INTEGER NOT NULL CHECK (first_contact IN (0, 1)),
    note          TEXT NOT NULL DEFAULT '',
    details       TEXT NOT NULL,
    content       TEXT NOT NULL,
    received_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    voided_at     TEXT,
    void_reason   TEXT,
    voided_by     INTEGER REFERENCES users (id)
) STRICT;

CREATE INDEX records_by_worker ON records (worker_id, occurred_utc DESC);
CREATE INDEX records_by_day ON records (day, kind);
