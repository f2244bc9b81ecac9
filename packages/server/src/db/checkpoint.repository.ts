import type { ChainHead } from '@assent/core';
import { CHECKPOINT_HEADS_PAGE_SQL } from './chain-heads-sql.ts';
import type Sqlite from 'better-sqlite3';
import type { Database, DbKind } from './client.ts';
import { openSqliteWriter } from './raw.ts';

/** A checkpoint as stored (and as ledgerCheckpoint returns it). */
export interface StoredCheckpoint {
  id: string;
  seq: number;
  at: Date;
  records: number;
  subjects: number;
  root: string;
  jws: string;
}

const select = { id: true, seq: true, at: true, records: true, subjects: true, root: true, jws: true } as const;
type HeadRow = { subjectId: string; seq: number | bigint; hash: string };

/** Appends a chunk of heads: parameters the checkpoint's seq and a JSON array of [subjectId, seq, hash]. */
const INSERT_HEADS: Record<DbKind, string> = {
  sqlite: `INSERT INTO "CheckpointHead" ("subjectId", "checkpointSeq", "seq", "hash")
    SELECT json_extract(value, '$[0]'), ?, json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?)`,
  postgres: `INSERT INTO "CheckpointHead" ("subjectId", "checkpointSeq", "seq", "hash")
    SELECT h->>0, $1, (h->>1)::int, h->>2 FROM jsonb_array_elements($2::jsonb) AS h`,
};

/** Ledger checkpoints and the chain heads they cover: append and read only (the database refuses the rest). */
export function checkpointRepository(
  db: Pick<Database, 'prisma' | 'kind' | 'url' | 'writeLock' | 'sharedAcrossConnections'>,
) {
  const { prisma, kind } = db;
  // SQLite: the heads are appended on a raw connection of this repository's (opened at the first append, closed with
  // the app), under the process's write lock as every write: through Prisma's adapter a database's first checkpoint
  // at a million subjects spent about 6.5 s of the server's thread on the million rows (BENCHMARKS.md). Not for a
  // database in memory, which another connection would not see.
  let sqlite: { conn: Sqlite.Database; insert: (seq: number, rows: string) => void } | null = null;
  let closed = false;
  const sqliteHeads = () => {
    if (sqlite) return sqlite;
    if (closed) throw new Error('the checkpoint repository is closed');
    const conn = openSqliteWriter(db.url);
    const st = conn.prepare(INSERT_HEADS.sqlite);
    return (sqlite = {
      conn,
      insert: conn.transaction((seq: number, rows: string) => void st.run(seq, rows)).immediate,
    });
  };
  const expectedPage =
    kind === 'postgres'
      ? (upTo: number, after: string | null, limit: number) =>
          prisma.$queryRawUnsafe<HeadRow[]>(CHECKPOINT_HEADS_PAGE_SQL.postgres, upTo, after, limit)
      : (upTo: number, after: string | null, limit: number) =>
          prisma.$queryRawUnsafe<HeadRow[]>(CHECKPOINT_HEADS_PAGE_SQL.sqlite, upTo, after ?? '', limit);

  return {
    /** The newest checkpoint, or null before the first. */
    newest(): Promise<StoredCheckpoint | null> {
      return prisma.ledgerCheckpoint.findFirst({ select, orderBy: { seq: 'desc' } });
    },

    /** The seq the next checkpoint takes: after every checkpoint and every head row (of an attempt that died). */
    async nextSeq(): Promise<number> {
      // Plain MAX()es, each one step of an index (CheckpointHead's on checkpointSeq: the table grows with every
      // checkpoint); Prisma's aggregate wraps its MAX in a subquery, which the database may read whole.
      const [row] = await prisma.$queryRawUnsafe<{ cp: number | bigint | null; head: number | bigint | null }[]>(
        `SELECT (SELECT MAX("seq") FROM "LedgerCheckpoint") AS "cp", (SELECT MAX("checkpointSeq") FROM "CheckpointHead") AS "head"`,
      );
      return Math.max(Number(row?.cp ?? 0), Number(row?.head ?? 0)) + 1;
    },

    /** Every subject's head as checkpoint `upTo` recorded it (its newest row at or before it), in no set order. */
    async listHeadsAt(upTo: number, pageSize = 20_000): Promise<ChainHead[]> {
      const out: ChainHead[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await expectedPage(upTo, after, pageSize);
        for (const r of page) out.push({ subjectId: r.subjectId, seq: Number(r.seq), hash: r.hash });
        if (page.length < pageSize) return out;
        after = page[page.length - 1]!.subjectId;
      }
    },

    /** One subject's head as checkpoint `upTo` recorded it, or null when it covered none of its records. */
    async findHeadAt(upTo: number, subjectId: string): Promise<ChainHead | null> {
      return prisma.checkpointHead.findFirst({
        where: { subjectId, checkpointSeq: { lte: upTo } },
        orderBy: { checkpointSeq: 'desc' },
        select: { subjectId: true, seq: true, hash: true },
      });
    },

    /**
     * Appends one chunk of the heads a checkpoint covers (those that moved since the one before), ahead of the
     * checkpoint's row ({@link append}) that makes them count: heads of an attempt that dies before its row are
     * shadowed by the next checkpoint's (see nextSeq), and every read of stored heads stops at a checkpoint's seq.
     */
    async appendHeads(checkpointSeq: number, rows: string): Promise<void> {
      // One short transaction per chunk, so appends are not held up, its rows as one JSON parameter ([subjectId, seq,
      // hash] each) that the database unpacks: Prisma's createMany made objects and bound four values per row, about
      // a CPU-minute for a million heads (BENCHMARKS.md, "Checkpoints at a million subjects").
      if (kind === 'sqlite' && db.sharedAcrossConnections) {
        const heads = sqliteHeads();
        return db.writeLock.run(async () => heads.insert(checkpointSeq, rows));
      }
      await prisma.$transaction([prisma.$executeRawUnsafe(INSERT_HEADS[kind], checkpointSeq, rows)]);
    },

    /** Appends a checkpoint's row, after its heads ({@link appendHeads}). */
    async append(checkpoint: StoredCheckpoint): Promise<void> {
      // An explicit transaction: on SQLite that takes the process's write lock (db/client.ts), which an implicit one of
      // Prisma's would not.
      await prisma.$transaction([prisma.ledgerCheckpoint.create({ data: checkpoint, select: { id: true } })]);
    },

    /** Closes the raw connection appendHeads opened (SQLite), if any. */
    close(): void {
      closed = true;
      sqlite?.conn.close();
      sqlite = null;
    },
  };
}

/** The checkpoint repository's type. */
export type CheckpointRepository = ReturnType<typeof checkpointRepository>;
