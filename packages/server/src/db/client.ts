import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import type { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { PrismaClient as SqliteClient } from '../generated/sqlite/client.ts';
import { databaseKind, sqlitePath } from '../env.ts';
import { SQLITE_SECURE_DELETE } from './raw.ts';

/**
 * The Prisma client type the repositories program against. Both generated clients come from one
 * base schema, so their model APIs are identical; the SQLite one names the type.
 */
export type Db = SqliteClient;
export type DbKind = 'sqlite' | 'postgres';

/** A connected database: the Prisma client and which engine is behind it. */
export interface Database {
  kind: DbKind;
  prisma: Db;
  /**
   * SQLite only: held by every Prisma interactive transaction and by the raw ledger writer, so a
   * transaction of this process never has its snapshot overtaken by another write of this process
   * (SQLite would refuse its upgrade to a write with SQLITE_BUSY_SNAPSHOT).
   */
  writeLock: WriteLock;
  url: string;
  /** Whether another connection (a worker thread's, another process's) sees the same data: not for SQLite in memory. */
  sharedAcrossConnections: boolean;
  close(): Promise<void>;
}

/**
 * Opens the database DATABASE_URL designates (no migrations; see migrate.ts). Only that engine's Prisma client and
 * driver adapter are loaded: each generated client takes a few hundred milliseconds to load, paid again by every
 * thread that opens the database (the outbox dispatcher's).
 */
export async function openDatabase(url: string, opts: { poolSize?: number } = {}): Promise<Database> {
  return databaseKind(url) === 'sqlite' ? openSqlite(url) : openPostgres(url, opts.poolSize ?? 10);
}

const sqliteModules = () =>
  Promise.all([import('../generated/sqlite/client.ts'), import('@prisma/adapter-better-sqlite3')]);
const postgresModules = () => Promise.all([import('../generated/postgres/client.ts'), import('@prisma/adapter-pg')]);

/** Loads the modules openDatabase will need for `url` (a thread started early loads them while it waits). */
export async function loadDatabaseModules(url: string): Promise<void> {
  await (databaseKind(url) === 'sqlite' ? sqliteModules() : postgresModules());
}

/** Whether another connection (a worker thread's, another process's) can open the database at `url`: not SQLite in memory. */
export const sharedAcrossConnections = (url: string): boolean =>
  databaseKind(url) !== 'sqlite' || sqlitePath(url) !== ':memory:';

async function openSqlite(url: string): Promise<Database> {
  const writeLock = createWriteLock();
  const file = sqlitePath(url);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await sqliteModules();
  // timeout: wait for another process's write lock instead of failing with SQLITE_BUSY.
  const prisma = new PrismaClient({
    adapter: beginImmediate(new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 5000 }), writeLock),
  });
  // WAL: readers never block the writer. synchronous=NORMAL: a committed transaction survives an
  // application crash; on power loss the last transactions before the crash may be lost.
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  await prisma.$queryRawUnsafe(`PRAGMA secure_delete = ${SQLITE_SECURE_DELETE}`);
  const run = prisma.$transaction.bind(prisma) as (...args: unknown[]) => Promise<unknown>;
  (prisma as { $transaction: unknown }).$transaction = (...args: unknown[]) => writeLock.run(() => run(...args));
  await prisma.$connect();
  return {
    kind: 'sqlite',
    prisma,
    url,
    writeLock,
    sharedAcrossConnections: sharedAcrossConnections(url),
    close: () => prisma.$disconnect(),
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const [{ PrismaClient }, { PrismaPg }] = await postgresModules();
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  const prisma = new PrismaClient({ adapter }) as unknown as Db;
  await prisma.$connect();
  return {
    kind: 'postgres',
    prisma,
    url,
    writeLock: createWriteLock(),
    sharedAcrossConnections: true,
    close: () => prisma.$disconnect(),
  };
}

/**
 * Makes Prisma's SQLite transactions take the write lock when they begin (BEGIN IMMEDIATE) instead
 * of at their first write. The adapter begins with a plain BEGIN: such a transaction reads from a
 * snapshot, and if another connection commits before its first write, that write fails at once with
 * SQLITE_BUSY_SNAPSHOT (SQLite cannot wait it out). Another connection is the normal case here: the
 * dispatcher thread writes on its own connection, as `pnpm assent dispatcher` or a second server on
 * the same file do. With the lock taken first, a transaction waits (busy timeout) for the other
 * writer instead, and its reads and writes see one state.
 */
