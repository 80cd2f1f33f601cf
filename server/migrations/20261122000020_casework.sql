-- An intervention centre's casework: a case opens when the police record
-- of an eviction arrives, and offers of help, consultations and visits
-- point at it (`case_id`). Cases, offers and consultations are records of
-- their own kinds, which the kind's CHECK must allow; the lists gain the
-- violent person's relation. SQLite cannot change a CHECK in place, so
-- both tables are rebuilt with the same rows and every index made again.
CREATE TABLE catalogue_items_rebuilt (
    id            INTEGER PRIMARY KEY,
    list          TEXT NOT NULL CHECK (list IN ('locality', 'service_act', 'material', 'relation')),
    code          TEXT NOT NULL,
    label         TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    position      INTEGER NOT NULL,
    service_types TEXT NOT NULL DEFAULT '' CHECK (service_types NOT GLOB '*[^a-z_ ]*'),
    UNIQUE (list, code)
) STRICT;
INSERT INTO catalogue_items_rebuilt (id, list, code, label, active, position, service_types)
SELECT id, list, code, label, active, position, service_types FROM catalogue_items;
DROP TABLE catalogue_items;
ALTER TABLE catalogue_items_rebuilt RENAME TO catalogue_items;

CREATE TABLE records_rebuilt (
    id                TEXT PRIMARY KEY NOT NULL,
    revision          INTEGER NOT NULL DEFAULT 0,
    kind              TEXT NOT NULL CHECK (kind IN ('contact', 'exchange', 'crisis_visit',
                          'found_syringes', 'refusal', 'missed_meeting', 'case', 'offer',
                          'consultation')),
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
    -- For an eviction visit and for a case: when the police record was
    -- received (UTC), and its local day.
    police_record_utc TEXT,
    police_record_day TEXT,
    received_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    voided_at         TEXT,
    void_reason       TEXT,
    voided_by         INTEGER REFERENCES users (id),
    -- The case an offer, consultation or visit belongs to.
    case_id           TEXT,
    exploitation      TEXT GENERATED ALWAYS AS (details ->> '$.particulars.exploitation') VIRTUAL,
    citizenship       TEXT GENERATED ALWAYS AS (details ->> '$.particulars.citizenship') VIRTUAL
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
CREATE INDEX records_crisis_people
    ON records (service_id, occurred_utc, day, client_code, exploitation, citizenship,
                locality, worker_id, kind)
    WHERE voided_at IS NULL AND client_code IS NOT NULL
      AND (exploitation IS NOT NULL OR citizenship IS NOT NULL);
-- A centre's cases by the day received, and what happened in each.
CREATE INDEX records_cases ON records (police_record_day, service_id)
    WHERE kind = 'case' AND voided_at IS NULL;
CREATE INDEX records_in_case ON records (case_id, occurred_utc)
    WHERE case_id IS NOT NULL AND voided_at IS NULL;

-- Eviction visits logged before cases existed become cases as the figure
-- counted them: one per police time typed and client code (each anonymous
-- visit its own), received at that time, with its visits linked, so the
-- figure keeps counting what it counted and a follow-up can now be logged
-- in the same case. The relation was never asked: it stays empty (reported
-- as not given).
CREATE TEMP TABLE old_case AS
SELECT police_record_utc, COALESCE(client_code, id) AS who, MIN(id) AS first_visit,
       MAX(COALESCE(details ->> '$.children_present', 0)) AS children,
       lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
             substr(hex(randomblob(2)), 2) || '-8' || substr(hex(randomblob(2)), 2) || '-' ||
             hex(randomblob(6))) AS case_id
FROM records
WHERE kind = 'crisis_visit' AND situation = 'eviction' AND police_record_utc IS NOT NULL
  AND voided_at IS NULL
GROUP BY police_record_utc, COALESCE(client_code, id);

CREATE TEMP TABLE case_of_visit AS
SELECT r.id AS visit_id, o.case_id
FROM records r JOIN old_case o
  ON o.police_record_utc = r.police_record_utc AND o.who = COALESCE(r.client_code, r.id)
WHERE r.kind = 'crisis_visit' AND r.situation = 'eviction' AND r.voided_at IS NULL;

-- The case is filed like one of its visits (service, worker, place, client).
INSERT INTO records (id, revision, kind, occurred_at, occurred_utc, day, week, service_id,
                     worker_id, device_id, locality, client_kind, client_code, first_contact,
                     note, details, content, police_record_utc, police_record_day)
SELECT o.case_id, 0, 'case', r.occurred_at, r.occurred_utc, r.day, r.week, r.service_id,
       r.worker_id, r.device_id, r.locality, r.client_kind, r.client_code, 0, '',
       json_object('kind', 'case',
                   'number', 'VK-' || substr(r.police_record_day, 1, 4) || '-' ||
                             upper(substr(o.case_id, 1, 4)),
                   'received_at', r.details ->> '$.police_record_at',
                   'children', o.children,
                   'relation', ''),
       json_object('id', o.case_id, 'service', r.service_id, 'occurred_at', r.occurred_at,
                   'locality', r.locality, 'client', json(r.content -> '$.client'),
                   'note', '',
                   'details', json_object('kind', 'case',
                       'number', 'VK-' || substr(r.police_record_day, 1, 4) || '-' ||
                                 upper(substr(o.case_id, 1, 4)),
                       'received_at', r.details ->> '$.police_record_at',
                       'children', o.children,
                       'relation', '')),
       r.police_record_utc, r.police_record_day
FROM old_case o JOIN records r ON r.id = o.first_visit;

UPDATE records SET case_id = (SELECT case_id FROM case_of_visit WHERE visit_id = records.id)
WHERE id IN (SELECT visit_id FROM case_of_visit);

DROP TABLE old_case;
DROP TABLE case_of_visit;

-- The new cases count as records in the tallies: rebuilt at the next start.
UPDATE settings SET value = '0' WHERE key = 'tallies_built';

UPDATE settings
SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT),
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE key = 'catalogue_version' AND EXISTS (SELECT 1 FROM users);
