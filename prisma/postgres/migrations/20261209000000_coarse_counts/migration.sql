-- Two coarser sums of ConsentDailyCount for the staff console's overview, so its cost no longer follows the number of
-- daily rows in the range: per UTC month with the same dimensions (the breakdowns), and per day, purpose and action
-- (the series). The ledger writer moves them with the daily row in the same transaction; the statements at the end
-- sum what the daily table already holds (the same as RECOUNT in packages/server/src/db/consent-counts.ts).
CREATE TABLE "ConsentMonthlyCount" (
    "month" TEXT NOT NULL,
    "purposeKey" TEXT NOT NULL,
    "noticeVersion" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ConsentMonthlyCount_pkey" PRIMARY KEY ("month","purposeKey","noticeVersion","channel","locale","action")
);

CREATE TABLE "ConsentSeriesCount" (
    "day" TEXT NOT NULL,
    "purposeKey" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ConsentSeriesCount_pkey" PRIMARY KEY ("day","purposeKey","action")
);

INSERT INTO "ConsentMonthlyCount" ("month", "purposeKey", "noticeVersion", "channel", "locale", "action", "count")
SELECT substr("day", 1, 7), "purposeKey", "noticeVersion", "channel", "locale", "action", SUM("count")
FROM "ConsentDailyCount" GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "ConsentSeriesCount" ("day", "purposeKey", "action", "count")
SELECT "day", "purposeKey", "action", SUM("count") FROM "ConsentDailyCount" GROUP BY 1, 2, 3;
