-- #16, erasure by crypto-shredding (README, "Erasure"). What this migration does to the append-only ledger:
--   * adds three columns (hashVersion, sealed, legacyHash); existing rows get hashVersion 1 = the original format,
--     identifier and evidence in clear, hash as it was;
--   * lets exactly one UPDATE through the append-only trigger: re-protecting a format-1 row as format 2 (pseudonym for
--     the identifier, identifier and evidence encrypted in `sealed`, the original hash kept in legacyHash, a new
--     format-2 hash over the protected row). The server does that once at start for every format-1 row (it needs
--     the master key, which SQL does not have): db/reprotect.ts. A format-2 row can never be updated, and DELETE
--     stays refused for every row.
ALTER TABLE "ConsentRecord" ADD COLUMN "hashVersion" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "ConsentRecord" ADD COLUMN "sealed" TEXT;
ALTER TABLE "ConsentRecord" ADD COLUMN "legacyHash" TEXT;

DROP TRIGGER "ConsentRecord_no_update";
CREATE TRIGGER "ConsentRecord_no_update" BEFORE UPDATE ON "ConsentRecord"
WHEN NOT (OLD."hashVersion" = 1 AND NEW."hashVersion" = 2 AND NEW."legacyHash" IS OLD."hash" AND NEW."id" IS OLD."id"
  AND NEW."seq" IS OLD."seq" AND NEW."purposeKey" IS OLD."purposeKey" AND NEW."action" IS OLD."action"
  AND NEW."noticeVersionId" IS OLD."noticeVersionId" AND NEW."occurredAt" IS OLD."occurredAt"
  AND NEW."recordedAt" IS OLD."recordedAt")
BEGIN SELECT RAISE(ABORT, 'ConsentRecord is append-only'); END;

-- One data key per subject, sealed with the key-encryption key; erasure deletes the key and keeps the tombstone.
CREATE TABLE "SubjectKey" (
    "pseudonym" TEXT NOT NULL PRIMARY KEY,
    "dataKey" TEXT,
    "createdAt" DATETIME NOT NULL,
    "erasedAt" DATETIME
);

-- The purpose the SYSTEM ERASE record names (a record must name one): retired from the start, never listed.
INSERT INTO "Purpose" ("key", "title", "description", "legalBasis", "position", "createdAt", "retiredAt", "gpcOptOut", "consentMode")
VALUES ('assent.erasure', 'Erasure', 'A SYSTEM record of an erasure (GDPR Art. 17).', 'LEGAL_OBLIGATION', -1,
  '1970-01-01T00:00:00.000+00:00', '1970-01-01T00:00:00.000+00:00', false, '[]');

-- ConsentImport's importIds are the caller's keys and may name the subject (e.g. 'crm-<id>'): erasure deletes the
-- subject's rows, so it can no longer refuse DELETE (UPDATE stays refused). A retried import of an erased subject's
-- row is refused by the writer anyway (CONFLICT).
DROP TRIGGER "ConsentImport_no_delete";
