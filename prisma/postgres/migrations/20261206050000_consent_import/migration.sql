-- Bulk import (contract 1.1, importConsents): the importId of every imported row, so a retried call skips it.
-- Like the ledger it indexes, it is append-only (assent_refuse_change is defined by 20261129170100_append_only).
CREATE TABLE "ConsentImport" (
    "importId" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,

    CONSTRAINT "ConsentImport_pkey" PRIMARY KEY ("importId")
);

CREATE TRIGGER "ConsentImport_append_only" BEFORE UPDATE OR DELETE ON "ConsentImport"
  FOR EACH ROW EXECUTE FUNCTION assent_refuse_change();
CREATE TRIGGER "ConsentImport_no_truncate" BEFORE TRUNCATE ON "ConsentImport"
  FOR EACH STATEMENT EXECUTE FUNCTION assent_refuse_change();
