-- The pseudonyms of erased subjects, which a server reads at start and again (at most once a second) when a decision
-- finds no projection row (db/ledger.repository.ts, ERASED_SUBJECTS): without an index that read went through every
-- subject's key, 0.26 s at a million subjects on SQLite, on the server's thread. Only erased subjects are in it, so
-- it costs the usual write nothing.
CREATE INDEX "SubjectKey_erased_idx" ON "SubjectKey"("pseudonym") WHERE "erasedAt" IS NOT NULL;
