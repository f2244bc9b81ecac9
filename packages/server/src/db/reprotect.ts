import { HASH_FORMAT_CLEAR, reprotectChain, verifyStoredChain, type StoredRecord } from '@assent/core';
import type { SubjectProtection } from '../crypto/subject-protection.ts';
import pg from 'pg';
import type { Database } from './client.ts';
import { openSqliteWriter, pgUtc, sqliteDate, utcTimestampTypes } from './raw.ts';

/** What a re-protection run did. */
export interface ReprotectReport {
  subjects: number;
  records: number;
  /** Subjects left in format 1 because their chain did not verify (verifyLedger names them), or they have a format-2 chain already. */
  skipped: string[];
}

/**
 * Re-protects, in place, every record written before crypto-shredding (#16; README, "Erasure"; the migration
 * 20261207000000_crypto_shredding says what it allows). Per subject, in one transaction: the whole chain must verify in
 * format 1 first (nothing broken is blessed); then the subject gets a data key, and each row its pseudonym, its
 * identifier, subject actor id and evidence sealed, its original hash kept in legacyHash, and a format-2 hash chained
 * over the protected rows. The only UPDATE the append-only trigger lets through is exactly this one, once per row.
 * Runs at start before the ledger writer opens; a database without format-1 rows costs one indexed count.
 */
export async function reprotectLegacyRecords(
  db: Database,
  protection: SubjectProtection,
  batchSubjects = 1000,
): Promise<ReprotectReport> {
  const store = db.kind === 'sqlite' ? sqliteStore(db) : await postgresStore(db.url);
  const report: ReprotectReport = { subjects: 0, records: 0, skipped: [] };
  try {
    const subjects = await store.legacySubjects();
    for (let i = 0; i < subjects.length; i += batchSubjects) {
      await store.transaction(async (tx) => {
        for (const subjectId of subjects.slice(i, i + batchSubjects)) {
          const rows = await tx.chain(subjectId);
          const pseudonym = protection.pseudonym(subjectId);
          if ((await tx.hasChain(pseudonym)) || !verifyStoredChain(rows).ok) {
            report.skipped.push(subjectId);
            continue;
          }
          const fresh = protection.newDataKey(pseudonym);
          await tx.insertKey(pseudonym, fresh.sealed, rows[0]!.recordedAt);
          const next = reprotectChain(rows, (r) => {
            const subjectActor = r.actorKind === 'SUBJECT';
            return {
              subjectId: pseudonym,
              actorId: subjectActor ? null : r.actorId,
              sealed: protection.seal(fresh.key, r.id, {
                subjectId,
                actorId: subjectActor ? r.actorId : null,
                evidence: r.evidence == null ? null : (JSON.parse(r.evidence) as unknown),
              }),
            };
          });
          await tx.update(next);
          report.subjects += 1;
          report.records += next.length;
        }
      });
    }
  } finally {
    await store.close();
  }
  return report;
}

