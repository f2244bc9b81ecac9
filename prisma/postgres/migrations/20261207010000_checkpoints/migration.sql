-- Ledger checkpoints (1.1): signed Merkle roots over every chain head, and the heads they cover. Append-only like the
-- ledger (assent_refuse_change is defined by 20261129170100_append_only), so cutting off or rewriting records after a
-- checkpoint shows.
CREATE TABLE "LedgerCheckpoint" (
    "id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "records" INTEGER NOT NULL,
    "subjects" INTEGER NOT NULL,
    "root" TEXT NOT NULL,
    "jws" TEXT NOT NULL,

    CONSTRAINT "LedgerCheckpoint_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "LedgerCheckpoint_seq_key" ON "LedgerCheckpoint"("seq");

CREATE TABLE "CheckpointHead" (
    "subjectId" TEXT NOT NULL,
    "checkpointSeq" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "CheckpointHead_pkey" PRIMARY KEY ("subjectId", "checkpointSeq")
);

CREATE TRIGGER "LedgerCheckpoint_append_only" BEFORE UPDATE OR DELETE ON "LedgerCheckpoint"
  FOR EACH ROW EXECUTE FUNCTION assent_refuse_change();
CREATE TRIGGER "LedgerCheckpoint_no_truncate" BEFORE TRUNCATE ON "LedgerCheckpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION assent_refuse_change();
CREATE TRIGGER "CheckpointHead_append_only" BEFORE UPDATE OR DELETE ON "CheckpointHead"
  FOR EACH ROW EXECUTE FUNCTION assent_refuse_change();
CREATE TRIGGER "CheckpointHead_no_truncate" BEFORE TRUNCATE ON "CheckpointHead"
  FOR EACH STATEMENT EXECUTE FUNCTION assent_refuse_change();
