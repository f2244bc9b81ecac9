import Sqlite from 'better-sqlite3';
import pg from 'pg';
// Only the merkle module of core and no env.ts: the checkpoint thread loads this under tsx and should start quickly.
import type { ChainHead } from '@assent/core/merkle';
import {
  CHAIN_HEADS_CHANGED_SQL,
  CHAIN_HEADS_MARK_RECORD_SQLITE,
  CHAIN_HEADS_MARK_SQL,
  CHAIN_HEADS_PAGE_SQL,
  CHECKPOINT_HEADS_PAGE_SQL,
} from './chain-heads-sql.ts';
import type { DbKind } from './client.ts';

type Row = { subjectId: string; seq: number | bigint; hash: string };

/**
 * The two reads of a checkpoint over every subject (the ledger's chain heads now, and the heads an earlier checkpoint
 * recorded) on the raw drivers, for the checkpoint thread (services/checkpoint-thread.ts): the same keyset-paged SQL
 * as ledgerRepository.listChainHeads and checkpointRepository.listHeadsAt, without Prisma's objects per row, on a
 * connection of its own (on SQLite read-only, so in WAL mode it sees committed rows and never holds the write lock).
 * Pages come in the database's order (SQLite ascending, PostgreSQL descending).
 */
export interface ChainHeadsReader {
  chainHeads(pageSize?: number): AsyncGenerator<ChainHead[]>;
  headsAt(upTo: number, pageSize?: number): AsyncGenerator<ChainHead[]>;
  /**
   * A mark taken before reading every head, for {@link changedSince} (chain-heads-sql.ts says what it is on each
   * database); null when changes cannot be followed now (a chain still in hash format 1).
   */
  mark?(): Promise<string | null>;
  /**
   * The heads written since a mark (any order; a head may come again unchanged) and the mark for the next read, in
   * one snapshot; null when they cannot be followed (a mark of another database, a chain in hash format 1: then read
   * every head).
   */
  changedSince?(mark: string): Promise<{ heads: ChainHead[]; mark: string } | null>;
  close(): Promise<void>;
}

const toHead = (r: Row): ChainHead => ({ subjectId: r.subjectId, seq: Number(r.seq), hash: r.hash });

/** Opens the reader: on SQLite, `target` is the database file (env.ts's sqlitePath); on PostgreSQL, its URL. */
export async function openChainHeadsReader(target: string, kind: DbKind): Promise<ChainHeadsReader> {
  let page: (sql: string, first: unknown[], after: string | null, limit: number) => Promise<Row[]>;
  let close: () => Promise<void>;
  let changes: Required<Pick<ChainHeadsReader, 'mark' | 'changedSince'>>;
  if (kind === 'sqlite') {
    const conn = new Sqlite(target, { readonly: true, fileMustExist: true, timeout: 5000 });
    const statements = new Map<string, Sqlite.Statement>();
    page = (sql, first, after, limit) => {
      let st = statements.get(sql);
      if (!st) statements.set(sql, (st = conn.prepare(sql)));
      return Promise.resolve(st.all(...first, after ?? '', limit) as Row[]);
    };
    close = () => Promise.resolve(void conn.close());
    // Marks are `<id of the newest record>:<its rowid>` (chain-heads-sql.ts); a statement each, prepared once.
    const markRow = conn.prepare(CHAIN_HEADS_MARK_SQL.sqlite);
    const recordAt = conn.prepare(CHAIN_HEADS_MARK_RECORD_SQLITE).pluck(true);
    const changed = conn.prepare(CHAIN_HEADS_CHANGED_SQL.sqlite);
    const markNow = () => {
      const { mark, record, legacy } = markRow.get() as { mark: number | bigint; record: string; legacy: number };
      return legacy ? null : `${record}:${mark}`;
    };
    // One read transaction: the heads and the next mark from the same snapshot.
    const changedNow = conn.transaction((since: string) => {
      const mark = markNow();
      const cut = since.lastIndexOf(':');
      const after = Number(since.slice(cut + 1));
      if (mark === null || cut < 0 || !Number.isSafeInteger(after) || after < 0) return null;
      const record = since.slice(0, cut);
      if (after === 0 ? record !== '' : recordAt.get(after) !== record) return null;
      return { heads: (changed.all(after) as Row[]).map(toHead), mark };
    });
    changes = {
      mark: () => Promise.resolve(markNow()),
      changedSince: (since) => Promise.resolve(changedNow(since)),
    };
  } else {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    page = async (sql, first, after, limit) =>
      (
        await client.query<Row>({
          name: sql === CHAIN_HEADS_PAGE_SQL.postgres ? 'heads' : 'heads-at',
          text: sql,
          values: [...first, after, limit],
        })
      ).rows;
    close = () => client.end();
    // A mark is "<database>:<transaction id>": one from another database (a kept tree's file, see
    // services/checkpoint-tree-file.ts, after a restore) is not followed.
    const markNow = async () => {
      const { mark, database, legacy } = (
        await client.query<{ mark: string; database: string; legacy: boolean }>(CHAIN_HEADS_MARK_SQL.postgres)
      ).rows[0]!;
      return legacy ? null : `${database}:${mark}`;
    };
    changes = {
      mark: markNow,
      async changedSince(since) {
        // One snapshot for the mark and the rows: a change not in these rows is at or above the new mark.
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        try {
          const mark = await markNow();
          const cut = since.lastIndexOf(':');
          if (mark === null || cut < 0 || !mark.startsWith(since.slice(0, cut + 1))) return null;
          const rows = await client.query<Row>({
            name: 'heads-changed',
            text: CHAIN_HEADS_CHANGED_SQL.postgres,
            values: [since.slice(cut + 1)],
          });
          return { heads: rows.rows.map(toHead), mark };
        } finally {
          await client.query('COMMIT');
        }
      },
    };
  }
  const sql = (pick: { sqlite: string; postgres: string }) => (kind === 'sqlite' ? pick.sqlite : pick.postgres);

  async function* paged(text: string, first: unknown[], pageSize: number): AsyncGenerator<ChainHead[]> {
    let after: string | null = null;
    for (;;) {
      const rows = await page(text, first, after, pageSize);
      yield rows.map(toHead);
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.subjectId;
    }
  }

  return {
    chainHeads: (pageSize = 20_000) => paged(sql(CHAIN_HEADS_PAGE_SQL), [], pageSize),
    headsAt: (upTo, pageSize = 20_000) => paged(sql(CHECKPOINT_HEADS_PAGE_SQL), [upTo], pageSize),
    ...changes,
    close,
  };
}
