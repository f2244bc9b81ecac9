-- Bulk import (contract 1.1, importConsents): the importId of every imported row, so a retried call skips it.
-- Like the ledger it indexes, it is append-only.
CREATE TABLE "ConsentImport" (
    "importId" TEXT NOT NULL PRIMARY KEY,
    "recordId" TEXT NOT NULL
);

CREATE TRIGGER "ConsentImport_no_update" BEFORE UPDATE ON "ConsentImport"
BEGIN
    SELECT RAISE(ABORT, 'ConsentImport is append-only');
END;

CREATE TRIGGER "ConsentImport_no_delete" BEFORE DELETE ON "ConsentImport"
BEGIN
    SELECT RAISE(ABORT, 'ConsentImport is append-only');
END;
