-- #16: every subject's chain head (its newest record's seq and hash), one row per subject, kept by a trigger on
-- ConsentRecord so that every way a record gets in (the ledger writer, imports, erasure, the bench's bulk loader)
-- keeps it: what a checkpoint reads, one row per subject instead of every record of the ledger. Not evidence itself:
-- a checkpoint made from a wrong row is caught when verification compares the checkpoint with the records.
CREATE TABLE "ChainHead" (
    "subjectId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "ChainHead_pkey" PRIMARY KEY ("subjectId")
);

INSERT INTO "ChainHead" ("subjectId", "seq", "hash")
SELECT DISTINCT ON ("subjectId") "subjectId", "seq", "hash" FROM "ConsentRecord" ORDER BY "subjectId", "seq" DESC;

-- On INSERT the new record is the head unless a later one is already in; on the one UPDATE the ledger lets through
-- (re-protecting a format-1 row: new subjectId and hash) both subjects' heads are read again from the records.
CREATE FUNCTION assent_chain_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "ChainHead" ("subjectId", "seq", "hash") VALUES (NEW."subjectId", NEW."seq", NEW."hash")
    ON CONFLICT ("subjectId") DO UPDATE SET "seq" = EXCLUDED."seq", "hash" = EXCLUDED."hash"
    WHERE "ChainHead"."seq" < EXCLUDED."seq";
  ELSE
    DELETE FROM "ChainHead" WHERE "subjectId" IN (OLD."subjectId", NEW."subjectId");
    INSERT INTO "ChainHead" ("subjectId", "seq", "hash")
    SELECT DISTINCT ON ("subjectId") "subjectId", "seq", "hash" FROM "ConsentRecord"
    WHERE "subjectId" IN (OLD."subjectId", NEW."subjectId") ORDER BY "subjectId", "seq" DESC;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "ConsentRecord_chain_head" AFTER INSERT OR UPDATE ON "ConsentRecord"
  FOR EACH ROW EXECUTE FUNCTION assent_chain_head();
