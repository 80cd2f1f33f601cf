-- An organisation being imported exists (its database is being filled) but
-- is not served: no first start can claim it before its own data is in.
ALTER TABLE organisations ADD COLUMN served BOOLEAN NOT NULL DEFAULT TRUE;
