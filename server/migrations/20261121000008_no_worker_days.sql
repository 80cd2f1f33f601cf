-- Tallies no longer keep a day row per worker: they were two thirds of the
-- table and of every sync's writes, and the few days a report for one
-- worker needs at the edges of its range are counted from the records.
DELETE FROM tallies WHERE grain = 'day' AND worker_id <> 0;
