-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Purpose" (
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "legalBasis" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "Purpose_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "NoticeVersion" (
    "id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL,
    "effectiveAt" TIMESTAMP(3) NOT NULL,
    "summary" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,

    CONSTRAINT "NoticeVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NoticePurposeText" (
    "noticeVersionId" TEXT NOT NULL,
    "purposeKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "requiresReconsent" BOOLEAN NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "NoticePurposeText_pkey" PRIMARY KEY ("noticeVersionId","purposeKey")
);

-- CreateTable
CREATE TABLE "ConsentRecord" (
    "id" TEXT NOT NULL,
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
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,
    "hash" TEXT NOT NULL,
    "previousHash" TEXT,

    CONSTRAINT "ConsentRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentState" (
    "subjectId" TEXT NOT NULL,
    "purposeKey" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "noticeVersion" INTEGER NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsentState_pkey" PRIMARY KEY ("subjectId","purposeKey")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "seq" SERIAL NOT NULL,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "subjectId" TEXT,
    "purposeKey" TEXT,
    "recordId" TEXT,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "dispatchedAt" TIMESTAMP(3),

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
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

-- AddForeignKey
ALTER TABLE "NoticePurposeText" ADD CONSTRAINT "NoticePurposeText_noticeVersionId_fkey" FOREIGN KEY ("noticeVersionId") REFERENCES "NoticeVersion"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_purposeKey_fkey" FOREIGN KEY ("purposeKey") REFERENCES "Purpose"("key") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_noticeVersionId_fkey" FOREIGN KEY ("noticeVersionId") REFERENCES "NoticeVersion"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

