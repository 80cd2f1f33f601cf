-- The host's own database: which organisation a host name opens, and in
-- which database of the cluster its data lives.
CREATE TABLE organisations (
    -- The host name the organisation's users open, lower-case.
    host       TEXT PRIMARY KEY NOT NULL,
    database   TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
        DEFAULT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
);
