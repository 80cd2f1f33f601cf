-- What the ministry asks of a residential service's users: where a halfway
-- house's user comes from (`institutional_care`, `foster_care`, `other`)
-- and how many people live with them. Given once per code and service,
-- like the other basics; only a halfway house asks them, so they stay on
-- the service's own row (no copy on the client's row).
ALTER TABLE client_basics ADD COLUMN origin TEXT;
ALTER TABLE client_basics ADD COLUMN household INTEGER;
