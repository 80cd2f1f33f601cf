-- Target groups become one of the admin's lists, each type of service with
-- its own pack (the ministry's names), instead of four values compiled in
-- for harm reduction. The four keep their codes, so every record stored
-- with one stays valid and counts under the same code. SQLite cannot change
-- the list's CHECK in place: the table is rebuilt with the same rows.
CREATE TABLE catalogue_items_rebuilt (
    id            INTEGER PRIMARY KEY,
    list          TEXT NOT NULL CHECK (list IN ('locality', 'service_act', 'material', 'relation', 'target_group')),
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

-- Injecting material is for the first two only (the code says so by their
-- codes); "other" stays open to every type of service, as it was.
INSERT INTO catalogue_items (list, code, label, position, service_types) VALUES
    ('target_group', 'injecting_user', 'Injekční uživatelé drog', 1, 'contact_centre field_programme'),
    ('target_group', 'non_injecting_user', 'Neinjekční uživatelé drog', 2, 'contact_centre field_programme'),
    ('target_group', 'family_or_close', 'Rodina a blízcí', 3, 'contact_centre field_programme'),
    ('target_group', 'other', 'Jiní', 4, '');

UPDATE settings
SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT),
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE key = 'catalogue_version' AND EXISTS (SELECT 1 FROM users);
