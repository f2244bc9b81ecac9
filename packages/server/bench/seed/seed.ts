// Seeds a benchmark database at scale: the demo catalog through the server's own repositories
// (back-dated two notice versions), then the ledger, projection and outbox through the raw drivers in
// big batches, then proof that what was written is what the ledger would have written.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { noticeContentHash, requiresConsent } from '@assent/core';
import { sqlitePath } from '../../src/env.ts';
import { tsWorker } from '../../src/ts-worker.ts';
import { DEMO_PURPOSES } from '../../src/seed.ts';
import { OUTBOX_COLUMNS, RECORD_COLUMNS_PROTECTED, sqliteParams, STATE_COLUMNS } from '../../src/db/tables.ts';
import { PSEUDONYM_KEY_CONTEXT, PSEUDONYM_KEY_SETTING } from '../../src/crypto/subject-protection.ts';
import { RECOUNT } from '../../src/db/consent-counts.ts';
import { ADMIN, BENCH_MASTER_KEY, openBenchCore } from '../lib/core.ts';
import type { BenchDatabase } from '../lib/databases.ts';
import { fmtInt, log } from '../lib/log.ts';
import { generateSubject, subjectIdOf, type SeedCatalog, type SeedChunk } from './generate.ts';
import { copyFrom } from './pg-copy.ts';

/** The outbox columns the server writes, and dispatchedAt: seeded history counts as delivered already. */
const SEEDED_OUTBOX_COLUMNS = `${OUTBOX_COLUMNS}, "dispatchedAt"`;
/** The seeded SubjectKey columns (a data key each, none erased). */
const KEY_COLUMNS = `"pseudonym", "dataKey", "createdAt"`;

const DAY = 86_400_000;
/** Bump when the generator changes, so --reuse never reuses a database seeded differently. */
export const SEED_FORMAT = 3; // 3: records seeded protected (pseudonyms, sealed columns, data keys), as #16 writes them

/** What seeding did and how fast. */
export interface SeedReport {
  kind: 'sqlite' | 'postgres';
  subjects: number;
  records: number;
  states: number;
  outboxRows: number;
  seconds: number;
  recordsPerSecond: number;
  /** Seconds the worker threads spent generating and hashing (summed over workers), and the main thread inserting. */
  generateSeconds: number;
  insertSeconds: number;
  /** Seconds spent building the secondary indexes after the load (included in seconds). */
  indexSeconds: number;
  /** The server's verifyLedger on sample subjects, plus projection and count checks. */
  verification: {
    subjects: string[];
    recordsChecked: number;
    ok: boolean;
    problems: string[];
    fullChainCheck?: { recordsChecked: number; ok: boolean; seconds: number };
  };
  reused: boolean;
}

interface Meta {
  format: number;
  subjects: number;
  seed: number;
  report: SeedReport;
}
/** Where the seeding report of a database is kept, for --reuse. */
export const seedMetaFile = (db: BenchDatabase, dataDir: string) =>
  path.join(dataDir, `${db.kind}-${db.name}.seed.json`);

/** The back-dated catalog (also of the local-decision scenarios' databases): demo purposes and notice v1 two years ago, v2 (re-consent for personalization) one year ago. */
export async function seedCatalog(db: BenchDatabase, seed: number): Promise<SeedCatalog> {
  const core = await openBenchCore(db.url);
  try {
    const now = Date.now();
    const t0 = Math.floor((now - 730 * DAY) / 1000) * 1000;
    const t1 = t0 + 365 * DAY;
    for (const [i, p] of DEMO_PURPOSES.entries())
      await core.repos.catalog.createPurpose(p, new Date(t0 - 60_000 + i * 1000));
    const notice = async (at: number, summary: string, reconsent: string[]) => {
      const purposes = DEMO_PURPOSES.map((p) => ({
        purposeKey: p.key,
        title: p.title,
        requiresReconsent: reconsent.includes(p.key),
        description: reconsent.includes(p.key)
          ? `${p.description} From this version we also use the products you looked at in our partners' shops.`
          : p.description,
      }));
      const effectiveAt = new Date(at);
      return core.repos.catalog.appendNotice({
        summary,
        effectiveAt,
        publishedAt: effectiveAt,
        purposes,
        contentHash: (version) => noticeContentHash({ version, summary, effectiveAt, purposes }),
      });
    };
    const v1 = await notice(t0, 'How we use your data (benchmark notice, version 1).', []);
    const v2 = await notice(
      t1,
      'How we use your data (benchmark notice, version 2): personalised recommendations now use partner data.',
      ['personalization'],
    );
    return {
      consentPurposes: DEMO_PURPOSES.filter((p) => requiresConsent(p)).map((p) => ({
        key: p.key,
        legalBasis: p.legalBasis,
      })),
      notices: [v1, v2].map((n) => ({
        id: n.id,
        version: n.version,
        publishedAtMs: n.publishedAt.getTime(),
        effectiveAtMs: n.effectiveAt.getTime(),
      })),
      startMs: t0,
      endMs: now - 3600_000,
      seed,
      // The seed workers protect rows with the keys this database's server opens (the pseudonym key was made above).
      masterKey: BENCH_MASTER_KEY,
      pseudonymKey: core.kek
        .open(
          (await core.db.prisma.setting.findUniqueOrThrow({ where: { key: PSEUDONYM_KEY_SETTING } })).value,
          PSEUDONYM_KEY_CONTEXT,
        )
        .toString('hex'),
    };
  } finally {
    await core.close();
  }
}

