-- Tests are now logged as tests, by type and with the result where known.
-- The acts that stood for them are retired (never deleted: stored records
-- keep pointing at them and still count as tests in the yearly report), so
-- a worker cannot log one test twice. The pregnancy test is not one the
-- drug monitoring centre counts and stays an act.
UPDATE catalogue_items SET active = 0
WHERE list = 'service_act' AND code IN ('test-hiv', 'test-hcv', 'test-syfilis');

-- Phones holding a cached copy of the lists fetch them again. A fresh
-- install has no accounts, so no phone has a copy.
UPDATE settings
SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT),
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE key = 'catalogue_version' AND EXISTS (SELECT 1 FROM users);
