import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { sqlitePath } from '../env.ts';
import type { Logger } from '../logger.ts';

// What the raw-driver modules (hot-reads.ts, ledger-writer.ts, dispatch-writer.ts) share.

/** Prisma's text form of a DateTime on SQLite, so rows written raw and by Prisma sort, compare and parse alike. */
export const sqliteDate = (d: Date) => d.toISOString().replace('Z', '+00:00');

/**
 * What SQLite does with the bytes of a deleted or rewritten row: FAST zeroes them inside the page at no extra I/O, so
 * an erasure's deleted projection rows, its dropped data key and the identifiers scrubbed from outbox payloads are not
 * left in the file's free space for a byte search to find (README, "Erasure"). Pages freed whole keep their old bytes
 * until reused or VACUUMed.
 */
export const SQLITE_SECURE_DELETE = 'FAST';
/** How long a statement waits for another connection's lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** A DateTime column read raw: SQLite's text form ('…+00:00') or, on PostgreSQL, a Date or a zone-less UTC text. */
export const rawDate = (v: unknown): Date =>
  v instanceof Date ? v : new Date(/[zZ]|[+-]\d\d:\d\d$/.test(String(v)) ? String(v) : `${String(v)}Z`);

/** A DateTime as a PostgreSQL parameter: timestamp(3) without time zone holds UTC, so send the UTC text, not a Date pg renders in local time. */
export const pgUtc = (d: Date) => d.toISOString().replace('Z', '');

/** pg type parsers that read Prisma's DateTime columns (timestamp(3) without time zone, in UTC) as UTC whatever TZ says. */
export const utcTimestampTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 1114
      ? (s: string) => new Date(s.replace(' ', 'T') + 'Z')
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Told when PostgreSQL drops an idle pooled connection (a restart, an administrator ending backends). */
export type OnPoolError = (err: Error) => void;

/** The OnPoolError of every pool the server opens: a warning, since the pool recovers by itself (see rawPool). */
export const logPoolError =
  (logger: Logger): OnPoolError =>
  (err) =>
    logger.warn({ err }, 'PostgreSQL closed an idle connection; the next query opens a new one');

/**
 * A pg pool for the raw paths. An idle connection that the server terminates makes the pool emit
 * 'error'; with no listener that is an uncaught exception that would end the process. The pool has
 * already discarded the connection, and the next query opens a new one, so reporting is all there is to do.
 */
export function rawPool(url: string, max: number, onError: OnPoolError): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types: utcTimestampTypes });
  pool.on('error', onError);
  return pool;
}

/** A named (so prepared once per connection) query on the client of a transaction. */
export type TxQuery = (name: string, text: string, values: unknown[]) => Promise<pg.QueryResult>;

/** Runs `fn` in a transaction on one pooled client: COMMIT when it returns, ROLLBACK when it throws. */
export async function pgTransaction<T>(pool: pg.Pool, fn: (q: TxQuery) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // While checked out, a connection has no pool listener for 'error': one the server terminates between two
  // queries (a restart, pg_terminate_backend) would be an uncaught exception that ends the process. The query
  // in progress or the next one fails instead, and the connection is discarded below.
  let broken: Error | undefined;
  const onError = (e: Error) => (broken = e);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn((name, text, values) => client.query({ name, text, values }));
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((e: Error) => (broken ??= e));
    throw err;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

/**
 * A writable SQLite connection of this process beside Prisma's, set up as client.ts sets Prisma's (WAL,
 * synchronous=NORMAL, foreign keys, secure_delete=FAST).
 */
export function openSqliteWriter(url: string): Sqlite.Database {
  const conn = new Sqlite(sqlitePath(url), { timeout: SQLITE_BUSY_TIMEOUT_MS });
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('foreign_keys = ON');
  conn.pragma(`secure_delete = ${SQLITE_SECURE_DELETE}`);
  return conn;
}
