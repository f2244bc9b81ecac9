-- One entry per subject (its first record), so counting subjects never scans the ledger.
CREATE INDEX "ConsentRecord_first_of_subject" ON "ConsentRecord" ("subjectId") WHERE "seq" = 0;
