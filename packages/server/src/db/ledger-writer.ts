import { canonicalJson, hashRecord, supersedes, type ConsentRecord, type ConsentRecordContent } from '@assent/core';
import type { Database } from './client.ts';
import { openSqliteWriter, pgTransaction, rawPool, sqliteDate, type OnPoolError, type TxQuery } from './raw.ts';
import { CountDeltas, DAILY_COUNT_UPSERT, STATE_COUNT_UPSERT, type StateBefore } from './consent-counts.ts';
import { OUTBOX_INSERT, outboxInsertValues, type OutboxEntry } from './outbox.ts';
import {
  IMPORT_COLUMNS,
  pgParams,
  RECORD_COLUMNS_WITH_LOCALE,
  sqliteParams,
  STATE_COLUMNS,
  STATE_ON_CONFLICT,
} from './tables.ts';

/**
 * The ledger's one write: append records to their subjects' chains, move the projection when a record
 * is the newest in effect order (core's `supersedes`), move the overview's counts (consent-counts.ts) and write each
 * record's outbox event — one transaction of
 * prepared statements on the raw driver. It is every consent change's cost, so it does not go through
 * the ORM (Prisma's interactive transaction costs many times more per write; BENCHMARKS.md, Findings, "Writes").
 */
export interface LedgerWriter {
  /** One record: the hot path (a grant, a refusal, a withdrawal). */
  append(content: ConsentRecordContent, event: (r: ConsentRecord) => OutboxEntry): Promise<ConsentRecord>;
  /**
   * One record, only if the projection of its (subject, purpose) still rests on `expectedRecordId` (null: no row),
   * checked inside the write transaction after the subject's writes are serialized; null, with nothing written,
   * when it moved in the meantime. For writes decided on a state read earlier that must not be made twice.
   */
  appendIfCurrent(
    content: ConsentRecordContent,
    expectedRecordId: string | null,
    event: (r: ConsentRecord) => OutboxEntry,
  ): Promise<ConsentRecord | null>;
  /**
   * Several records in one transaction, appended in the order given (each one chain append): all of them commit or
   * none. recordChoices, applyGpc and linkVisitor write through it; importConsents too, with `importIds` (one per
   * record, same order), which are inserted into ConsentImport in the same transaction: an importId stored before
   * fails the whole call with a unique violation (db/errors.ts isUniqueViolation).
   */
  appendMany(
    contents: readonly ConsentRecordContent[],
    event: (r: ConsentRecord) => OutboxEntry,
    opts?: AppendManyOptions,
  ): Promise<ConsentRecord[]>;
  close(): Promise<void>;
}

/** What appendMany may write beside the records. */
export interface AppendManyOptions {
  /** The importId of each record (importConsents), in the order of the records. */
  importIds?: readonly string[];
}

/** Opens the raw writer for the database. */
export function openLedgerWriter(db: Database, onPoolError: OnPoolError): LedgerWriter {
  return db.kind === 'sqlite' ? sqliteWriter(db) : postgresWriter(db.url, onPoolError);
}

type Head = { seq: number | bigint; hash: string } | undefined;
type Current = ({ occurredAt: string | Date; recordedAt: string | Date } & StateBefore) | undefined;

/** A record's values in RECORD_COLUMNS_WITH_LOCALE's order, instants written as the dialect stores them. */
function recordValues(r: ConsentRecord, instant: (d: Date) => string): unknown[] {
  return [
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
    r.evidence == null ? null : canonicalJson(r.evidence),
    instant(r.occurredAt),
    instant(r.recordedAt),
    r.hash,
    r.previousHash,
    r.locale ?? null,
  ];
}

function chain(content: ConsentRecordContent, head: Head): ConsentRecord {
  const previousHash = head?.hash ?? null;
  return { ...content, seq: head ? Number(head.seq) + 1 : 0, previousHash, hash: hashRecord(content, previousHash) };
}

