-- #18: the access log (append-only: who read whose data) and decision counts per caller key per minute.
-- CreateTable
CREATE TABLE "AccessLogEntry" (
    "seq" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "actorName" TEXT,
    "clientIp" TEXT,
    "userAgent" TEXT,
    "requestId" TEXT,

    CONSTRAINT "AccessLogEntry_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "DecisionCount" (
    "keyId" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "calls" INTEGER NOT NULL,
    "decisions" INTEGER NOT NULL,

    CONSTRAINT "DecisionCount_pkey" PRIMARY KEY ("keyId","minute")
);

-- CreateIndex
CREATE INDEX "AccessLogEntry_subjectKey_seq_idx" ON "AccessLogEntry"("subjectKey", "seq");

-- CreateIndex
CREATE INDEX "DecisionCount_minute_idx" ON "DecisionCount"("minute");


CREATE TRIGGER "AccessLogEntry_append_only" BEFORE UPDATE OR DELETE ON "AccessLogEntry"
  FOR EACH ROW EXECUTE FUNCTION assent_refuse_change();
CREATE TRIGGER "AccessLogEntry_no_truncate" BEFORE TRUNCATE ON "AccessLogEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION assent_refuse_change();
