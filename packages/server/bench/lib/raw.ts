// The baselines of the in-process scenarios: the same reads and the same write transaction as the
// product, written directly against the raw drivers with prepared statements and nothing else.
import { randomUUID } from 'node:crypto';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { hashRecord, supersedes, type ConsentRecord, type LegalBasis } from '@assent/core';
import { sqlitePath } from '../../src/env.ts';
import { consentEvent } from '../../src/db/outbox.ts';
import {
  OUTBOX_COLUMNS,
  OUTBOX_ORDER_LOCK,
  pgParams,
  RECORD_COLUMNS,
  sqliteParams,
  STATE_COLUMNS,
  STATE_ON_CONFLICT,
} from '../../src/db/tables.ts';
import { dateText } from '../seed/generate.ts';
import type { Kind } from './databases.ts';

/** One consent write as the raw loop performs it. */
export interface RawWrite {
  subjectId: string;
  purposeKey: string;
  legalBasis: LegalBasis;
  action: 'GRANT' | 'WITHDRAW';
  noticeVersionId: string;
  noticeVersion: number;
}

export interface RawDb {
  /** Primary-key read of one projection row. */
  findState(subjectId: string, purposeKey: string): Promise<unknown>;
  /** The projection rows of many (subject, purpose) pairs. */
  findStates(pairs: readonly { subjectId: string; purposeKey: string }[]): Promise<unknown[]>;
  /** The ledger's write transaction: chain head, record, projection upsert, outbox row. */
  append(w: RawWrite): Promise<void>;
  close(): Promise<void>;
}

// The server's column lists (db/tables.ts), so the baseline writes exactly the rows the ledger writer does.
const STATE = STATE_COLUMNS;

/** The record a raw write appends (content only; the chain fields are filled in the transaction). */
function content(w: RawWrite, now: Date) {
  return {
    id: randomUUID(),
    subjectId: w.subjectId,
    purposeKey: w.purposeKey,
    action: w.action,
    noticeVersionId: w.noticeVersionId,
    noticeVersion: w.noticeVersion,
    channel: 'API' as const,
    method: 'bench/raw-loop',
    actorKind: 'ADMIN' as const,
    actorId: 'bootstrap-admin',
    evidence: { bench: 'raw-loop' },
    occurredAt: now,
    recordedAt: now,
  };
}

