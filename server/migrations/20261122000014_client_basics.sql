-- A client's sex and birth year, given once per code and service (a code is
-- the same person in every service, but each service asks for itself and
-- reports on its own). Never a name. The latest answer wins; a question
-- left blank never erases an earlier answer.
CREATE TABLE client_basics (
    code       TEXT NOT NULL,
    service_id INTEGER NOT NULL REFERENCES services (id),
    sex        TEXT CHECK (sex IN ('female', 'male')),
    birth_year INTEGER CHECK (birth_year BETWEEN 1900 AND 2200),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (code, service_id)
) STRICT, WITHOUT ROWID;
