-- The registered services an organisation runs (law 108/2006 Sb.): each has
-- a type, a name and its registry identifier, reports on its own, and has
-- its own workers. Services are never deleted (records refer to them); they
-- are deactivated instead.
CREATE TABLE services (
    id          INTEGER PRIMARY KEY,
    type        TEXT NOT NULL CHECK (type IN ('contact_centre', 'field_programme',
                    'intervention_centre', 'crisis_help', 'halfway_house',
                    'social_rehabilitation')),
    name        TEXT NOT NULL UNIQUE,
    registry_id TEXT NOT NULL DEFAULT '',
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- Which services a user works for. A worker files records only into these.
CREATE TABLE user_services (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    service_id INTEGER NOT NULL REFERENCES services (id),
    PRIMARY KEY (user_id, service_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX user_services_by_service ON user_services (service_id);

-- Everything recorded so far was harm-reduction work, so it moves to one
-- contact centre, and everyone already working joins it. On a fresh install
-- this service is a placeholder that the first start replaces with the
-- services the organisation names.
INSERT INTO services (id, type, name) VALUES (1, 'contact_centre', 'Kontaktní centrum');
INSERT INTO user_services (user_id, service_id) SELECT id, 1 FROM users;

-- SQLite cannot add a column with a foreign key and a non-null default;
-- the reference to `services` is kept by the code that writes records.
ALTER TABLE records ADD COLUMN service_id INTEGER NOT NULL DEFAULT 1;

CREATE INDEX records_by_service ON records (service_id, occurred_utc DESC);
