-- The staff console's overview reads counts, never the ledger: ledger records per UTC day of occurredAt, purpose,
-- notice version, channel, language ('' when the record has none) and action; and projection rows per purpose,
-- action and notice version. The ledger writer moves both in the transaction that appends the records; the
-- statements at the end count what is already there (the same as RECOUNT in packages/server/src/db/consent-counts.ts).
CREATE TABLE "ConsentDailyCount" (
    "day" TEXT NOT NULL,
    "purposeKey" TEXT NOT NULL,
    "noticeVersion" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("day", "purposeKey", "noticeVersion", "channel", "locale", "action")
);

CREATE TABLE "ConsentStateCount" (
    "purposeKey" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "noticeVersion" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("purposeKey", "action", "noticeVersion")
);

CREATE INDEX "ConsentDailyCount_purposeKey_day_idx" ON "ConsentDailyCount"("purposeKey", "day");

INSERT INTO "ConsentDailyCount" ("day", "purposeKey", "noticeVersion", "channel", "locale", "action", "count")
SELECT substr("occurredAt", 1, 10), "purposeKey", "noticeVersion", "channel", COALESCE("locale", ''), "action", COUNT(*)
FROM "ConsentRecord" GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "ConsentStateCount" ("purposeKey", "action", "noticeVersion", "count")
SELECT "purposeKey", "action", "noticeVersion", COUNT(*) FROM "ConsentState" GROUP BY 1, 2, 3;
