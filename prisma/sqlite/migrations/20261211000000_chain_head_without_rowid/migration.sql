-- ChainHead as a clustered (WITHOUT ROWID) table, as ConsentState is: a checkpoint reads every row in key order, and
-- in a rowid table whose rows arrived in the order subjects first wrote (random pseudonyms) that read looked each row
-- up in the table at random, 9.7 s for a million subjects against 1.7 s in key order (BENCHMARKS.md, "The kept
-- tree"). Same columns and key; Prisma sees no difference. The rows are copied in key order, so the new B-tree is
-- built by appending. ConsentRecord's triggers name ChainHead in their bodies: they are dropped around the swap and
-- made again as migration chain_heads made them.
DROP TRIGGER "ConsentRecord_chain_head_insert";
DROP TRIGGER "ConsentRecord_chain_head_update";

CREATE TABLE "new_ChainHead" (
    "subjectId" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO "new_ChainHead" ("subjectId", "seq", "hash")
SELECT "subjectId", "seq", "hash" FROM "ChainHead" ORDER BY "subjectId";

DROP TABLE "ChainHead";
ALTER TABLE "new_ChainHead" RENAME TO "ChainHead";

CREATE TRIGGER "ConsentRecord_chain_head_insert" AFTER INSERT ON "ConsentRecord"
BEGIN
    INSERT INTO "ChainHead" ("subjectId", "seq", "hash") VALUES (NEW."subjectId", NEW."seq", NEW."hash")
    ON CONFLICT ("subjectId") DO UPDATE SET "seq" = excluded."seq", "hash" = excluded."hash"
    WHERE excluded."seq" > "ChainHead"."seq";
END;

CREATE TRIGGER "ConsentRecord_chain_head_update" AFTER UPDATE ON "ConsentRecord"
BEGIN
    DELETE FROM "ChainHead" WHERE "subjectId" IN (OLD."subjectId", NEW."subjectId");
    INSERT INTO "ChainHead" ("subjectId", "seq", "hash")
    SELECT r."subjectId", r."seq", r."hash" FROM "ConsentRecord" r
    WHERE r."subjectId" IN (OLD."subjectId", NEW."subjectId")
      AND r."seq" = (SELECT MAX(m."seq") FROM "ConsentRecord" m WHERE m."subjectId" = r."subjectId");
END;
