-- Contract 1.1, notices in several languages. Every existing notice was written in English: its texts become the
-- 'en' rows, and its content hash (which names the language only when it is not 'en') stays valid.
-- Adding a column with a constant default rewrites no row, so the append-only triggers do not fire.
ALTER TABLE "NoticeVersion" ADD COLUMN "defaultLocale" TEXT NOT NULL DEFAULT 'en';

-- The locale joins NoticePurposeText's key.
ALTER TABLE "NoticePurposeText" ADD COLUMN "locale" TEXT NOT NULL DEFAULT 'en';
ALTER TABLE "NoticePurposeText" DROP CONSTRAINT "NoticePurposeText_pkey";
ALTER TABLE "NoticePurposeText" ADD CONSTRAINT "NoticePurposeText_pkey" PRIMARY KEY ("noticeVersionId", "purposeKey", "locale");

-- A notice's summary in its other languages. Append-only like the notice (assent_refuse_change: see append_only).
CREATE TABLE "NoticeTranslation" (
    "noticeVersionId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "summary" TEXT NOT NULL,

    CONSTRAINT "NoticeTranslation_pkey" PRIMARY KEY ("noticeVersionId", "locale")
);
ALTER TABLE "NoticeTranslation" ADD CONSTRAINT "NoticeTranslation_noticeVersionId_fkey" FOREIGN KEY ("noticeVersionId") REFERENCES "NoticeVersion"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;
CREATE TRIGGER "NoticeTranslation_append_only" BEFORE UPDATE OR DELETE ON "NoticeTranslation"
  FOR EACH ROW EXECUTE FUNCTION assent_refuse_change();
CREATE TRIGGER "NoticeTranslation_no_truncate" BEFORE TRUNCATE ON "NoticeTranslation"
  FOR EACH STATEMENT EXECUTE FUNCTION assent_refuse_change();

-- The language of the notice text a record's subject saw; null for every record before 1.1.
ALTER TABLE "ConsentRecord" ADD COLUMN "locale" TEXT;
