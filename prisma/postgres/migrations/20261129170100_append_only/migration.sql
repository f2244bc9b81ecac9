-- The ledger is append-only, enforced by the database whatever role the application connects as:
-- consent records and notice versions (with their purpose texts) refuse UPDATE, DELETE and TRUNCATE.
CREATE OR REPLACE FUNCTION assent_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END;
$$;

CREATE TRIGGER "ConsentRecord_append_only" BEFORE UPDATE OR DELETE ON "ConsentRecord"
  FOR EACH ROW EXECUTE FUNCTION assent_refuse_change();
CREATE TRIGGER "ConsentRecord_no_truncate" BEFORE TRUNCATE ON "ConsentRecord"
  FOR EACH STATEMENT EXECUTE FUNCTION assent_refuse_change();
CREATE TRIGGER "NoticeVersion_append_only" BEFORE UPDATE OR DELETE ON "NoticeVersion"
  FOR EACH ROW EXECUTE FUNCTION assent_refuse_change();
CREATE TRIGGER "NoticeVersion_no_truncate" BEFORE TRUNCATE ON "NoticeVersion"
  FOR EACH STATEMENT EXECUTE FUNCTION assent_refuse_change();
CREATE TRIGGER "NoticePurposeText_append_only" BEFORE UPDATE OR DELETE ON "NoticePurposeText"
  FOR EACH ROW EXECUTE FUNCTION assent_refuse_change();
CREATE TRIGGER "NoticePurposeText_no_truncate" BEFORE TRUNCATE ON "NoticePurposeText"
  FOR EACH STATEMENT EXECUTE FUNCTION assent_refuse_change();
