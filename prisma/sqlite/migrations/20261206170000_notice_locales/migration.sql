-- Contract 1.1, notices in several languages. Every existing notice was written in English: its texts become the
-- 'en' rows, and its content hash (which names the language only when it is not 'en') stays valid.
ALTER TABLE "NoticeVersion" ADD COLUMN "defaultLocale" TEXT NOT NULL DEFAULT 'en';

-- The locale joins NoticePurposeText's key. SQLite cannot change a primary key: rebuild the table (DROP TABLE fires
-- no triggers), then put back its append-only triggers.
CREATE TABLE "NoticePurposeText_new" (
    "noticeVersionId" TEXT NOT NULL,
    "purposeKey" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "requiresReconsent" BOOLEAN NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("noticeVersionId", "purposeKey", "locale"),
    CONSTRAINT "NoticePurposeText_noticeVersionId_fkey" FOREIGN KEY ("noticeVersionId") REFERENCES "NoticeVersion" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT
);
INSERT INTO "NoticePurposeText_new" ("noticeVersionId", "purposeKey", "locale", "title", "description", "requiresReconsent", "position")
SELECT "noticeVersionId", "purposeKey", 'en', "title", "description", "requiresReconsent", "position" FROM "NoticePurposeText";
DROP TABLE "NoticePurposeText";
ALTER TABLE "NoticePurposeText_new" RENAME TO "NoticePurposeText";
CREATE TRIGGER "NoticePurposeText_no_update" BEFORE UPDATE ON "NoticePurposeText"
BEGIN SELECT RAISE(ABORT, 'NoticePurposeText is append-only'); END;
CREATE TRIGGER "NoticePurposeText_no_delete" BEFORE DELETE ON "NoticePurposeText"
BEGIN SELECT RAISE(ABORT, 'NoticePurposeText is append-only'); END;

-- A notice's summary in its other languages. Append-only like the notice.
CREATE TABLE "NoticeTranslation" (
    "noticeVersionId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "summary" TEXT NOT NULL,

    PRIMARY KEY ("noticeVersionId", "locale"),
    CONSTRAINT "NoticeTranslation_noticeVersionId_fkey" FOREIGN KEY ("noticeVersionId") REFERENCES "NoticeVersion" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT
);
CREATE TRIGGER "NoticeTranslation_no_update" BEFORE UPDATE ON "NoticeTranslation"
BEGIN SELECT RAISE(ABORT, 'NoticeTranslation is append-only'); END;
CREATE TRIGGER "NoticeTranslation_no_delete" BEFORE DELETE ON "NoticeTranslation"
BEGIN SELECT RAISE(ABORT, 'NoticeTranslation is append-only'); END;

-- The language of the notice text a record's subject saw; null for every record before 1.1. Adding a column with no
-- default rewrites no row, so the ledger's append-only triggers do not fire.
ALTER TABLE "ConsentRecord" ADD COLUMN "locale" TEXT;
