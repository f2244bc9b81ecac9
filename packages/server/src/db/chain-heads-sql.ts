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
 * PostgreSQL only (migration chain_head_changes): a mark for a later read of the heads changed since, the database
 * it belongs to (the cluster's system identifier and the database's oid: transaction ids of another database, a
 * restored copy say, mean nothing here), and whether a chain still in hash format 1 exists (re-protecting it would move its head to another key, a change this read
 * cannot see: while one exists, every head is read). Run in the same snapshot as CHAIN_HEADS_CHANGED_SQL.
 */
export const CHAIN_HEADS_MARK_SQL = `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS "mark",
       (SELECT system_identifier FROM pg_control_system())::text || '/' ||
         (SELECT oid FROM pg_database WHERE datname = current_database())::text AS "database",
       EXISTS (SELECT 1 FROM "ConsentRecord" WHERE "hashVersion" = 1) AS "legacy"`;

/** PostgreSQL only: the heads a transaction at or after a mark wrote; parameter: the mark. */
export const CHAIN_HEADS_CHANGED_SQL = `SELECT "subjectId", "seq", "hash" FROM "ChainHead" WHERE "changedXid" >= $1::xid8`;
