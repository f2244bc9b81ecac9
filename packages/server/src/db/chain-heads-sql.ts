// The SQL of the two chain-head reads a checkpoint makes, in one module of no imports: the repositories run it through
// Prisma, the checkpoint thread (which loads as little as it can) through the raw drivers.

/**
 * One page of chain heads (subjectId, seq, hash), keyset-paged after the last page's subjectId; parameters: that
 * subjectId ('' on SQLite, null on PostgreSQL before the first page) and the page size. SQLite pages upwards,
 * PostgreSQL downwards. Read by ledgerRepository.listChainHeads (Prisma) and the checkpoint thread's raw reader (chain-heads-reader.ts).
 */
export const CHAIN_HEADS_PAGE_SQL = {
  // ChainHead: one row per subject, kept by triggers on ConsentRecord (migration chain_heads), read in key order.
  sqlite: `SELECT "subjectId", "seq", "hash" FROM "ChainHead" WHERE "subjectId" > ? ORDER BY "subjectId" LIMIT ?`,
  postgres: `SELECT "subjectId", "seq", "hash" FROM "ChainHead"
       WHERE $1::text IS NULL OR "subjectId" < $1
       ORDER BY "subjectId" DESC LIMIT $2`,
} as const;

/**
 * One page of the heads checkpoint `upTo` recorded (each subject's newest CheckpointHead row at or before it),
 * keyset-paged like CHAIN_HEADS_PAGE_SQL (ledger.repository.ts); parameters: upTo, the last page's subjectId ('' on
 * SQLite, null on PostgreSQL before the first page), the page size. Read by checkpointRepository.listHeadsAt (Prisma) and the checkpoint thread's raw reader.
 */
export const CHECKPOINT_HEADS_PAGE_SQL = {
  sqlite: `SELECT "subjectId", MAX("checkpointSeq") AS "cs", "seq", "hash" FROM "CheckpointHead"
             WHERE "checkpointSeq" <= ? AND "subjectId" > ? GROUP BY "subjectId" ORDER BY "subjectId" LIMIT ?`,
  postgres: `SELECT DISTINCT ON ("subjectId") "subjectId", "seq", "hash" FROM "CheckpointHead"
             WHERE "checkpointSeq" <= $1 AND ($2::text IS NULL OR "subjectId" < $2)
             ORDER BY "subjectId" DESC, "checkpointSeq" DESC LIMIT $3`,
} as const;

/**
 * A mark for a later read of the heads changed since (CHAIN_HEADS_CHANGED_SQL), what the mark belongs to, and whether
 * a chain still in hash format 1 exists (re-protecting it would move its head to another key, a change these reads
 * cannot see: while one exists, every head is read). Run in the same snapshot as CHAIN_HEADS_CHANGED_SQL.
 *
 * - PostgreSQL (migration chain_head_changes): the xmin of the snapshot, and the database it belongs to (the cluster's
 *   system identifier and the database's oid: transaction ids of another database, a restored copy say, mean nothing
 *   here).
 * - SQLite: the newest ConsentRecord rowid, and the id of the record that holds it. The ledger is append-only and has
 *   one writer at a time, so every record committed after the mark has a greater rowid (max + 1 when it is inserted);
 *   the id names the mark's record, so a mark of another file (a restored copy, a file rebuilt by VACUUM with other
 *   rowids) is refused when the record at that rowid is not the same one. This needs ConsentRecord to stay a rowid
 *   table (a migration to WITHOUT ROWID would have to give these reads another order of appends).
 */
export const CHAIN_HEADS_MARK_SQL = {
  postgres: `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS "mark",
       (SELECT system_identifier FROM pg_control_system())::text || '/' ||
         (SELECT oid FROM pg_database WHERE datname = current_database())::text AS "database",
       EXISTS (SELECT 1 FROM "ConsentRecord" WHERE "hashVersion" = 1) AS "legacy"`,
  sqlite: `SELECT COALESCE(m."rowid", 0) AS "mark", COALESCE((SELECT "id" FROM "ConsentRecord" WHERE "rowid" = m."rowid"), '') AS "record",
       EXISTS (SELECT 1 FROM "ConsentRecord" WHERE "hashVersion" = 1) AS "legacy"
     FROM (SELECT MAX("rowid") AS "rowid" FROM "ConsentRecord") AS m`,
} as const;

/** SQLite only: the id of the record at a rowid (a mark's record), or none. */
export const CHAIN_HEADS_MARK_RECORD_SQLITE = `SELECT "id" FROM "ConsentRecord" WHERE "rowid" = ?`;

/**
 * The heads changed since a mark; parameter: the mark's number. PostgreSQL: the heads a transaction at or after the
 * mark wrote. SQLite: the heads of the subjects of the records appended after the mark (a range of the table's rowids).
 */
export const CHAIN_HEADS_CHANGED_SQL = {
  postgres: `SELECT "subjectId", "seq", "hash" FROM "ChainHead" WHERE "changedXid" >= $1::xid8`,
  sqlite: `SELECT "subjectId", "seq", "hash" FROM "ChainHead"
     WHERE "subjectId" IN (SELECT "subjectId" FROM "ConsentRecord" WHERE "rowid" > ?)`,
} as const;
