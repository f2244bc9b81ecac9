-- Evidence is stored as the exact canonical JSON text the record's hash covers, so reading it back
-- gives the same value (a JSON column let the query engine round long numbers, breaking the hash).
-- SQLite cannot change a column's type: rebuild the table (DROP TABLE fires no triggers), then put
-- back its indexes and its append-only triggers.
-- CreateTable
CREATE TABLE "ConsentRecord_new" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subjectId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "purposeKey" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "noticeVersionId" TEXT NOT NULL,
    "noticeVersion" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT,
    "evidence" TEXT,
    "occurredAt" DATETIME NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    "hash" TEXT NOT NULL,
    "previousHash" TEXT,
    CONSTRAINT "ConsentRecord_purposeKey_fkey" FOREIGN KEY ("purposeKey") REFERENCES "Purpose" ("key") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "ConsentRecord_noticeVersionId_fkey" FOREIGN KEY ("noticeVersionId") REFERENCES "NoticeVersion" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT
);
INSERT INTO "ConsentRecord_new" SELECT "id", "subjectId", "seq", "purposeKey", "action", "noticeVersionId", "noticeVersion", "channel", "method", "actorKind", "actorId", CASE WHEN "evidence" IS NULL THEN NULL ELSE json("evidence") END, "occurredAt", "recordedAt", "hash", "previousHash" FROM "ConsentRecord";
DROP TABLE "ConsentRecord";
ALTER TABLE "ConsentRecord_new" RENAME TO "ConsentRecord";
CREATE INDEX "ConsentRecord_subjectId_purposeKey_occurredAt_idx" ON "ConsentRecord"("subjectId", "purposeKey", "occurredAt");
CREATE INDEX "ConsentRecord_recordedAt_idx" ON "ConsentRecord"("recordedAt");
CREATE UNIQUE INDEX "ConsentRecord_subjectId_seq_key" ON "ConsentRecord"("subjectId", "seq");
CREATE INDEX "ConsentRecord_first_of_subject" ON "ConsentRecord" ("subjectId") WHERE "seq" = 0;
CREATE TRIGGER "ConsentRecord_no_update" BEFORE UPDATE ON "ConsentRecord"
BEGIN SELECT RAISE(ABORT, 'ConsentRecord is append-only'); END;
CREATE TRIGGER "ConsentRecord_no_delete" BEFORE DELETE ON "ConsentRecord"
BEGIN SELECT RAISE(ABORT, 'ConsentRecord is append-only'); END;
