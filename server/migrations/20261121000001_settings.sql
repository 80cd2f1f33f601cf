-- Organisation-wide settings, one row per key. Later features read their
-- switches from here (for example small-count suppression in reports).
CREATE TABLE settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

INSERT INTO settings (key, value) VALUES ('organisation_name', 'Terén');
