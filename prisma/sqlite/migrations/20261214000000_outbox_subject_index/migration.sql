-- #16: an erasure takes the subject's identifier out of its earlier outbox events (payload and column) in the
-- erasing transaction, found by "subjectId". Without an index that read every outbox row: the outbox is most of the
-- database at scale (ten million events), and on SQLite the erasure held the write lock and the server's thread
-- for the whole scan. With it, the subject's events are one index range.
CREATE INDEX "OutboxEvent_subjectId_idx" ON "OutboxEvent"("subjectId");
