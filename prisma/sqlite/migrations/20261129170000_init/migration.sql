-- CreateTable
CREATE TABLE "Purpose" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "legalBasis" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "retiredAt" DATETIME
);

-- CreateTable
CREATE TABLE "NoticeVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL,
    "publishedAt" DATETIME NOT NULL,
    "effectiveAt" DATETIME NOT NULL,
    "summary" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "NoticePurposeText" (
    "noticeVersionId" TEXT NOT NULL,
    "purposeKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "requiresReconsent" BOOLEAN NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("noticeVersionId", "purposeKey"),
    CONSTRAINT "NoticePurposeText_noticeVersionId_fkey" FOREIGN KEY ("noticeVersionId") REFERENCES "NoticeVersion" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT
);

-- CreateTable
CREATE TABLE "ConsentRecord" (
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
    "evidence" JSONB,
    "occurredAt" DATETIME NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    "hash" TEXT NOT NULL,
    "previousHash" TEXT,
    CONSTRAINT "ConsentRecord_purposeKey_fkey" FOREIGN KEY ("purposeKey") REFERENCES "Purpose" ("key") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "ConsentRecord_noticeVersionId_fkey" FOREIGN KEY ("noticeVersionId") REFERENCES "NoticeVersion" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT
);

-- CreateTable
CREATE TABLE "ConsentState" (
    "subjectId" TEXT NOT NULL,
    "purposeKey" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "noticeVersion" INTEGER NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "recordedAt" DATETIME NOT NULL,

    PRIMARY KEY ("subjectId", "purposeKey")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "role" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    "lastUsedAt" DATETIME
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "subjectId" TEXT,
    "purposeKey" TEXT,
    "recordId" TEXT,
    "payload" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "dispatchedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "NoticeVersion_version_key" ON "NoticeVersion"("version");

-- CreateIndex
CREATE INDEX "ConsentRecord_subjectId_purposeKey_occurredAt_idx" ON "ConsentRecord"("subjectId", "purposeKey", "occurredAt");

-- CreateIndex
CREATE INDEX "ConsentRecord_recordedAt_idx" ON "ConsentRecord"("recordedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentRecord_subjectId_seq_key" ON "ConsentRecord"("subjectId", "seq");

-- CreateIndex
CREATE INDEX "ConsentState_purposeKey_action_noticeVersion_idx" ON "ConsentState"("purposeKey", "action", "noticeVersion");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_secretHash_key" ON "ApiKey"("secretHash");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEvent_eventId_key" ON "OutboxEvent"("eventId");

-- CreateIndex
CREATE INDEX "OutboxEvent_dispatchedAt_seq_idx" ON "OutboxEvent"("dispatchedAt", "seq");

