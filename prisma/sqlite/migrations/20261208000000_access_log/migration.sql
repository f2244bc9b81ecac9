-- #18: the access log (append-only: who read whose data) and decision counts per caller key per minute.
-- CreateTable
CREATE TABLE "AccessLogEntry" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "actorName" TEXT,
    "clientIp" TEXT,
    "userAgent" TEXT,
    "requestId" TEXT
);

-- CreateTable
CREATE TABLE "DecisionCount" (
    "keyId" TEXT NOT NULL,
    "minute" DATETIME NOT NULL,
    "calls" INTEGER NOT NULL,
    "decisions" INTEGER NOT NULL,

    PRIMARY KEY ("keyId", "minute")
);

-- CreateIndex
CREATE INDEX "AccessLogEntry_subjectKey_seq_idx" ON "AccessLogEntry"("subjectKey", "seq");

-- CreateIndex
CREATE INDEX "DecisionCount_minute_idx" ON "DecisionCount"("minute");


CREATE TRIGGER "AccessLogEntry_no_update" BEFORE UPDATE ON "AccessLogEntry"
BEGIN
    SELECT RAISE(ABORT, 'AccessLogEntry is append-only');
END;

CREATE TRIGGER "AccessLogEntry_no_delete" BEFORE DELETE ON "AccessLogEntry"
BEGIN
    SELECT RAISE(ABORT, 'AccessLogEntry is append-only');
END;
