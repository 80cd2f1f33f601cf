-- The public keys phones sign handover files with, one per user and phone
-- (a phone that made a new key keeps its old ones valid for files it
-- wrote before). Registered by the user's own session while online.
CREATE TABLE handover_authors (
    user_id       INTEGER NOT NULL REFERENCES users(id),
    device_id     TEXT NOT NULL,
    public_key    TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    PRIMARY KEY (user_id, device_id, public_key)
);