function sqliteWriter(db: Database): LedgerWriter {
  const conn = openSqliteWriter(db.url);
  const head = conn.prepare(
    `SELECT "seq", "hash" FROM "ConsentRecord" WHERE "subjectId" = ? ORDER BY "seq" DESC LIMIT 1`,
  );
  const insertRecord = conn.prepare(
    `INSERT INTO "ConsentRecord" (${RECORD_COLUMNS_WITH_LOCALE}) VALUES (${sqliteParams(17)})`,
  );
  const current = conn.prepare(
    `SELECT "occurredAt", "recordedAt", "action", "noticeVersion" FROM "ConsentState" WHERE "subjectId" = ? AND "purposeKey" = ?`,
  );
  const upsertDaily = conn.prepare(DAILY_COUNT_UPSERT.sqlite);
  const upsertStateCount = conn.prepare(STATE_COUNT_UPSERT.sqlite);
  const writeCounts = (deltas: CountDeltas) => {
    for (const row of deltas.dailyRows()) upsertDaily.run(row);
    for (const row of deltas.stateRows()) upsertStateCount.run(row);
  };
  const upsertState = conn.prepare(
    `INSERT INTO "ConsentState" (${STATE_COLUMNS}) VALUES (${sqliteParams(7)}) ${STATE_ON_CONFLICT}`,
  );
  const insertOutbox = conn.prepare(OUTBOX_INSERT.sqlite);
  const insertImport = conn.prepare(`INSERT INTO "ConsentImport" (${IMPORT_COLUMNS}) VALUES (${sqliteParams(2)})`);

  // Inside a transaction: the head read sees the records appended before it in the same transaction.
  const appendOne = (
    content: ConsentRecordContent,
    event: (r: ConsentRecord) => OutboxEntry,
    deltas: CountDeltas,
  ): ConsentRecord => {
    const r = chain(content, head.get(content.subjectId) as Head);
    insertRecord.run(recordValues(r, sqliteDate));
    const cur = current.get(r.subjectId, r.purposeKey) as Current;
    const moved = supersedes(r, cur && { occurredAt: new Date(cur.occurredAt), recordedAt: new Date(cur.recordedAt) });
    deltas.add(r, moved, cur);
    if (moved) {
      upsertState.run(
        r.subjectId,
        r.purposeKey,
        r.id,
        r.action,
        r.noticeVersion,
        sqliteDate(r.occurredAt),
        sqliteDate(r.recordedAt),
      );
    }
    const e = event(r);
    insertOutbox.run(outboxInsertValues(e, sqliteDate(new Date())));
    return r;
  };
  const currentRecordId = conn
    .prepare(`SELECT "recordId" FROM "ConsentState" WHERE "subjectId" = ? AND "purposeKey" = ?`)
    .pluck(true);
  const appendCounted = (content: ConsentRecordContent, event: (r: ConsentRecord) => OutboxEntry) => {
    const deltas = new CountDeltas();
    const r = appendOne(content, event, deltas);
    writeCounts(deltas);
    return r;
  };
  // Synchronous from BEGIN IMMEDIATE to COMMIT: nothing else of this process runs in between, and no other
  // connection writes (IMMEDIATE takes the write lock first), so the check holds until the record is in.
  const appendNow = conn.transaction(appendCounted);
  const appendIfNow = conn.transaction(
    (content: ConsentRecordContent, expected: string | null, event: (r: ConsentRecord) => OutboxEntry) =>
      ((currentRecordId.get(content.subjectId, content.purposeKey) as string | undefined) ?? null) === expected
        ? appendCounted(content, event)
        : null,
  );
  const appendAllNow = conn.transaction(
    (
      contents: readonly ConsentRecordContent[],
      event: (r: ConsentRecord) => OutboxEntry,
      importIds?: readonly string[],
    ) => {
      const deltas = new CountDeltas();
      const records = contents.map((c, i) => {
        const r = appendOne(c, event, deltas);
        if (importIds) insertImport.run(importIds[i], r.id);
        return r;
      });
      writeCounts(deltas);
      return records;
    },
  );
  return {
    // The write lock keeps it out of any Prisma transaction of this process that is still open.
    append: (content, event) => db.writeLock.run(() => appendNow.immediate(content, event)),
    appendIfCurrent: (content, expected, event) =>
      db.writeLock.run(() => appendIfNow.immediate(content, expected, event)),
    appendMany: (contents, event, opts) =>
      db.writeLock.run(() => appendAllNow.immediate(contents, event, opts?.importIds)),
    async close() {
      conn.close();
    },
  };
}

