-- #16, erasure by crypto-shredding (README, "Erasure"). What this migration does to the append-only ledger:
--   * adds three columns (hashVersion, sealed, legacyHash); existing rows get hashVersion 1 = the original format,
--     identifier and evidence in clear, hash as it was;
--   * lets exactly one UPDATE through the append-only trigger: re-protecting a format-1 row as format 2 (pseudonym for
--     the identifier, identifier and evidence encrypted in `sealed`, the original hash kept in legacyHash, a new
--     format-2 hash over the protected row). The server does that once at start for every format-1 row (it needs
--     the master key, which SQL does not have): db/reprotect.ts. A format-2 row can never be updated; DELETE and
--     TRUNCATE stay refused.
ALTER TABLE "ConsentRecord" ADD COLUMN "hashVersion" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "ConsentRecord" ADD COLUMN "sealed" TEXT;
ALTER TABLE "ConsentRecord" ADD COLUMN "legacyHash" TEXT;

CREATE OR REPLACE FUNCTION assent_consent_record_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."hashVersion" = 1 AND NEW."hashVersion" = 2 AND NEW."legacyHash" IS NOT DISTINCT FROM OLD."hash"
    AND NEW."id" = OLD."id" AND NEW."seq" = OLD."seq" AND NEW."purposeKey" = OLD."purposeKey" AND NEW."action" = OLD."action"
    AND NEW."noticeVersionId" = OLD."noticeVersionId" AND NEW."occurredAt" = OLD."occurredAt"
    AND NEW."recordedAt" = OLD."recordedAt" THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END;
$$;
DROP TRIGGER "ConsentRecord_append_only" ON "ConsentRecord";
CREATE TRIGGER "ConsentRecord_append_only" BEFORE UPDATE OR DELETE ON "ConsentRecord"
  FOR EACH ROW EXECUTE FUNCTION assent_consent_record_guard();

CREATE TABLE "SubjectKey" (
    "pseudonym" TEXT NOT NULL,
    "dataKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "erasedAt" TIMESTAMP(3),

    CONSTRAINT "SubjectKey_pkey" PRIMARY KEY ("pseudonym")
);

INSERT INTO "Purpose" ("key", "title", "description", "legalBasis", "position", "createdAt", "retiredAt", "gpcOptOut", "consentMode")
VALUES ('assent.erasure', 'Erasure', 'A SYSTEM record of an erasure (GDPR Art. 17).', 'LEGAL_OBLIGATION', -1,
  '1970-01-01 00:00:00', '1970-01-01 00:00:00', false, '[]');

-- ConsentImport's importIds are the caller's keys and may name the subject (e.g. 'crm-<id>'): erasure deletes the
-- subject's rows, so it can no longer refuse DELETE (UPDATE and TRUNCATE stay refused). A retried import of an erased
-- subject's row is refused by the writer anyway (CONFLICT).
DROP TRIGGER "ConsentImport_append_only" ON "ConsentImport";
CREATE TRIGGER "ConsentImport_no_update" BEFORE UPDATE ON "ConsentImport"
  FOR EACH ROW EXECUTE FUNCTION assent_refuse_change();
