-- #16: which chain heads changed since the checkpoint thread last read them, so that its next checkpoint reads those
-- instead of every head (at a million subjects the full read was most of a checkpoint's time on PostgreSQL).
--
-- "changedXid" is the id of the transaction that last wrote the row (pg_current_xact_id(), set by the trigger). A
-- reader notes the xmin of its snapshot (every transaction below it had ended); the next read takes the rows of
-- "changedXid" >= that mark: a transaction still running at the first read, or begun since, has an id at or above it,
-- so no change is missed however commits interleave (one seen twice is harmless). Not indexed: the read is one pass
-- over the table inside the database, and an unindexed column leaves updates HOT.
--
-- fillfactor leaves room on each page for HOT updates (every write updates its subject's row), and autovacuum visits
-- the table after 5 % of it changed rather than 20 %: on a freshly seeded scale database ChainHead was 1.4 GB for a
-- million rows of about 170 bytes. The fillfactor applies to pages written from now on (this migration rewrites
-- nothing: the column's default is stable, so existing rows take the migration's transaction id without a rewrite).
ALTER TABLE "ChainHead" SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.05);
ALTER TABLE "ChainHead" ADD COLUMN "changedXid" xid8 NOT NULL DEFAULT pg_current_xact_id();

CREATE OR REPLACE FUNCTION assent_chain_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "ChainHead" ("subjectId", "seq", "hash") VALUES (NEW."subjectId", NEW."seq", NEW."hash")
    ON CONFLICT ("subjectId") DO UPDATE
      SET "seq" = EXCLUDED."seq", "hash" = EXCLUDED."hash", "changedXid" = pg_current_xact_id()
    WHERE "ChainHead"."seq" < EXCLUDED."seq";
  ELSE
    DELETE FROM "ChainHead" WHERE "subjectId" IN (OLD."subjectId", NEW."subjectId");
    INSERT INTO "ChainHead" ("subjectId", "seq", "hash")
    SELECT DISTINCT ON ("subjectId") "subjectId", "seq", "hash" FROM "ConsentRecord"
    WHERE "subjectId" IN (OLD."subjectId", NEW."subjectId") ORDER BY "subjectId", "seq" DESC;
  END IF;
  RETURN NULL;
END $$;
