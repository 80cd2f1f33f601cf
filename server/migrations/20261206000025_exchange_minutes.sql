-- How long an exchange usually takes, set per service: a phone gives it
-- to every new exchange (the worker may change it), so street work with
-- exchanges adds to the hours of direct work the drug monitoring centre
-- asks for. Ten minutes until the admin says otherwise.
ALTER TABLE services ADD COLUMN exchange_minutes INTEGER NOT NULL DEFAULT 10
    CHECK (exchange_minutes BETWEEN 0 AND 600);
