-- A secret per user that wraps the key of that user's data on a phone. The
-- phone never keeps it: the server hands it only to a logged-in session, so a
-- phone whose PIN is forgotten or locked recovers its queue at the next
-- online login. A password reset keeps it, or a phone's pending records
-- would be lost with the old password.
ALTER TABLE users ADD COLUMN vault_secret BLOB;
