-- Accounts, the audit log and the admin-edited lists.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('worker', 'coordinator', 'admin')),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    -- Sessions remember the epoch they were made in; bumping it (deactivation,
    -- password reset) ends every session of the user at once.
    session_epoch INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- Security-relevant events. Names are copied, not only referenced, so the
-- log still reads right after a user is renamed.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor_id    INTEGER REFERENCES users (id),
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    client_addr TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX audit_log_by_time ON audit_log (at DESC);

-- Localities, service acts and materials: data the admin edits, not enums
-- compiled into the app. Items are never deleted (records refer to their
-- codes); they are deactivated instead.
CREATE TABLE catalogue_items (
    id       INTEGER PRIMARY KEY,
    list     TEXT NOT NULL CHECK (list IN ('locality', 'service_act', 'material')),
    code     TEXT NOT NULL,
    label    TEXT NOT NULL,
    active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    position INTEGER NOT NULL,
    UNIQUE (list, code)
) STRICT;

-- Bumped with every edit of the lists, so a phone can tell its cached copy
-- is stale by comparing one number.
INSERT INTO settings (key, value) VALUES ('catalogue_version', '1');

INSERT INTO catalogue_items (list, code, label, position) VALUES
    ('locality', 'centrum', 'Centrum', 1),
    ('locality', 'nadrazi', 'Hlavní nádraží', 2),
    ('locality', 'sidliste', 'Sídliště', 3),
    ('locality', 'ubytovna', 'Ubytovna', 4),
    ('locality', 'kontaktni-centrum', 'Kontaktní centrum', 5),
    ('locality', 'jine', 'Jiné místo', 6),

    ('service_act', 'hr-informace', 'Harm reduction – informace', 1),
    ('service_act', 'poradenstvi', 'Poradenství', 2),
    ('service_act', 'krizova-intervence', 'Krizová intervence', 3),
    ('service_act', 'socialni-prace', 'Pomoc při uplatňování práv a běžných záležitostech', 4),
    ('service_act', 'zprostredkovani', 'Zprostředkování navazujících služeb', 5),
    ('service_act', 'doprovod', 'Doprovod', 6),
    ('service_act', 'prvni-pomoc', 'Zdravotní ošetření, první pomoc', 7),
    ('service_act', 'test-hiv', 'Test HIV', 8),
    ('service_act', 'test-hcv', 'Test HCV', 9),
    ('service_act', 'test-syfilis', 'Test syfilis', 10),
    ('service_act', 'test-tehotenstvi', 'Těhotenský test', 11),
    ('service_act', 'hygiena-strava', 'Hygienický servis, potravinový servis', 12),
    ('service_act', 'jine', 'Jiné', 13),

    ('material', 'strikacky', 'Injekční stříkačky / sety', 1),
    ('material', 'jehly', 'Jehly', 2),
    ('material', 'filtry', 'Filtry', 3),
    ('material', 'voda', 'Sterilní voda', 4),
    ('material', 'kyselina', 'Kyselina askorbová', 5),
    ('material', 'tampony', 'Alkoholové tampony', 6),
    ('material', 'kondomy', 'Kondomy', 7),
    ('material', 'kapsle', 'Želatinové kapsle', 8),
    ('material', 'alobal', 'Alobal', 9),
    ('material', 'naloxon', 'Naloxon', 10);
