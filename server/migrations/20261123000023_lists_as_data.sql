-- Target groups, and the places and interventions of crisis visits, become
-- lists the admin edits instead of values compiled in. Target groups get a
-- pack per type of service (the ministry's names); what existed keeps its
-- code, so every record stored with one stays valid and counts under the
-- same code. SQLite cannot change the list's CHECK in place: the table is
-- rebuilt with the same rows.
CREATE TABLE catalogue_items_rebuilt (
    id            INTEGER PRIMARY KEY,
    list          TEXT NOT NULL CHECK (list IN ('locality', 'service_act', 'material', 'relation', 'target_group', 'place', 'intervention')),
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
    ('target_group', 'other', 'Jiní', 4, ''),
    ('place', 'home', 'Domácnost', 1, ''),
    ('place', 'hospital', 'Nemocnice', 2, ''),
    ('place', 'shelter', 'Azylový dům', 3, ''),
    ('place', 'police', 'Policie', 4, ''),
    ('place', 'street', 'Ulice', 5, ''),
    ('place', 'other', 'Jinde', 6, ''),
    ('intervention', 'crisis_intervention', 'Krizová intervence', 1, ''),
    ('intervention', 'safety_plan', 'Bezpečnostní plán', 2, ''),
    ('intervention', 'protective_measures', 'Informace o ochranných opatřeních', 3, ''),
    ('intervention', 'criminal_proceedings', 'Informace o trestním řízení', 4, ''),
    ('intervention', 'referral_shelter', 'Zprostředkování azylového bydlení', 5, ''),
    ('intervention', 'referral_police', 'Zprostředkování policie', 6, ''),
    ('intervention', 'referral_psychologist', 'Zprostředkování psychologa', 7, ''),
    ('intervention', 'referral_lawyer', 'Zprostředkování právníka', 8, ''),
    ('intervention', 'accompanying', 'Doprovod', 9, '');

UPDATE settings
SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT),
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE key = 'catalogue_version' AND EXISTS (SELECT 1 FROM users);