/** The tables the bulk load fills; their secondary indexes are built after the load, as one sort each. */
const LOADED_TABLES = ['ConsentRecord', 'ConsentState', 'OutboxEvent'];

/** Inserts chunks; SQLite synchronously on one connection, PostgreSQL with up to two chunks in flight. */
interface Inserter {
  insert(c: SeedChunk): Promise<void>;
  /** Rebuilds the deferred indexes and leaves the database as the server expects it; returns the seconds spent on indexes. */
  finish(): Promise<number>;
}

function sqliteInserter(url: string, cacheMiB: number): Inserter {
  const db = new Sqlite(sqlitePath(url));
  // A bulk load into a fresh file that is thrown away if seeding fails: rollback journal in memory
  // (leaving WAL needs DELETE first; OFF is refused in better-sqlite3's defensive mode), no fsync,
  // one big cache, and the secondary indexes built afterwards: random-key indexes (record and event
  // ids, timestamps) maintained row by row dirty a page per row, sorted once they cost little.
  db.pragma('journal_mode = DELETE');
  const mode = db.pragma('journal_mode = MEMORY', { simple: true });
  if (mode !== 'memory') log(`  note: SQLite kept journal_mode ${String(mode)} for the bulk load`);
  db.pragma('synchronous = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('temp_store = MEMORY');
  db.pragma(`cache_size = -${cacheMiB * 1024}`);
  db.pragma('foreign_keys = ON');
  const deferred = db
    .prepare(
      `SELECT "name", "sql" FROM sqlite_schema WHERE "type" = 'index' AND "sql" IS NOT NULL AND "tbl_name" IN (${LOADED_TABLES.map(() => '?').join(',')})`,
    )
    .all(...LOADED_TABLES) as { name: string; sql: string }[];
  for (const ix of deferred) db.exec(`DROP INDEX "${ix.name}"`);
  const rec = db.prepare(`INSERT INTO "ConsentRecord" (${RECORD_COLUMNS_PROTECTED}) VALUES (${sqliteParams(20)})`);
  const key = db.prepare(`INSERT INTO "SubjectKey" (${KEY_COLUMNS}) VALUES (${sqliteParams(3)})`);
  const st = db.prepare(`INSERT INTO "ConsentState" (${STATE_COLUMNS}) VALUES (${sqliteParams(7)})`);
  const ob = db.prepare(`INSERT INTO "OutboxEvent" (${SEEDED_OUTBOX_COLUMNS}) VALUES (${sqliteParams(8)})`);
  // One transaction per ~100k records, not per chunk: each commit writes back every page it dirtied,
  // and the random record-id primary key dirties one page per row however small the transaction.
  let open = false;
  let pending = 0;
  const insertChunk = (c: SeedChunk) => {
    const { records: R, keys: K, states: S, outbox: O } = c.columns!;
    if (!open) {
      db.exec('BEGIN');
      open = true;
    }
    for (let i = 0; i < R.id.length; i++) {
      rec.run(
        R.id[i],
        R.subjectId[i],
        R.seq[i],
        R.purposeKey[i],
        R.action[i],
        R.noticeVersionId[i],
        R.noticeVersion[i],
        R.channel[i],
        R.method[i],
        R.actorKind[i],
        R.actorId[i],
        R.evidence[i],
        R.occurredAt[i],
        R.recordedAt[i],
        R.hash[i],
        R.previousHash[i],
        R.locale[i],
        R.hashVersion[i],
        R.sealed[i],
        R.legacyHash[i],
      );
      ob.run(
        O.eventId[i],
        O.type[i],
        O.subjectId[i],
        O.purposeKey[i],
        O.recordId[i],
        O.payload[i],
        O.createdAt[i],
        O.dispatchedAt[i],
      );
    }
    for (let i = 0; i < K.pseudonym.length; i++) key.run(K.pseudonym[i], K.dataKey[i], K.createdAt[i]);
    for (let i = 0; i < S.subjectId.length; i++)
      st.run(
        S.subjectId[i],
        S.purposeKey[i],
        S.recordId[i],
        S.action[i],
        S.noticeVersion[i],
        S.occurredAt[i],
        S.recordedAt[i],
      );
    pending += R.id.length;
    if (pending >= 100_000) {
      db.exec('COMMIT');
      open = false;
      pending = 0;
    }
  };
  return {
    async insert(c) {
      try {
        insertChunk(c);
      } catch (e) {
        if (open) db.exec('ROLLBACK');
        open = false;
        throw e;
      }
    },
    async finish() {
      if (open) db.exec('COMMIT');
      const t = performance.now();
      // The migrations' own statements: same names, same definitions (a unique one also proves no chain forked).
      for (const ix of deferred) db.exec(ix.sql);
      const seconds = (performance.now() - t) / 1000;
      // The overview's count tables, counted from what was loaded (the server keeps them in step from here on).
      for (const sql of RECOUNT.sqlite) db.exec(sql);
      // The seeded outbox rows are stamped dispatched: every sink's cursor starts past them.
      db.exec(
        `INSERT INTO "SinkCursor" ("name", "seq") SELECT n, (SELECT COALESCE(MAX("seq"), 0) FROM "OutboxEvent") FROM (SELECT 'fanout' AS n UNION ALL SELECT 'nats') WHERE true ON CONFLICT ("name") DO UPDATE SET "seq" = excluded."seq"`,
      );
      db.pragma('locking_mode = NORMAL');
      db.pragma('journal_mode = WAL');
      db.close();
      return seconds;
    },
  };
}

function postgresInserter(url: string): Inserter {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const inflight = new Set<Promise<void>>();
  let failed: unknown;
  // Secondary indexes are built after the load (see sqliteInserter); primary keys stay.
  const deferred = (async () => {
    const c = await pool.connect();
    try {
      const r = await c.query<{ name: string; def: string }>(
        `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
         WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`,
        [LOADED_TABLES],
      );
      for (const ix of r.rows) await c.query(`DROP INDEX "${ix.name}"`);
      return r.rows;
    } finally {
      c.release();
    }
  })();
  const run = async (chunk: SeedChunk) => {
    await deferred;
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL synchronous_commit = off');
      const { records, keys, states, outbox } = chunk.copy!;
      await copyFrom(c, `COPY "ConsentRecord" (${RECORD_COLUMNS_PROTECTED}) FROM STDIN`, records);
      await copyFrom(c, `COPY "SubjectKey" (${KEY_COLUMNS}) FROM STDIN`, keys);
      await copyFrom(c, `COPY "ConsentState" (${STATE_COLUMNS}) FROM STDIN`, states);
      await copyFrom(c, `COPY "OutboxEvent" (${SEEDED_OUTBOX_COLUMNS}) FROM STDIN`, outbox);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  };
  return {
    async insert(chunk) {
      if (failed) throw failed;
      while (inflight.size >= 2) await Promise.race(inflight);
      const p: Promise<void> = run(chunk)
        .catch((e) => void (failed = e))
        .finally(() => inflight.delete(p));
      inflight.add(p);
    },
    async finish() {
      await Promise.all(inflight);
      if (failed) throw failed;
      const c = await pool.connect();
      try {
        const t = performance.now();
        await c.query(`SET maintenance_work_mem = '512MB'`);
        for (const ix of await deferred) await c.query(ix.def);
        const seconds = (performance.now() - t) / 1000;
        // The overview's count tables, counted from what was loaded (the server keeps them in step from here on).
        for (const sql of RECOUNT.postgres) await c.query(sql);
        // The seeded outbox rows are stamped dispatched: every sink's cursor starts past them.
        await c.query(
          `INSERT INTO "SinkCursor" ("name", "seq") SELECT n, (SELECT COALESCE(MAX("seq"), 0) FROM "OutboxEvent") FROM unnest(ARRAY['fanout', 'nats']) AS n ON CONFLICT ("name") DO UPDATE SET "seq" = excluded."seq"`,
        );
        // What autovacuum would do some time after a bulk load, done now so plans do not depend on its timing.
        await c.query(`VACUUM (ANALYZE) ${LOADED_TABLES.map((t) => `"${t}"`).join(', ')}`);
        return seconds;
      } finally {
        c.release();
        await pool.end();
      }
    },
  };
}
/** Generates subjects [0, n) in worker threads and inserts them as they come. */
async function bulkLoad(
  db: BenchDatabase,
  cat: SeedCatalog,
  subjects: number,
  opts: { workers: number; chunk: number; cacheMiB: number },
) {
  const inserter = db.kind === 'sqlite' ? sqliteInserter(db.url, opts.cacheMiB) : postgresInserter(db.url);
  const workers = Array.from({ length: opts.workers }, () =>
    tsWorker(new URL('./seed-worker.ts', import.meta.url), { workerData: { catalog: cat, kind: db.kind } }),
  );
  const totals = { records: 0, states: 0, outbox: 0, subjects: 0, generateMs: 0, insertMs: 0 };
  let indexSeconds: number;
  const started = performance.now();
  let lastLog = started;
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const queue: SeedChunk[] = [];
      let outstanding = 0;
      let inserting = false;
      const give = (w: Worker) => {
        if (next >= subjects) return;
        const from = next;
        next = Math.min(subjects, next + opts.chunk);
        outstanding++;
        w.postMessage({ from, to: next });
      };
      const drain = async () => {
        if (inserting) return;
        inserting = true;
        try {
          while (queue.length) {
            const chunk = queue.shift()!;
            const t = performance.now();
            await inserter.insert(chunk);
            totals.insertMs += performance.now() - t;
            totals.records += chunk.counts.records;
            totals.states += chunk.counts.states;
            totals.outbox += chunk.counts.outbox;
            totals.subjects += chunk.subjects;
            const now = performance.now();
            if (now - lastLog > 5000) {
              lastLog = now;
              log(
                `  ${db.kind}/${db.label}: ${fmtInt(totals.subjects)}/${fmtInt(subjects)} subjects, ${fmtInt(totals.records)} records, ${fmtInt(totals.records / ((now - started) / 1000))} records/s`,
              );
            }
          }
        } catch (e) {
          return reject(e);
        } finally {
          inserting = false;
        }
        if (outstanding === 0 && next >= subjects && queue.length === 0) resolve();
      };
      for (const w of workers) {
        w.on('error', reject);
        w.on('message', (m: SeedChunk) => {
          outstanding--;
          totals.generateMs += m.ms;
          queue.push(m);
          // Keep a worker busy unless the inserter is far behind (bounded memory).
          if (queue.length < 2 * opts.workers) give(w);
          else
            setTimeout(function retry() {
              if (queue.length < 2 * opts.workers) give(w);
              else setTimeout(retry, 20);
            }, 20);
          void drain();
        });
        give(w);
        give(w);
      }
      if (subjects === 0) resolve();
    });
    indexSeconds = await inserter.finish();
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { ...totals, indexSeconds, seconds: (performance.now() - started) / 1000 };
}

