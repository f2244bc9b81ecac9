-- The projection as a clustered (WITHOUT ROWID) table: a decision's lookup by ("subjectId", "purposeKey")
-- descends one B-tree instead of the primary-key index and then the rowid table, and the table is
-- smaller (no separate key index). Same columns, key and secondary index; Prisma sees no difference.
-- The rows are copied in key order, so the new B-tree is built by appending.
CREATE TABLE "new_ConsentState" (
    "subjectId" TEXT NOT NULL,
    "purposeKey" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "noticeVersion" INTEGER NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "recordedAt" DATETIME NOT NULL,

    PRIMARY KEY ("subjectId", "purposeKey")
) WITHOUT ROWID;

INSERT INTO "new_ConsentState" ("subjectId", "purposeKey", "recordId", "action", "noticeVersion", "occurredAt", "recordedAt")
SELECT "subjectId", "purposeKey", "recordId", "action", "noticeVersion", "occurredAt", "recordedAt" FROM "ConsentState" ORDER BY "subjectId", "purposeKey";

DROP TABLE "ConsentState";
ALTER TABLE "new_ConsentState" RENAME TO "ConsentState";

CREATE INDEX "ConsentState_purposeKey_action_noticeVersion_idx" ON "ConsentState"("purposeKey", "action", "noticeVersion");
