-- Contacts' durations are now summed into a tally of their own (minutes of
-- direct work). Tallies of records stored before are rebuilt from the
-- records at the next start (app/src/tally.rs, `ensure_built`).
UPDATE settings SET value = '0' WHERE key = 'tallies_built';