/** Checks the seeded database with the server's own code: chains, projection, counts. */
async function verifySeed(
  db: BenchDatabase,
  cat: SeedCatalog,
  subjects: number,
  totals: { records: number; states: number; outbox: number },
  full: boolean,
): Promise<SeedReport['verification']> {
  const core = await openBenchCore(db.url);
  const problems: string[] = [];
  try {
    const sample = [
      ...new Set([0, subjects - 1, Math.floor(subjects / 2), Math.floor(subjects / 3), Math.floor((subjects * 7) / 9)]),
    ].filter((i) => i >= 0);
    let recordsChecked = 0;
    for (const i of sample) {
      const id = subjectIdOf(i);
      const expected = generateSubject(i, cat);
      const v = await core.service.verifyLedger(ADMIN, { subjectId: id });
      recordsChecked += v.recordsChecked;
      if (!v.ok) problems.push(`${id}: verifyLedger found a broken chain at ${v.firstBrokenRecordId}`);
      if (v.recordsChecked !== expected.records.length)
        problems.push(
          `${id}: verifyLedger checked ${v.recordsChecked} records, ${expected.records.length} were written`,
        );
      const states = await core.repos.ledger.listStates(id);
      const want = new Map(expected.states.map((s) => [s.purposeKey, s.recordId]));
      if (states.length !== want.size || states.some((s) => want.get(s.purposeKey) !== s.recordId))
        problems.push(`${id}: projection differs from the ledger`);
      // The projection must agree with a point-in-time read of the ledger itself.
      for (const s of states) {
        const eff = await core.repos.ledger.findEffectiveAt(id, s.purposeKey, new Date());
        if (eff?.id !== s.recordId)
          problems.push(
            `${id}/${s.purposeKey}: projection names ${s.recordId}, the ledger's effective record is ${eff?.id}`,
          );
      }
    }
    const count = async (table: string) => {
      const rows = await core.db.prisma.$queryRawUnsafe<{ n: bigint | number }[]>(
        `SELECT COUNT(*) AS n FROM "${table}"`,
      );
      return Number(rows[0]!.n);
    };
    const [records, states, outbox] = await Promise.all([
      count('ConsentRecord'),
      count('ConsentState'),
      count('OutboxEvent'),
    ]);
    if (records !== totals.records)
      problems.push(`ConsentRecord has ${records} rows, ${totals.records} were generated`);
    if (states !== totals.states) problems.push(`ConsentState has ${states} rows, ${totals.states} were generated`);
    // Two NOTICE_PUBLISHED events come from the catalog.
    if (outbox !== totals.outbox + 2) problems.push(`OutboxEvent has ${outbox} rows, expected ${totals.outbox + 2}`);
    let fullChainCheck: SeedReport['verification']['fullChainCheck'];
    if (full) {
      const t = performance.now();
      const v = await core.service.verifyLedger(ADMIN, { subjectId: null });
      fullChainCheck = { recordsChecked: v.recordsChecked, ok: v.ok, seconds: (performance.now() - t) / 1000 };
      if (!v.ok || v.recordsChecked !== totals.records)
        problems.push(`verifyLedger over every chain: ok=${v.ok}, ${v.recordsChecked} of ${totals.records} records`);
    }
    return { subjects: sample.map(subjectIdOf), recordsChecked, ok: problems.length === 0, problems, fullChainCheck };
  } finally {
    await core.close();
  }
}