function postgresWriter(url: string, onPoolError: OnPoolError): LedgerWriter {
  const pool = rawPool(url, 10, onPoolError);
  const insertRecord = `INSERT INTO "ConsentRecord" (${RECORD_COLUMNS_WITH_LOCALE}) VALUES (${pgParams(17)})`;
  const upsertState = `INSERT INTO "ConsentState" (${STATE_COLUMNS}) VALUES (${pgParams(7)}) ${STATE_ON_CONFLICT}`;
  const insertImport = `INSERT INTO "ConsentImport" (${IMPORT_COLUMNS}) VALUES (${pgParams(2)})`;

  // Writes for one subject queue here, so the chain never forks.
  const lockSubject = (q: TxQuery, subjectId: string) =>
    q('assent-lock-subject', 'SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS l', [subjectId]);
  // The record and the projection; the outbox row is written by the caller once every record is in.
  const appendRecord = async (
    q: TxQuery,
    content: ConsentRecordContent,
    deltas: CountDeltas,
  ): Promise<ConsentRecord> => {
    const h = (
      await q(
        'assent-head',
        `SELECT "seq", "hash" FROM "ConsentRecord" WHERE "subjectId" = $1 ORDER BY "seq" DESC LIMIT 1`,
        [content.subjectId],
      )
    ).rows[0] as Head;
    const r = chain(content, h);
    await q(
      'assent-insert-record',
      insertRecord,
      recordValues(r, (d) => d.toISOString()),
    );
    const cur = (
      await q(
        'assent-current',
        `SELECT "occurredAt", "recordedAt", "action", "noticeVersion" FROM "ConsentState" WHERE "subjectId" = $1 AND "purposeKey" = $2`,
        [r.subjectId, r.purposeKey],
      )
    ).rows[0] as Current;
    const moved = supersedes(r, cur && { occurredAt: new Date(cur.occurredAt), recordedAt: new Date(cur.recordedAt) });
    deltas.add(r, moved, cur);
    if (moved) {
      await q('assent-upsert-state', upsertState, [
        r.subjectId,
        r.purposeKey,
        r.id,
        r.action,
        r.noticeVersion,
        r.occurredAt.toISOString(),
        r.recordedAt.toISOString(),
      ]);
    }
    return r;
  };
  // Taken last and held to commit: outbox seq order is commit order (see outbox.ts). The count rows are moved under
  // the same lock, in key order: many writers share a day's rows, and they then queue where they queue anyway.
  const writeOutbox = async (q: TxQuery, entries: readonly OutboxEntry[], deltas: CountDeltas) => {
    await q('assent-lock-outbox', OUTBOX_INSERT.lockOrder, []);
    for (const row of deltas.dailyRows()) await q('assent-upsert-daily-count', DAILY_COUNT_UPSERT.postgres, row);
    for (const row of deltas.stateRows()) await q('assent-upsert-state-count', STATE_COUNT_UPSERT.postgres, row);
    const createdAt = new Date().toISOString();
    for (const e of entries) await q('assent-insert-outbox', OUTBOX_INSERT.postgres, outboxInsertValues(e, createdAt));
  };
  return {
    append: (content, event) =>
      pgTransaction(pool, async (q) => {
        await lockSubject(q, content.subjectId);
        const deltas = new CountDeltas();
        const r = await appendRecord(q, content, deltas);
        await writeOutbox(q, [event(r)], deltas);
        return r;
      }),
    appendIfCurrent: (content, expected, event) =>
      pgTransaction(pool, async (q) => {
        // After the subject's lock no other write of this subject can commit before this one, and a statement
        // in READ COMMITTED sees every commit made before it: the projection read here is the one appended to.
        await lockSubject(q, content.subjectId);
        const row = (
          await q(
            'assent-current-record',
            `SELECT "recordId" FROM "ConsentState" WHERE "subjectId" = $1 AND "purposeKey" = $2`,
            [content.subjectId, content.purposeKey],
          )
        ).rows[0] as { recordId: string } | undefined;
        if ((row?.recordId ?? null) !== expected) return null;
        const deltas = new CountDeltas();
        const r = await appendRecord(q, content, deltas);
        await writeOutbox(q, [event(r)], deltas);
        return r;
      }),
    appendMany: (contents, event, opts) =>
      pgTransaction(pool, async (q) => {
        // Every subject's lock first, in one order, so two calls over the same subjects cannot deadlock.
        for (const subjectId of [...new Set(contents.map((c) => c.subjectId))].sort()) await lockSubject(q, subjectId);
        const records: ConsentRecord[] = [];
        const deltas = new CountDeltas();
        for (const [i, c] of contents.entries()) {
          const r = await appendRecord(q, c, deltas);
          if (opts?.importIds) await q('assent-insert-import', insertImport, [opts.importIds[i], r.id]);
          records.push(r);
        }
        await writeOutbox(q, records.map(event), deltas);
        return records;
      }),
    async close() {
      await pool.end();
    },
  };
}
