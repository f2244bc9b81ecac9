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