/** Seeds (or, with reuse, finds already seeded) a benchmark database with n subjects. */
export async function seedDatabase(
  db: BenchDatabase,
  opts: { subjects: number; seed: number; dataDir: string; reuse: boolean; verifyAllChains: boolean },
): Promise<SeedReport> {
  const mf = seedMetaFile(db, opts.dataDir);
  if (opts.reuse && fs.existsSync(mf) && (await db.exists())) {
    const meta = JSON.parse(fs.readFileSync(mf, 'utf8')) as Meta;
    if (meta.format === SEED_FORMAT && meta.subjects === opts.subjects && meta.seed === opts.seed) {
      log(`${db.kind}/${db.label}: reusing the database seeded earlier (${fmtInt(meta.report.records)} records)`);
      return { ...meta.report, reused: true };
    }
  }
  fs.rmSync(mf, { force: true });
  log(`${db.kind}/${db.label}: seeding ${fmtInt(opts.subjects)} subjects`);
  await db.recreate();
  const cat = await seedCatalog(db, opts.seed);
  // Small chunks: a worker holding a big batch alive until it is posted spends more time in GC than in hashing.
  const chunk = Math.max(10, Math.min(100, Math.ceil(opts.subjects / 8)));
  const cacheMiB = Math.min(4096, Math.max(64, Math.floor(opts.subjects / 250)));
  const workers = Number(process.env.BENCH_SEED_WORKERS ?? Math.max(1, Math.min(4, os.availableParallelism())));
  const loaded = await bulkLoad(db, cat, opts.subjects, { workers, chunk, cacheMiB });
  log(
    `${db.kind}/${db.label}: ${fmtInt(loaded.records)} records in ${loaded.seconds.toFixed(1)} s (${fmtInt(loaded.records / loaded.seconds)} records/s; generating ${(loaded.generateMs / 1000).toFixed(1)} s in ${workers} workers, inserting ${(loaded.insertMs / 1000).toFixed(1)} s, building indexes ${loaded.indexSeconds.toFixed(1)} s); verifying`,
  );
  const verification = await verifySeed(db, cat, opts.subjects, loaded, opts.verifyAllChains);
  if (!verification.ok)
    throw new Error(`The seeded ${db.kind} database does not verify:\n  ${verification.problems.join('\n  ')}`);
  const report: SeedReport = {
    kind: db.kind,
    subjects: opts.subjects,
    records: loaded.records,
    states: loaded.states,
    outboxRows: loaded.outbox,
    seconds: loaded.seconds,
    recordsPerSecond: loaded.records / loaded.seconds,
    generateSeconds: loaded.generateMs / 1000,
    insertSeconds: loaded.insertMs / 1000,
    indexSeconds: loaded.indexSeconds,
    verification,
    reused: false,
  };
  fs.mkdirSync(opts.dataDir, { recursive: true });
  fs.writeFileSync(
    mf,
    JSON.stringify({ format: SEED_FORMAT, subjects: opts.subjects, seed: opts.seed, report } satisfies Meta, null, 2),
  );
  return report;
}
