-- A record can be edited on the phone after the server stored it but before
-- the phone heard so (the answer was lost). The phone numbers its edits; a
-- newer revision from the same worker replaces the stored one, and the
-- tallies move with it in the same transaction. Records stored before this
-- are revision 0, as their content says (a revision of 0 is not written).
ALTER TABLE records ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
