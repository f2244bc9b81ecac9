-- Two partial indexes for background work that scanned whole tables on the main thread (found at 10M records,
-- BENCHMARKS.md, "A server at ten million records"): each holds only the rows its query wants, so they cost writes
-- nothing in the usual case.
-- The outbox upkeep's scrubbing of erasure events (outbox-maintenance.repository.ts) reads only those events.
CREATE INDEX "OutboxEvent_erasure_idx" ON "OutboxEvent"("seq") WHERE "type" = 'assent.subject.erased';
-- Re-protection at start (db/reprotect.ts) looks for chains still in hash format 1; new records are never format 1.
CREATE INDEX "ConsentRecord_format1_idx" ON "ConsentRecord"("subjectId") WHERE "hashVersion" = 1;