function beginImmediate(factory: PrismaBetterSQLite3, writeLock: WriteLock): PrismaBetterSQLite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    lockInternalTransactions(adapter, writeLock);
    const client = (adapter as unknown as { client?: { prepare: (sql: string) => unknown } }).client;
    // The adapter's connection is not part of its API: fail loudly if an upgrade moves it, rather than run with a plain BEGIN.
    if (typeof client?.prepare !== 'function')
      throw new Error(
        'The Prisma SQLite adapter no longer exposes its better-sqlite3 connection as .client; see beginImmediate in src/db/client.ts.',
      );
    const prepare = client.prepare.bind(client);
    client.prepare = (sql: string) => prepare(sql === 'BEGIN' ? 'BEGIN IMMEDIATE' : sql);
    return adapter;
  };
  return factory;
}

/**
 * Makes every transaction Prisma begins on SQLite hold this process's write lock until it ends. `$transaction` takes
 * the lock already (openSqlite); the transactions Prisma opens by itself (a createMany split into several statements,
 * an update that reads first) did not: such a transaction holds SQLite's lock across awaits, and a ledger write of the
 * same thread (a synchronous BEGIN IMMEDIATE on its own connection) could only wait it out to its busy timeout, the
 * event loop stopped, and failed with "database is locked".
 */
function lockInternalTransactions(adapter: unknown, writeLock: WriteLock): void {
  type Tx = { commit: () => Promise<void>; rollback: () => Promise<void> };
  const a = adapter as { startTransaction?: (...args: unknown[]) => Promise<Tx> };
  if (typeof a.startTransaction !== 'function')
    throw new Error(
      'The Prisma SQLite adapter no longer has startTransaction; see lockInternalTransactions in src/db/client.ts.',
    );
  const start = a.startTransaction.bind(adapter);
  a.startTransaction = async (...args: unknown[]) => {
    if (writeLock.held()) return start(...args);
    const release = await writeLock.hold();
    try {
      const tx = await start(...args);
      const commit = tx.commit.bind(tx);
      const rollback = tx.rollback.bind(tx);
      tx.commit = () => commit().finally(release);
      tx.rollback = () => rollback().finally(release);
      return tx;
    } catch (err) {
      release();
      throw err;
    }
  };
}

/**
 * A FIFO async mutex that keeps the event loop turning. On SQLite a write is synchronous from BEGIN to COMMIT, so a
 * caller that awaits writes back to back (an import, a loop in process) continues in microtasks only and never lets
 * timers or I/O run: a checkpoint's reads, the outbox tail, requests waited behind it until the loop stopped
 * (BENCHMARKS.md, scenario 10). When the event loop has not turned for {@link FAIR_MS}, the next write first lets it.
 */
export interface WriteLock {
  run<T>(fn: () => Promise<T> | T): Promise<T>;
  /** Whether the caller runs inside run() (its async context): a transaction it begins has the lock already. */
  held(): boolean;
  /** Takes the lock until the returned function is called. */
  hold(): Promise<() => void>;
}

/** How long writes may hold the event loop in microtasks before the next one lets timers and I/O run. */
const FAIR_MS = 5;

function createWriteLock(): WriteLock {
  const inside = new AsyncLocalStorage<true>();
  let tail: Promise<unknown> = Promise.resolve();
  // When a turn of the event loop was asked for (setImmediate) and has not come yet; null once it came.
  let turnAskedAt: number | null = null;
  const turned = () => void (turnAskedAt = null);
  const fair = <T>(fn: () => Promise<T> | T): Promise<T> | T => {
    const now = performance.now();
    if (turnAskedAt === null) {
      turnAskedAt = now;
      setImmediate(turned);
      return fn();
    }
    if (now - turnAskedAt < FAIR_MS) return fn();
    return new Promise<void>((resolve) => setImmediate(resolve)).then(fn);
  };
  // Writes queued or running. Once none is, the async context is switched off: on Node 20 an enabled
  // AsyncLocalStorage hooks the creation of every promise of the process (decisions, Apollo's pipeline), which
  // costs allocation on every request although only a write ever asks held() (BENCHMARKS.md, "Lean decide path").
  let active = 0;
  const settled = () => void (--active === 0 && inside.disable());
  const run = <T>(fn: () => Promise<T> | T): Promise<T> => {
    active++;
    const result = tail.then(() => inside.run(true, () => fair(fn)));
    tail = result.catch(() => undefined);
    void tail.then(settled);
    return result;
  };
  return {
    run,
    held: () => inside.getStore() === true,
    hold: () =>
      new Promise<() => void>((acquired) => {
        let release!: () => void;
        const ended = new Promise<void>((resolve) => (release = resolve));
        void run(() => {
          acquired(release);
          return ended;
        });
      }),
  };
}
