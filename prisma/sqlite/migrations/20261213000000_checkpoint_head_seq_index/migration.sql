-- #16: the seq the next checkpoint takes (checkpointRepository.nextSeq) is the newest of LedgerCheckpoint.seq and
-- CheckpointHead.checkpointSeq (the heads of an attempt that died before its row must not be counted in the next
-- checkpoint). checkpointSeq is the second column of the table's key, so that maximum went through every row: 0.12 s
-- (PostgreSQL) and 0.3–0.4 s (SQLite) at a million rows, and the table grows with every checkpoint, for good (it is
-- append-only). With this index it is one step. Each stored head adds an entry at the index's right-hand end (a
-- checkpoint's heads share its seq), so a checkpoint's writes barely change.
CREATE INDEX "CheckpointHead_checkpointSeq_idx" ON "CheckpointHead"("checkpointSeq");