function sqliteRaw(url: string, cacheBytes: number): RawDb {
  const db = new Sqlite(sqlitePath(url), { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  if (cacheBytes > 0) {
    // A connection-owned page cache holding the whole projection (warmed by scanning its table and key).
    db.pragma(`cache_size = -${Math.round(cacheBytes / 1024)}`);
    db.prepare('SELECT SUM(length("recordId")) FROM "ConsentState"').get();
    db.prepare('SELECT COUNT("purposeKey") FROM "ConsentState" WHERE "subjectId" > \'\'').get();
  }
  const dt = dateText('sqlite');
  const one = db.prepare(`SELECT ${STATE} FROM "ConsentState" WHERE "subjectId" = ? AND "purposeKey" = ?`);
  const head = db.prepare(
    `SELECT "seq", "hash" FROM "ConsentRecord" WHERE "subjectId" = ? ORDER BY "seq" DESC LIMIT 1`,
  );
  const insertRecord = db.prepare(`INSERT INTO "ConsentRecord" (${RECORD_COLUMNS}) VALUES (${sqliteParams(16)})`);
  const current = db.prepare(
    `SELECT "occurredAt", "recordedAt" FROM "ConsentState" WHERE "subjectId" = ? AND "purposeKey" = ?`,
  );
  const upsert = db.prepare(`INSERT INTO "ConsentState" (${STATE}) VALUES (${sqliteParams(7)}) ${STATE_ON_CONFLICT}`);
  const insertOutbox = db.prepare(`INSERT INTO "OutboxEvent" (${OUTBOX_COLUMNS}) VALUES (${sqliteParams(7)})`);
  const write = db.transaction((w: RawWrite) => {
    const c = content(w, new Date());
    const h = head.get(w.subjectId) as { seq: number; hash: string } | undefined;
    const previousHash = h?.hash ?? null;
    const r: ConsentRecord = { ...c, seq: h ? h.seq + 1 : 0, previousHash, hash: hashRecord(c, previousHash) };
    insertRecord.run(
      r.id,
      r.subjectId,
      r.seq,
      r.purposeKey,
      r.action,
      r.noticeVersionId,
      r.noticeVersion,
      r.channel,
      r.method,
      r.actorKind,
      r.actorId,
      JSON.stringify(r.evidence),
      dt(r.occurredAt),
      dt(r.recordedAt),
      r.hash,
      r.previousHash,
    );
    const cur = current.get(w.subjectId, w.purposeKey) as { occurredAt: string; recordedAt: string } | undefined;
    if (supersedes(r, cur && { occurredAt: new Date(cur.occurredAt), recordedAt: new Date(cur.recordedAt) })) {
      upsert.run(r.subjectId, r.purposeKey, r.id, r.action, r.noticeVersion, dt(r.occurredAt), dt(r.recordedAt));
    }
    const { event } = consentEvent(r, { key: w.purposeKey, legalBasis: w.legalBasis });
    insertOutbox.run(event.id, event.type, r.subjectId, r.purposeKey, r.id, JSON.stringify(event), dt(new Date()));
  });
  return {
    async findState(s, p) {
      return one.get(s, p);
    },
    async findStates(pairs) {
      const out: unknown[] = [];
      for (const { subjectId, purposeKey } of pairs) {
        const r = one.get(subjectId, purposeKey);
        if (r) out.push(r);
      }
      return out;
    },
    async append(w) {
      write(w);
    },
    async close() {
      db.close();
    },
  };
}

function postgresRaw(url: string): RawDb {
  const reader = new pg.Client({ connectionString: url });
  const writer = new pg.Client({ connectionString: url });
  const ready = Promise.all([reader.connect(), writer.connect()]);
  return {
    async findState(s, p) {
      await ready;
      return (
        await reader.query({
          name: 'bench-one',
          text: `SELECT ${STATE} FROM "ConsentState" WHERE "subjectId" = $1 AND "purposeKey" = $2`,
          values: [s, p],
        })
      ).rows[0];
    },
    async findStates(pairs) {
      await ready;
      const r = await reader.query({
        name: 'bench-many',
        text: `SELECT ${STATE} FROM "ConsentState" WHERE ("subjectId", "purposeKey") IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        values: [pairs.map((p) => p.subjectId), pairs.map((p) => p.purposeKey)],
      });
      return r.rows;
    },
    async append(w) {
      await ready;
      const c = content(w, new Date());
      await writer.query('BEGIN');
      try {
        // The same locks as the ledger: one writer per subject chain, outbox seq in commit order.
        await writer.query({
          name: 'bench-lock-subject',
          text: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))',
          values: [w.subjectId],
        });
        const h = (
          await writer.query({
            name: 'bench-head',
            text: `SELECT "seq", "hash" FROM "ConsentRecord" WHERE "subjectId" = $1 ORDER BY "seq" DESC LIMIT 1`,
            values: [w.subjectId],
          })
        ).rows[0] as { seq: number; hash: string } | undefined;
        const previousHash = h?.hash ?? null;
        const r: ConsentRecord = { ...c, seq: h ? h.seq + 1 : 0, previousHash, hash: hashRecord(c, previousHash) };
        const iso = r.occurredAt.toISOString();
        await writer.query({
          name: 'bench-insert-record',
          text: `INSERT INTO "ConsentRecord" (${RECORD_COLUMNS}) VALUES (${pgParams(16)})`,
          values: [
            r.id,
            r.subjectId,
            r.seq,
            r.purposeKey,
            r.action,
            r.noticeVersionId,
            r.noticeVersion,
            r.channel,
            r.method,
            r.actorKind,
            r.actorId,
            JSON.stringify(r.evidence),
            iso,
            iso,
            r.hash,
            r.previousHash,
          ],
        });
        const cur = (
          await writer.query({
            name: 'bench-current',
            text: `SELECT "occurredAt", "recordedAt" FROM "ConsentState" WHERE "subjectId" = $1 AND "purposeKey" = $2`,
            values: [w.subjectId, w.purposeKey],
          })
        ).rows[0] as { occurredAt: Date; recordedAt: Date } | undefined;
        if (supersedes(r, cur)) {
          await writer.query({
            name: 'bench-upsert',
            text: `INSERT INTO "ConsentState" (${STATE}) VALUES (${pgParams(7)}) ${STATE_ON_CONFLICT}`,
            values: [r.subjectId, r.purposeKey, r.id, r.action, r.noticeVersion, iso, iso],
          });
        }
        await writer.query(`SELECT pg_advisory_xact_lock(${OUTBOX_ORDER_LOCK})`);
        const { event } = consentEvent(r, { key: w.purposeKey, legalBasis: w.legalBasis });
        await writer.query({
          name: 'bench-outbox',
          text: `INSERT INTO "OutboxEvent" (${OUTBOX_COLUMNS}) VALUES (${pgParams(7)})`,
          values: [
            event.id,
            event.type,
            r.subjectId,
            r.purposeKey,
            r.id,
            JSON.stringify(event),
            new Date().toISOString(),
          ],
        });
        await writer.query('COMMIT');
      } catch (e) {
        await writer.query('ROLLBACK').catch(() => {});
        throw e;
      }
    },
    async close() {
      await ready.catch(() => {});
      await Promise.all([reader.end(), writer.end()]);
    },
  };
}

/** Opens the raw-driver baseline for a database (SQLite: optionally with a big warmed page cache, to show what page reads cost at scale). */
export function openRaw(kind: Kind, url: string, opts: { cacheBytes?: number } = {}): RawDb {
  return kind === 'sqlite' ? sqliteRaw(url, opts.cacheBytes ?? 0) : postgresRaw(url);
}
