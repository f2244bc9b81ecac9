// The SQL of the two chain-head reads a checkpoint makes, in one module of no imports: the repositories run it through
// Prisma, the checkpoint thread (which loads as little as it can) through the raw drivers.

/**
 * One page of chain heads (subjectId, seq, hash), keyset-paged after the last page's subjectId; parameters: that
 * subjectId ('' on SQLite, null on PostgreSQL before the first page) and the page size. SQLite pages upwards,
 * PostgreSQL downwards. Read by ledgerRepository.listChainHeads (Prisma) and the checkpoint thread's raw reader (chain-heads-reader.ts).
 */
export const CHAIN_HEADS_PAGE_SQL = {
  // SQLite: the newest seq per subject from the (subjectId, seq) index alone, then each head's hash by key.
  sqlite: `SELECT h."subjectId", h."seq", r."hash"
       FROM (SELECT "subjectId", MAX("seq") AS "seq" FROM "ConsentRecord" WHERE "subjectId" > ?
             GROUP BY "subjectId" ORDER BY "subjectId" LIMIT ?) h
       JOIN "ConsentRecord" r ON r."subjectId" = h."subjectId" AND r."seq" = h."seq"
       ORDER BY h."subjectId"`,
  // PostgreSQL: DISTINCT ON over a backward scan of the (subjectId, seq) index.
  postgres: `SELECT DISTINCT ON ("subjectId") "subjectId", "seq", "hash" FROM "ConsentRecord"
       WHERE $1::text IS NULL OR "subjectId" < $1
       ORDER BY "subjectId" DESC, "seq" DESC LIMIT $2`,
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
