-- Since crypto-shredding (20261207000000) the ledger keys subjects by a pseudonym, so support staff's prefix search
-- reads the projection, which keeps the identifier in clear (and loses it on erasure): its subject ids in byte order
-- ("C" collation), so a prefix is one range of the index whatever the database's collation. The ledger's first-record
-- index in "C" order (20261206210000) now holds pseudonyms only, and goes.
DROP INDEX IF EXISTS "ConsentRecord_first_of_subject_c";
CREATE INDEX "ConsentState_subject_c" ON "ConsentState" (("subjectId" COLLATE "C"));
