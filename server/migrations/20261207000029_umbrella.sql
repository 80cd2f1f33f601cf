-- A service's yearly figures sent to an umbrella, and an umbrella's
-- members and what each sent.

-- The member's side: the latest message for each year, kept until the
-- umbrella has answered it, so a send made offline goes out later.
CREATE TABLE umbrella_outbox (
    year        INTEGER PRIMARY KEY,
    message     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    sent_at     TEXT,
    -- The umbrella's answer to the last attempt, or why it failed.
    answer      TEXT,
    refused     INTEGER NOT NULL DEFAULT 0,
    attempts    INTEGER NOT NULL DEFAULT 0
);

-- The umbrella's side: its members, each with the key its messages are
-- signed with, and the region its services count in.
CREATE TABLE umbrella_members (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    region      TEXT NOT NULL,
    key         TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- Each member's latest message per year, whole: a resend replaces it.
CREATE TABLE umbrella_received (
    member      TEXT NOT NULL REFERENCES umbrella_members(code) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    message     TEXT NOT NULL,
    exported    TEXT NOT NULL,
    received_at TEXT NOT NULL,
    suppressed  INTEGER NOT NULL,
    groups      TEXT NOT NULL,
    PRIMARY KEY (member, year)
);
