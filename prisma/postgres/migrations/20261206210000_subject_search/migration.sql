-- Support staff find a subject from the start of its id (subjectDirectory): the first record of each subject, keyed
-- by its id in byte order ("C" collation), so a prefix is one range of the index whatever the database's collation.
-- (SQLite needs none: it compares text in byte order, and ConsentRecord_first_of_subject serves the same range.)
CREATE INDEX "ConsentRecord_first_of_subject_c" ON "ConsentRecord" (("subjectId" COLLATE "C")) WHERE "seq" = 0;
