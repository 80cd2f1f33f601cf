-- A list item can be meant for some types of service only: a halfway house
-- has no use for injecting material or harm-reduction information, and a
-- contact centre none for an individual-plan review. The types are kept as
-- their names separated by spaces; an empty set means every service.
ALTER TABLE catalogue_items ADD COLUMN service_types TEXT NOT NULL DEFAULT ''
    CHECK (service_types NOT GLOB '*[^a-z_ ]*');

-- What only the drug services do. The rest of the first list (counselling,
-- crisis intervention, help with rights, referral, accompanying, other)
-- stays open to every service.
UPDATE catalogue_items SET service_types = 'contact_centre field_programme'
WHERE (list = 'service_act'
       AND code IN ('hr-informace', 'prvni-pomoc', 'test-hiv', 'test-hcv',
                    'test-syfilis', 'test-tehotenstvi', 'hygiena-strava'))
   OR list = 'material';

-- Phones holding a cached copy of the lists fetch them again. The packs of
-- the other types are added by the server for the types the organisation
-- runs, at start and whenever a service opens.
UPDATE settings
SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT),
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE key = 'catalogue_version' AND EXISTS (SELECT 1 FROM users);
