-- Evidence is stored as the exact canonical JSON text the record's hash covers, so reading it back
-- gives the same value (a JSON column let the query engine round long numbers, breaking the hash).
-- ALTER TABLE is not an UPDATE: the append-only triggers stay in force and do not fire.
ALTER TABLE "ConsentRecord" ALTER COLUMN "evidence" SET DATA TYPE TEXT USING "evidence"::text;
