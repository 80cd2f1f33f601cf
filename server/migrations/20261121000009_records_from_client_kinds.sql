-- Every record already counts once under its kind of client, so the count
-- of records is the sum over those rows: the separate `records` rows were a
-- tenth of the table, written again by every sync.
DELETE FROM tallies WHERE measure = 'records';
