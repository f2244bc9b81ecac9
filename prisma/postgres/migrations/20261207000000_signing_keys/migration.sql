-- Signing keys (1.1: receipts and checkpoints). Append-only like the ledger: a key is never changed or deleted, so
-- every key ever used stays in /.well-known/jwks.json (assent_refuse_change is defined by 20261129170100_append_only).
CREATE TABLE "SigningKey" (
    "kid" TEXT NOT NULL,
    "publicJwk" TEXT NOT NULL,
    "privateKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SigningKey_pkey" PRIMARY KEY ("kid")
);

CREATE INDEX "SigningKey_createdAt_idx" ON "SigningKey"("createdAt");

CREATE TRIGGER "SigningKey_append_only" BEFORE UPDATE OR DELETE ON "SigningKey"
  FOR EACH ROW EXECUTE FUNCTION assent_refuse_change();
CREATE TRIGGER "SigningKey_no_truncate" BEFORE TRUNCATE ON "SigningKey"
  FOR EACH STATEMENT EXECUTE FUNCTION assent_refuse_change();