/** The few reads and writes re-protection makes, on the raw driver (through Prisma, 100k rows took minutes). */
interface ReprotectTx {
  chain(subjectId: string): Promise<StoredRecord[]>;
  hasChain(subjectId: string): Promise<boolean>;
  insertKey(pseudonym: string, sealed: string, at: Date): Promise<void>;
  update(rows: readonly StoredRecord[]): Promise<void>;
}
interface ReprotectStore {
  /** Subjects whose chain starts with a format-1 row. */
  legacySubjects(): Promise<string[]>;
  transaction(fn: (tx: ReprotectTx) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export const LEGACY_SUBJECTS = `SELECT "subjectId" FROM "ConsentRecord" WHERE "hashVersion" = ${HASH_FORMAT_CLEAR} AND "seq" = 0 ORDER BY "subjectId"`;
const CHAIN = `SELECT "id", "subjectId", "seq", "purposeKey", "action", "noticeVersionId", "noticeVersion", "channel", "method", "actorKind", "actorId", "evidence", "occurredAt", "recordedAt", "hash", "previousHash", "locale", "hashVersion", "sealed", "legacyHash" FROM "ConsentRecord" WHERE "subjectId" = ? ORDER BY "seq"`;
const HAS_CHAIN = `SELECT 1 AS "one" FROM "ConsentRecord" WHERE "subjectId" = ? LIMIT 1`;
const INSERT_KEY = `INSERT INTO "SubjectKey" ("pseudonym", "dataKey", "createdAt") VALUES (?, ?, ?)`;
const UPDATE = `UPDATE "ConsentRecord" SET "subjectId" = ?, "actorId" = ?, "evidence" = NULL, "sealed" = ?, "hashVersion" = ?, "legacyHash" = ?, "hash" = ?, "previousHash" = ? WHERE "id" = ?`;
const pgText = (sql: string) => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};
const updateValues = (r: StoredRecord) => [
  r.subjectId,
  r.actorId,
  r.sealed,
  r.hashVersion,
  r.legacyHash,
  r.hash,
  r.previousHash,
  r.id,
];
type RawRow = Omit<StoredRecord, 'occurredAt' | 'recordedAt'> & {
  occurredAt: string | Date;
  recordedAt: string | Date;
};
const toStored = (r: RawRow): StoredRecord => ({
  ...r,
  seq: Number(r.seq),
  noticeVersion: Number(r.noticeVersion),
  hashVersion: Number(r.hashVersion),
  occurredAt: new Date(r.occurredAt),
  recordedAt: new Date(r.recordedAt),
});

function sqliteStore(db: Database): ReprotectStore {
  const conn = openSqliteWriter(db.url);
  const chain = conn.prepare(CHAIN);
  const hasChain = conn.prepare(HAS_CHAIN);
  const insertKey = conn.prepare(INSERT_KEY);
  const update = conn.prepare(UPDATE);
  const tx: ReprotectTx = {
    chain: async (subjectId) => (chain.all(subjectId) as RawRow[]).map(toStored),
    hasChain: async (subjectId) => hasChain.get(subjectId) !== undefined,
    insertKey: async (pseudonym, sealed, at) => void insertKey.run(pseudonym, sealed, sqliteDate(at)),
    update: async (rows) => {
      for (const r of rows) update.run(updateValues(r));
    },
  };
  return {
    legacySubjects: async () => conn.prepare(LEGACY_SUBJECTS).pluck().all() as string[],
    // Every statement is synchronous, so the awaits inside never let other work of this process in.
    transaction: (fn) =>
      db.writeLock.run(async () => {
        conn.exec('BEGIN IMMEDIATE');
        try {
          await fn(tx);
          conn.exec('COMMIT');
        } catch (err) {
          conn.exec('ROLLBACK');
          throw err;
        }
      }),
    close: async () => {
      conn.close();
    },
  };
}

async function postgresStore(url: string): Promise<ReprotectStore> {
  const client = new pg.Client({ connectionString: url, types: utcTimestampTypes });
  await client.connect();
  const tx: ReprotectTx = {
    chain: async (subjectId) => (await client.query<RawRow>(pgText(CHAIN), [subjectId])).rows.map(toStored),
    hasChain: async (subjectId) => (await client.query(pgText(HAS_CHAIN), [subjectId])).rows.length > 0,
    insertKey: async (pseudonym, sealed, at) =>
      void (await client.query(pgText(INSERT_KEY), [pseudonym, sealed, pgUtc(at)])),
    update: async (rows) => {
      for (const r of rows) await client.query(pgText(UPDATE), updateValues(r));
    },
  };
  return {
    legacySubjects: async () =>
      (await client.query<{ subjectId: string }>(LEGACY_SUBJECTS)).rows.map((r) => r.subjectId),
    transaction: async (fn) => {
      await client.query('BEGIN');
      try {
        await fn(tx);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    },
    close: () => client.end(),
  };
}
