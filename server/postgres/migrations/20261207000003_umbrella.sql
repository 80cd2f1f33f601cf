-- SQLite's 20261207000029: the umbrella's outbox, members and received
-- messages, kept in step so an organisation's schema is the same on both
-- engines (a PostgreSQL host does not send or receive yet).
CREATE TABLE umbrella_outbox (
    year        BIGINT PRIMARY KEY,
    message     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    sent_at     TEXT,
    answer      TEXT,
    refused     BIGINT NOT NULL DEFAULT 0,
    attempts    BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE umbrella_members (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    region      TEXT NOT NULL,
    key         TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE umbrella_received (
    member      TEXT NOT NULL REFERENCES umbrella_members(code) ON DELETE CASCADE,
    year        BIGINT NOT NULL,
    message     TEXT NOT NULL,
    exported    TEXT NOT NULL,
    received_at TEXT NOT NULL,
    suppressed  BIGINT NOT NULL,
    groups      TEXT NOT NULL,
    PRIMARY KEY (member, year)
);
