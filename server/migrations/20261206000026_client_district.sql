-- The district (okres) a client lives in, given once per code like sex and
-- birth year: the ministry's yearly report counts users by district. A
-- code from the fixed list of 77 districts plus `ZZ` (abroad or unknown),
-- checked by the app; NULL until given. Kept per service and copied to the
-- client's row for counts over every service, as the other basics are.
ALTER TABLE client_basics ADD COLUMN district TEXT;
ALTER TABLE clients ADD COLUMN district TEXT;
