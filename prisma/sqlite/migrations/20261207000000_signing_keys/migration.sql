-- Signing keys (1.1: receipts and checkpoints). Append-only like the ledger: a key is never changed or deleted, so
-- every key ever used stays in /.well-known/jwks.json.
CREATE TABLE "SigningKey" (
    "kid" TEXT NOT NULL PRIMARY KEY,
    "publicJwk" TEXT NOT NULL,
    "privateKey" TEXT,
    "createdAt" DATETIME NOT NULL
);

CREATE INDEX "SigningKey_createdAt_idx" ON "SigningKey"("createdAt");

CREATE TRIGGER "SigningKey_no_update" BEFORE UPDATE ON "SigningKey"
BEGIN
    SELECT RAISE(ABORT, 'SigningKey is append-only');
END;

CREATE TRIGGER "SigningKey_no_delete" BEFORE DELETE ON "SigningKey"
BEGIN
    SELECT RAISE(ABORT, 'SigningKey is append-only');
END;
