-- What the operator's status page shows about phones and backups.
--
-- One row per phone and worker: when the phone last reached the server and
-- what its last batch carried. A phone that has not synced for days may
-- hold records only it has, until the browser evicts them; the row tells a
-- coordinator whom to call. Filled from the records already stored.
CREATE TABLE devices (
    device_id      TEXT NOT NULL,
    worker_id      INTEGER NOT NULL REFERENCES users (id),
    first_sync     TEXT NOT NULL,
    last_sync      TEXT NOT NULL,
    -- Records in the last batch, and how many of them were refused (they
    -- stay on the phone with the reason).
    last_sent      INTEGER NOT NULL DEFAULT 0,
    last_refused   INTEGER NOT NULL DEFAULT 0,
    -- Records this phone has sent that were stored new.
    stored         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (device_id, worker_id)
) STRICT;

INSERT INTO devices (device_id, worker_id, first_sync, last_sync, stored)
SELECT device_id, worker_id, MIN(received_at), MAX(received_at), COUNT(*)
FROM records
GROUP BY device_id, worker_id;

CREATE INDEX devices_by_last_sync ON devices (last_sync);

-- Every backup written, by the command or on schedule, and every failed
-- attempt, so the status page can say when the data was last safe.
CREATE TABLE backups (
    id         INTEGER PRIMARY KEY,
    taken_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    trigger    TEXT NOT NULL CHECK (trigger IN ('command', 'schedule')),
    file       TEXT NOT NULL,
    ok         INTEGER NOT NULL CHECK (ok IN (0, 1)),
    records    INTEGER,
    bytes      INTEGER,
    error      TEXT
) STRICT;
