-- Ledger checkpoints (1.1): signed Merkle roots over every chain head, and the heads they cover. Append-only like the
-- ledger, so cutting off or rewriting records after a checkpoint shows.
CREATE TABLE "LedgerCheckpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "records" INTEGER NOT NULL,
    "subjects" INTEGER NOT NULL,
    "root" TEXT NOT NULL,
    "jws" TEXT NOT NULL
);

CREATE UNIQUE INDEX "LedgerCheckpoint_seq_key" ON "LedgerCheckpoint"("seq");

CREATE TABLE "CheckpointHead" (
    "subjectId" TEXT NOT NULL,
    "checkpointSeq" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    PRIMARY KEY ("subjectId", "checkpointSeq")
);

CREATE TRIGGER "LedgerCheckpoint_no_update" BEFORE UPDATE ON "LedgerCheckpoint"
BEGIN
    SELECT RAISE(ABORT, 'LedgerCheckpoint is append-only');
END;

CREATE TRIGGER "LedgerCheckpoint_no_delete" BEFORE DELETE ON "LedgerCheckpoint"
BEGIN
    SELECT RAISE(ABORT, 'LedgerCheckpoint is append-only');
END;

CREATE TRIGGER "CheckpointHead_no_update" BEFORE UPDATE ON "CheckpointHead"
BEGIN
    SELECT RAISE(ABORT, 'CheckpointHead is append-only');
END;

CREATE TRIGGER "CheckpointHead_no_delete" BEFORE DELETE ON "CheckpointHead"
BEGIN
    SELECT RAISE(ABORT, 'CheckpointHead is append-only');
END;
