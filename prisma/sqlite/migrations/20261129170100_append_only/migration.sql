-- The ledger is append-only, enforced by the database whatever the application does:
-- consent records and notice versions (with their purpose texts) refuse UPDATE and DELETE.
CREATE TRIGGER "ConsentRecord_no_update" BEFORE UPDATE ON "ConsentRecord"
BEGIN SELECT RAISE(ABORT, 'ConsentRecord is append-only'); END;
CREATE TRIGGER "ConsentRecord_no_delete" BEFORE DELETE ON "ConsentRecord"
BEGIN SELECT RAISE(ABORT, 'ConsentRecord is append-only'); END;
CREATE TRIGGER "NoticeVersion_no_update" BEFORE UPDATE ON "NoticeVersion"
BEGIN SELECT RAISE(ABORT, 'NoticeVersion is append-only'); END;
CREATE TRIGGER "NoticeVersion_no_delete" BEFORE DELETE ON "NoticeVersion"
BEGIN SELECT RAISE(ABORT, 'NoticeVersion is append-only'); END;
CREATE TRIGGER "NoticePurposeText_no_update" BEFORE UPDATE ON "NoticePurposeText"
BEGIN SELECT RAISE(ABORT, 'NoticePurposeText is append-only'); END;
CREATE TRIGGER "NoticePurposeText_no_delete" BEFORE DELETE ON "NoticePurposeText"
BEGIN SELECT RAISE(ABORT, 'NoticePurposeText is append-only'); END;
