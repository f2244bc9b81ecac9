-- #15 (bulk import): the chain heads of inserted records are upserted once per statement, not once per row. The row
-- trigger ran a PL/pgSQL call and an INSERT … ON CONFLICT for every record, and a batch appends its records in
-- multi-row INSERTs of about 1,500 rows. The statement trigger reads the statement's new rows (a transition table) and
-- upserts each subject's newest one in one INSERT: the same heads, as before (a head moves only to a greater seq).
-- The one UPDATE the ledger lets through (re-protecting a format-1 row) keeps its row trigger.

CREATE FUNCTION assent_chain_heads_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ChainHead" ("subjectId", "seq", "hash")
  SELECT DISTINCT ON ("subjectId") "subjectId", "seq", "hash" FROM assent_inserted_records
  ORDER BY "subjectId", "seq" DESC
  ON CONFLICT ("subjectId") DO UPDATE
    SET "seq" = EXCLUDED."seq", "hash" = EXCLUDED."hash", "changedXid" = pg_current_xact_id()
  WHERE "ChainHead"."seq" < EXCLUDED."seq";
  RETURN NULL;
END $$;

DROP TRIGGER "ConsentRecord_chain_head" ON "ConsentRecord";

CREATE TRIGGER "ConsentRecord_chain_head" AFTER UPDATE ON "ConsentRecord"
  FOR EACH ROW EXECUTE FUNCTION assent_chain_head();

CREATE TRIGGER "ConsentRecord_chain_heads_inserted" AFTER INSERT ON "ConsentRecord"
  REFERENCING NEW TABLE AS assent_inserted_records
  FOR EACH STATEMENT EXECUTE FUNCTION assent_chain_heads_inserted();
