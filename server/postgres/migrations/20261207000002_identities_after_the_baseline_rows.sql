-- The baseline inserted its rows (the placeholder service, the lists) with
-- their ids, which leaves each identity where it started: the next service
-- or list item would take id 1 again and be refused. SQLite numbers a new
-- row after the highest id; from here, so does PostgreSQL.
SELECT setval(pg_get_serial_sequence('users', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM users;
SELECT setval(pg_get_serial_sequence('audit_log', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM audit_log;
SELECT setval(pg_get_serial_sequence('services', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM services;
SELECT setval(pg_get_serial_sequence('backups', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM backups;
SELECT setval(pg_get_serial_sequence('catalogue_items', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM catalogue_items;
