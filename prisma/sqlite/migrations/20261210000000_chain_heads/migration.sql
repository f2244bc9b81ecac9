-- #16: every subject's chain head (its newest record's seq and hash), one row per subject, kept by triggers on
-- ConsentRecord so that every way a record gets in (the ledger writer, imports, erasure, the bench's bulk loader)
-- keeps it: what a checkpoint reads, one row per subject instead of every record of the ledger. Not evidence itself:
-- a checkpoint made from a wrong row is caught when verification compares the checkpoint with the records.
CREATE TABLE "ChainHead" (
    "subjectId" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL
);

INSERT INTO "ChainHead" ("subjectId", "seq", "hash")
SELECT r."subjectId", r."seq", r."hash"
FROM (SELECT "subjectId", MAX("seq") AS "seq" FROM "ConsentRecord" GROUP BY "subjectId") h
JOIN "ConsentRecord" r ON r."subjectId" = h."subjectId" AND r."seq" = h."seq";

CREATE TRIGGER "ConsentRecord_chain_head_insert" AFTER INSERT ON "ConsentRecord"
BEGIN
    INSERT INTO "ChainHead" ("subjectId", "seq", "hash") VALUES (NEW."subjectId", NEW."seq", NEW."hash")
    ON CONFLICT ("subjectId") DO UPDATE SET "seq" = excluded."seq", "hash" = excluded."hash"
    WHERE excluded."seq" > "ChainHead"."seq";
END;

-- The one UPDATE the ledger lets through (re-protecting a format-1 row: new subjectId and hash): both subjects' heads
-- are read again from the records.
CREATE TRIGGER "ConsentRecord_chain_head_update" AFTER UPDATE ON "ConsentRecord"
BEGIN
    DELETE FROM "ChainHead" WHERE "subjectId" IN (OLD."subjectId", NEW."subjectId");
    INSERT INTO "ChainHead" ("subjectId", "seq", "hash")
    SELECT r."subjectId", r."seq", r."hash" FROM "ConsentRecord" r
    WHERE r."subjectId" IN (OLD."subjectId", NEW."subjectId")
      AND r."seq" = (SELECT MAX(m."seq") FROM "ConsentRecord" m WHERE m."subjectId" = r."subjectId");
END;
