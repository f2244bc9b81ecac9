import {
  AssentError,
  canonicalJson,
  hashProtectedRecord,
  HASH_FORMAT_PROTECTED,
  scrubEventPayload,
  supersedes,
  type ConsentRecord,
  type ConsentRecordContent,
  type StoredRecord,
} from '@assent/core';
import type { SubjectProtection } from '../crypto/subject-protection.ts';
import type { Database } from './client.ts';
import type Sqlite from 'better-sqlite3';
import {
  openSqliteWriter,
  pgTransaction,
  SQLITE_BUSY_TIMEOUT_MS,
  rawPool,
  sqliteDate,
  type OnPoolError,
  type TxQuery,
} from './raw.ts';
import { CountDeltas, DAILY_COUNT_UPSERTS, STATE_COUNT_UPSERT, type StateBefore } from './consent-counts.ts';
import { OUTBOX_INSERT, outboxInsertValues, type OutboxEntry } from './outbox.ts';
import {
  IMPORT_COLUMNS,
  OUTBOX_COLUMNS,
  pgParams,
  RECORD_COLUMNS_PROTECTED,
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
 *
 * Since #16 every record is stored protected (README, "Erasure"): under the subject's keyed pseudonym, with the
 * identifier, a subject actor's id and the evidence sealed under the subject's data key (SubjectKey, created with
 * the subject's first record). The projection and the outbox keep the identifier until the subject is erased.
 */
export interface LedgerWriter {
  /** One record: the hot path (a grant, a refusal, a withdrawal). CONFLICT when the subject was erased. */
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
  /**
   * Erases a subject in one transaction: appends its SYSTEM ERASE record (`content`), deletes its data key, deletes
   * its projection rows and its ConsentImport rows, takes its identifier out of its earlier outbox events and
   * deliveries (the pseudonym takes its place), and writes the erasure event (`event`), which alone still names it.
   * NOT_FOUND when the ledger holds nothing of the subject, CONFLICT when it was erased already.
   */
  erase(
    content: ConsentRecordContent,
    event: (r: ConsentRecord) => OutboxEntry,
  ): Promise<{ record: ConsentRecord; recordsShredded: number }>;
  /**
   * After an erasure, or after an erased identifier was scrubbed from a payload: SQLite's write-ahead log still holds
   * the pages as they were before (the dropped data key, the identifier in clear) until it is checkpointed and
   * truncated. This asks for a TRUNCATE checkpoint that never waits for a reader: tried at once and then every second
   * until no reader holds the log (readers of this file end with their statement). No effect on PostgreSQL.
   */
  forgetOldPages(): void;
  close(): Promise<void>;
}

/** What appendMany may write beside the records. */
export interface AppendManyOptions {
  /** The importId of each record (importConsents), in the order of the records. */
  importIds?: readonly string[];
  /**
   * Part of a bulk load (`pnpm assent import`): on SQLite the writer's connection keeps a page cache of
   * SQLITE_BULK_CACHE_KIB from then on, since a bulk load's index inserts land at random places (pseudonyms, record
   * ids) of indexes that soon outgrow SQLite's default cache of 2 MiB. No effect on PostgreSQL.
   */
  bulk?: boolean;
}

/** The SQLite writer's page cache (KiB) once a bulk load has begun (AppendManyOptions.bulk). */
const SQLITE_BULK_CACHE_KIB = 256 * 1024;

/** Opens the raw writer for the database. */
export function openLedgerWriter(db: Database, protection: SubjectProtection, onPoolError: OnPoolError): LedgerWriter {
  return db.kind === 'sqlite' ? sqliteWriter(db, protection) : postgresWriter(db.url, protection, onPoolError);
}

/** A chain's newest row, as appends continue from it (undefined: no chain yet). */
export type Head = { seq: number | bigint; hash: string } | undefined;
type Current = ({ occurredAt: string | Date; recordedAt: string | Date } & StateBefore) | undefined;
type KeyRow = { dataKey: string | null; erasedAt: string | Date | null } | undefined;

/** The answer to any write for an erased subject (README, "Erasure": an erased id is never written again). */
export function subjectErasedError(): AssentError {
  return new AssentError('CONFLICT', 'This subject was erased (eraseSubject): nothing more is recorded under its id.', {
    userMessage: 'This person was erased from the consent ledger; record their choices under a new id.',
  });
}

/** A stored row's values in RECORD_COLUMNS_PROTECTED's order, instants written as the dialect stores them. */
function storedValues(r: StoredRecord, instant: (d: Date) => string): unknown[] {
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
    r.evidence,
    instant(r.occurredAt),
    instant(r.recordedAt),
    r.hash,
    r.previousHash,
    r.locale,
    r.hashVersion,
    r.sealed,
    r.legacyHash,
  ];
}

/**
 * The protected row of a record and the record as callers see it. With a data key, the identifier, a subject
 * actor's id and the evidence are sealed; without one (a SYSTEM record) nothing is, and its evidence stays in clear.
 * (Exported for the benchmark seeder, which writes rows as this writer does.)
 */
export function chain(
  protection: SubjectProtection,
  content: ConsentRecordContent,
  pseudonym: string,
  dataKey: Buffer | null,
  head: Head,
): { stored: StoredRecord; record: ConsentRecord } {
  const previousHash = head?.hash ?? null;
  const seq = head ? Number(head.seq) + 1 : 0;
  const subjectActor = content.actorKind === 'SUBJECT';
  const stored: StoredRecord = {
    id: content.id,
    subjectId: pseudonym,
    seq,
    purposeKey: content.purposeKey,
    action: content.action,
    noticeVersionId: content.noticeVersionId,
    noticeVersion: content.noticeVersion,
    channel: content.channel,
    method: content.method,
    actorKind: content.actorKind,
    actorId: dataKey && subjectActor ? null : content.actorId,
    evidence: dataKey || content.evidence == null ? null : canonicalJson(content.evidence),
    occurredAt: content.occurredAt,
    recordedAt: content.recordedAt,
    locale: content.locale ?? null,
    hashVersion: HASH_FORMAT_PROTECTED,
    sealed: dataKey
      ? protection.seal(dataKey, content.id, {
          subjectId: content.subjectId,
          actorId: subjectActor ? content.actorId : null,
          evidence: content.evidence ?? null,
        })
      : null,
    legacyHash: null,
    previousHash,
    hash: '',
  };
  stored.hash = hashProtectedRecord(stored, previousHash);
  return { stored, record: { ...content, seq, previousHash, hash: stored.hash } };
}

/** What a batch of appends reads before it plans: data keys by pseudonym, chain heads by pseudonym, projection rows by {@link stateKey}. */
interface BatchLoad {
  keys: ReadonlyMap<string, NonNullable<KeyRow>>;
  heads: Map<string, Head>;
  states: Map<string, Current>;
}

/** A batch of appends planned in memory: the rows to write, in the order they are written. */
interface BatchPlan {
  records: ConsentRecord[];
  stored: StoredRecord[];
  /** Data keys made for subjects first seen in the batch: pseudonym, sealed key, createdAt. */
  newKeys: [string, string, Date][];
  /** The projection rows the batch moves, each at its last value (one upsert per key). */
  states: Map<string, ConsentRecord>;
  deltas: CountDeltas;
}

const stateKey = (subjectId: string, purposeKey: string) => `${subjectId}\u0000${purposeKey}`;

/**
 * Plans several appends at once, exactly as appending them one after another would (each record chained to the head
 * the previous one left, the projection moved by core's `supersedes` against the row the previous one left, the counts
 * moved alike), from what `load` read once for the whole batch. Each subject's data key is opened once per batch.
 */
function planBatch(
  protection: SubjectProtection,
  contents: readonly ConsentRecordContent[],
  pseudonyms: readonly string[],
  load: BatchLoad,
): BatchPlan {
  const plan: BatchPlan = { records: [], stored: [], newKeys: [], states: new Map(), deltas: new CountDeltas() };
  const opened = new Map<string, Buffer>();
  contents.forEach((content, i) => {
    const pseudonym = pseudonyms[i]!;
    let dataKey = opened.get(pseudonym);
    if (!dataKey) {
      const k = load.keys.get(pseudonym);
      if (k && (k.erasedAt != null || k.dataKey == null)) throw subjectErasedError();
      if (k) dataKey = protection.openDataKey(pseudonym, k.dataKey!);
      else {
        const fresh = protection.newDataKey(pseudonym);
        plan.newKeys.push([pseudonym, fresh.sealed, content.recordedAt]);
        dataKey = fresh.key;
      }
      opened.set(pseudonym, dataKey);
    }
    const { stored, record: r } = chain(protection, content, pseudonym, dataKey, load.heads.get(pseudonym));
    load.heads.set(pseudonym, { seq: stored.seq, hash: stored.hash });
    const sk = stateKey(r.subjectId, r.purposeKey);
    const cur = load.states.get(sk);
    const moved = supersedes(r, cur && { occurredAt: new Date(cur.occurredAt), recordedAt: new Date(cur.recordedAt) });
    plan.deltas.add(r, moved, cur);
    if (moved) {
      load.states.set(sk, r);
      plan.states.set(sk, r);
    }
    plan.stored.push(stored);
    plan.records.push(r);
  });
  return plan;
}

/** The values of a projection upsert (STATE_COLUMNS) for the record it rests on. */
const stateValues = (r: ConsentRecord, instant: (d: Date) => string): unknown[] => [
  r.subjectId,
  r.purposeKey,
  r.id,
  r.action,
  r.noticeVersion,
  instant(r.occurredAt),
  instant(r.recordedAt),
];

/** Splits rows into chunks that keep a multi-row statement under `maxParams` bound parameters. */
function* chunks<T>(rows: readonly T[], columns: number, maxParams: number): Generator<readonly T[]> {
  const size = Math.max(1, Math.floor(maxParams / columns));
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** `(?, ?), (?, ?)` (SQLite) for `rows` rows. */
function valuesList(rows: number, columns: number) {
  const row = `(${Array(columns).fill('?').join(', ')})`;
  return Array(rows).fill(row).join(', ');
}

/** The SQL both dialects share for erasure (parameters in order; `?` rewritten to `$n` for PostgreSQL). */
export const ERASE_SQL = {
  eraseKey: `UPDATE "SubjectKey" SET "dataKey" = NULL, "erasedAt" = ? WHERE "pseudonym" = ?`,
  statesOf: `SELECT "purposeKey", "action", "noticeVersion" FROM "ConsentState" WHERE "subjectId" = ?`,
  deleteStates: `DELETE FROM "ConsentState" WHERE "subjectId" = ?`,
  // By OutboxEvent_subjectId_idx (migration outbox_subject_index): without it, every outbox row was read.
  outboxOf: `SELECT "seq", "payload" FROM "OutboxEvent" WHERE "subjectId" = ?`,
  // Through the (webhookId, subjectId, outboxSeq) index, one range per webhook, instead of reading every delivery.
  deliveriesTo: `UPDATE "WebhookDelivery" SET "subjectId" = ? WHERE "webhookId" IN (SELECT "id" FROM "Webhook") AND "subjectId" = ?`,
  deleteImports: `DELETE FROM "ConsentImport" WHERE "recordId" IN (SELECT "id" FROM "ConsentRecord" WHERE "subjectId" = ?)`,
} as const;
const pgSql = (sql: string) => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};

/** The heads of the multi-row inserts appendMany writes with (VALUES lists follow). */
const KEY_INSERT = `INSERT INTO "SubjectKey" ("pseudonym", "dataKey", "createdAt")`;
const RECORD_INSERT = `INSERT INTO "ConsentRecord" (${RECORD_COLUMNS_PROTECTED})`;
const STATE_INSERT = `INSERT INTO "ConsentState" (${STATE_COLUMNS})`;
const IMPORT_INSERT = `INSERT INTO "ConsentImport" (${IMPORT_COLUMNS})`;
const OUTBOX_INSERT_HEAD = `INSERT INTO "OutboxEvent" (${OUTBOX_COLUMNS})`;
/** Bound parameters per multi-row statement (SQLite allows 32,766). */
const SQLITE_MAX_PARAMS = 16_000;
/**
 * PostgreSQL: `INSERT … SELECT` from one array parameter per column, in the columns' order, each cast to its column's
 * type. WITH ORDINALITY and ORDER BY keep the arrays' order, so outbox seqs follow the records' order.
 */
function pgUnnestInsert(head: string, types: readonly string[], tail = ''): string {
  const cols = types.map((_, i) => `c${i}`);
  return `${head} SELECT ${cols.join(', ')} FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) WITH ORDINALITY AS u(${cols.join(', ')}, n) ORDER BY n ${tail}`;
}
const TS = 'timestamp(3)';
/** Rows per batch insert statement on PostgreSQL. */
const PG_BATCH_STATEMENT_ROWS = 1_000;
/** appendMany's inserts on PostgreSQL (the column types of KEY_INSERT, RECORD_INSERT, … in their order). */
const PG_BATCH_INSERT = {
  keys: pgUnnestInsert(KEY_INSERT, ['text', 'text', TS]),
  records: pgUnnestInsert(RECORD_INSERT, [
    'text', // id
    'text', // subjectId
    'int', // seq
    'text', // purposeKey
    'text', // action
    'text', // noticeVersionId
    'int', // noticeVersion
    'text', // channel
    'text', // method
    'text', // actorKind
    'text', // actorId
    'text', // evidence
    TS, // occurredAt
    TS, // recordedAt
    'text', // hash
    'text', // previousHash
    'text', // locale
    'int', // hashVersion
    'text', // sealed
    'text', // legacyHash
  ]),
  states: pgUnnestInsert(STATE_INSERT, ['text', 'text', 'text', 'text', 'int', TS, TS], STATE_ON_CONFLICT),
  imports: pgUnnestInsert(IMPORT_INSERT, ['text', 'text']),
  outbox: pgUnnestInsert(OUTBOX_INSERT_HEAD, ['text', 'text', 'text', 'text', 'text', 'jsonb', TS]),
};
/** PostgreSQL: every subject's lock (the pseudonyms sorted), taken in array order. */
const LOCK_SUBJECTS = `SELECT count(pg_advisory_xact_lock(hashtextextended(p, 0))) FROM (SELECT p FROM unnest($1::text[]) WITH ORDINALITY AS u(p, i) ORDER BY i) AS s`;
const SELECT_KEYS = `SELECT "pseudonym", "dataKey", "erasedAt" FROM "SubjectKey" WHERE "pseudonym" = ANY($1::text[])`;
/** Each subject's chain head, by the (subjectId, seq) index. */
const SELECT_HEADS = `SELECT u.p, h."seq", h."hash" FROM unnest($1::text[]) AS u(p) CROSS JOIN LATERAL (SELECT "seq", "hash" FROM "ConsentRecord" WHERE "subjectId" = u.p ORDER BY "seq" DESC LIMIT 1) AS h`;
const SELECT_STATES = `SELECT s."subjectId", s."purposeKey", s."occurredAt", s."recordedAt", s."action", s."noticeVersion" FROM unnest($1::text[], $2::text[]) AS u(sid, pk) JOIN "ConsentState" AS s ON s."subjectId" = u.sid AND s."purposeKey" = u.pk`;

/** How often a TRUNCATE checkpoint a reader held off is tried again. */
const WAL_TRUNCATE_RETRY_MS = 1000;

function sqliteWriter(db: Database, protection: SubjectProtection): LedgerWriter {
  const conn = openSqliteWriter(db.url);
  let bulk = false;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  /** One TRUNCATE checkpoint that gives up at once (busy_timeout 0) instead of waiting for a reader; true when done. */
  const truncateWal = (): boolean => {
    conn.pragma('busy_timeout = 0');
    try {
      const [r] = conn.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      return r?.busy === 0;
    } catch {
      return false;
    } finally {
      conn.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    }
  };
  const forgetOldPages = (): void => {
    if (retry || closed) return;
    // Under the process's write lock, so no Prisma transaction of this process is open meanwhile.
    const attempt = () => {
      retry = undefined;
      if (closed) return;
      void db.writeLock
        .run(async () => truncateWal())
        .catch(() => false)
        .then((done) => {
          if (!done && !closed) retry = setTimeout(attempt, WAL_TRUNCATE_RETRY_MS).unref();
        });
    };
    attempt();
  };
  const head = conn.prepare(
    `SELECT "seq", "hash" FROM "ConsentRecord" WHERE "subjectId" = ? ORDER BY "seq" DESC LIMIT 1`,
  );
  const insertRecord = conn.prepare(
    `INSERT INTO "ConsentRecord" (${RECORD_COLUMNS_PROTECTED}) VALUES (${sqliteParams(20)})`,
  );
  const current = conn.prepare(
    `SELECT "occurredAt", "recordedAt", "action", "noticeVersion" FROM "ConsentState" WHERE "subjectId" = ? AND "purposeKey" = ?`,
  );
  const upsertDaily = DAILY_COUNT_UPSERTS.sqlite.map((sql) => conn.prepare(sql));
  const upsertStateCount = conn.prepare(STATE_COUNT_UPSERT.sqlite);
  const writeCounts = (deltas: CountDeltas) => {
    for (const row of deltas.dailyRows()) for (const upsert of upsertDaily) upsert.run(row);
    for (const row of deltas.stateRows()) upsertStateCount.run(row);
  };
  const upsertState = conn.prepare(
    `INSERT INTO "ConsentState" (${STATE_COLUMNS}) VALUES (${sqliteParams(7)}) ${STATE_ON_CONFLICT}`,
  );
  const insertOutbox = conn.prepare(OUTBOX_INSERT.sqlite);
  const selectKey = conn.prepare(`SELECT "dataKey", "erasedAt" FROM "SubjectKey" WHERE "pseudonym" = ?`);
  const insertKey = conn.prepare(`INSERT INTO "SubjectKey" ("pseudonym", "dataKey", "createdAt") VALUES (?, ?, ?)`);
  const eraseKey = conn.prepare(ERASE_SQL.eraseKey);
  const statesOf = conn.prepare(ERASE_SQL.statesOf);
  const deleteStates = conn.prepare(ERASE_SQL.deleteStates);
  const outboxOf = conn.prepare(ERASE_SQL.outboxOf);
  const scrubOutbox = conn.prepare(`UPDATE "OutboxEvent" SET "subjectId" = ?, "payload" = ? WHERE "seq" = ?`);
  const deliveriesTo = conn.prepare(ERASE_SQL.deliveriesTo);
  const deleteImports = conn.prepare(ERASE_SQL.deleteImports);

  // The subject's data key, made with its first record; an erased subject is refused.
  const dataKeyOf = (pseudonym: string, at: Date): Buffer => {
    const k = selectKey.get(pseudonym) as KeyRow;
    if (k && (k.erasedAt != null || k.dataKey == null)) throw subjectErasedError();
    if (k) return protection.openDataKey(pseudonym, k.dataKey!);
    const fresh = protection.newDataKey(pseudonym);
    insertKey.run(pseudonym, fresh.sealed, sqliteDate(at));
    return fresh.key;
  };

  // Inside a transaction: the head read sees the records appended before it in the same transaction.
  const appendOne = (
    content: ConsentRecordContent,
    event: (r: ConsentRecord) => OutboxEntry,
    deltas: CountDeltas,
  ): ConsentRecord => {
    const pseudonym = protection.pseudonym(content.subjectId);
    const dataKey = dataKeyOf(pseudonym, content.recordedAt);
    const { stored, record: r } = chain(protection, content, pseudonym, dataKey, head.get(pseudonym) as Head);
    insertRecord.run(storedValues(stored, sqliteDate));
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
  // Multi-row statements, prepared once per row count (a batch's chunks repeat the same few counts).
  const multi = new Map<string, Sqlite.Statement>();
  const insertRows = (head: string, tail: string, columns: number, rows: readonly unknown[][]) => {
    for (const part of chunks(rows, columns, SQLITE_MAX_PARAMS)) {
      const key = `${head}\u0000${part.length}`;
      let st = multi.get(key);
      if (!st) {
        st = conn.prepare(`${head} VALUES ${valuesList(part.length, columns)} ${tail}`);
        if (multi.size > 64) multi.clear();
        multi.set(key, st);
      }
      st.run(part.flat());
    }
  };
  const appendAllNow = conn.transaction(
    (
      contents: readonly ConsentRecordContent[],
      event: (r: ConsentRecord) => OutboxEntry,
      importIds?: readonly string[],
    ) => {
      // Read once what the batch appends to (each subject's key and head, each projection row), plan every append in
      // memory, then write each table with multi-row statements.
      const pseudonyms = contents.map((c) => protection.pseudonym(c.subjectId));
      const load: BatchLoad = { keys: new Map(), heads: new Map(), states: new Map() };
      for (const p of new Set(pseudonyms)) {
        const k = selectKey.get(p) as KeyRow;
        if (k) (load.keys as Map<string, NonNullable<KeyRow>>).set(p, k);
        load.heads.set(p, head.get(p) as Head);
      }
      for (const c of contents) {
        const sk = stateKey(c.subjectId, c.purposeKey);
        if (!load.states.has(sk)) load.states.set(sk, current.get(c.subjectId, c.purposeKey) as Current);
      }
      const plan = planBatch(protection, contents, pseudonyms, load);
      insertRows(
        KEY_INSERT,
        '',
        3,
        plan.newKeys.map(([p, sealed, at]) => [p, sealed, sqliteDate(at)]),
      );
      insertRows(
        RECORD_INSERT,
        '',
        20,
        plan.stored.map((r) => storedValues(r, sqliteDate)),
      );
      insertRows(
        STATE_INSERT,
        STATE_ON_CONFLICT,
        7,
        [...plan.states.values()].map((r) => stateValues(r, sqliteDate)),
      );
      if (importIds)
        insertRows(
          IMPORT_INSERT,
          '',
          2,
          plan.records.map((r, i) => [importIds[i], r.id]),
        );
      writeCounts(plan.deltas);
      const createdAt = sqliteDate(new Date());
      insertRows(
        OUTBOX_INSERT_HEAD,
        '',
        7,
        plan.records.map((r) => outboxInsertValues(event(r), createdAt)),
      );
      return plan.records;
    },
  );
  const eraseNow = conn.transaction((content: ConsentRecordContent, event: (r: ConsentRecord) => OutboxEntry) => {
    const pseudonym = protection.pseudonym(content.subjectId);
    const k = selectKey.get(pseudonym) as KeyRow;
    if (!k) throw unknownSubjectError();
    if (k.erasedAt != null || k.dataKey == null) throw alreadyErasedError();
    const h = head.get(pseudonym) as Head;
    const { stored, record } = chain(protection, content, pseudonym, null, h);
    insertRecord.run(storedValues(stored, sqliteDate));
    eraseKey.run(sqliteDate(content.recordedAt), pseudonym);
    const deltas = new CountDeltas();
    deltas.add(record, false, undefined);
    deltas.removed(statesOf.all(content.subjectId) as ({ purposeKey: string } & StateBefore)[]);
    deleteStates.run(content.subjectId);
    writeCounts(deltas);
    for (const o of outboxOf.all(content.subjectId) as { seq: number; payload: string }[])
      scrubOutbox.run(pseudonym, JSON.stringify(scrubEventPayload(JSON.parse(o.payload) as object)), o.seq);
    deliveriesTo.run(pseudonym, content.subjectId);
    deleteImports.run(pseudonym);
    insertOutbox.run(outboxInsertValues({ ...event(record), subjectId: pseudonym }, sqliteDate(new Date())));
    return { record, recordsShredded: h ? Number(h.seq) + 1 : 0 };
  });
  return {
    // The write lock keeps it out of any Prisma transaction of this process that is still open.
    append: (content, event) => db.writeLock.run(() => appendNow.immediate(content, event)),
    appendIfCurrent: (content, expected, event) =>
      db.writeLock.run(() => appendIfNow.immediate(content, expected, event)),
    appendMany: (contents, event, opts) => {
      if (opts?.bulk && !bulk) {
        conn.pragma(`cache_size = -${SQLITE_BULK_CACHE_KIB}`);
        bulk = true;
      }
      return db.writeLock.run(() => appendAllNow.immediate(contents, event, opts?.importIds));
    },
    erase: async (content, event) => {
      const erased = await db.writeLock.run(() => eraseNow.immediate(content, event));
      forgetOldPages();
      return erased;
    },
    forgetOldPages,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      conn.close();
    },
  };
}

function unknownSubjectError(): AssentError {
  return new AssentError('NOT_FOUND', 'The ledger holds no record of this subject.', {
    userMessage: 'No consent records exist for this person, so there is nothing to erase.',
  });
}
function alreadyErasedError(): AssentError {
  return new AssentError('CONFLICT', 'This subject was erased already.', {
    userMessage: 'This person was erased already.',
  });
}

function postgresWriter(url: string, protection: SubjectProtection, onPoolError: OnPoolError): LedgerWriter {
  const pool = rawPool(url, 10, onPoolError);
  const insertRecord = `INSERT INTO "ConsentRecord" (${RECORD_COLUMNS_PROTECTED}) VALUES (${pgParams(20)})`;
  const upsertState = `INSERT INTO "ConsentState" (${STATE_COLUMNS}) VALUES (${pgParams(7)}) ${STATE_ON_CONFLICT}`;
  const headOf = async (q: TxQuery, pseudonym: string) =>
    (
      await q(
        'assent-head',
        `SELECT "seq", "hash" FROM "ConsentRecord" WHERE "subjectId" = $1 ORDER BY "seq" DESC LIMIT 1`,
        [pseudonym],
      )
    ).rows[0] as Head;
  const keyOf = async (q: TxQuery, pseudonym: string) =>
    (
      await q('assent-subject-key', `SELECT "dataKey", "erasedAt" FROM "SubjectKey" WHERE "pseudonym" = $1`, [
        pseudonym,
      ])
    ).rows[0] as KeyRow;

  // Writes for one subject queue here (keyed by pseudonym, as the chain is), so the chain never forks.
  const lockSubject = (q: TxQuery, pseudonym: string) =>
    q('assent-lock-subject', 'SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS l', [pseudonym]);
  // Under the subject's lock: its data key, made with its first record; an erased subject is refused.
  const dataKeyOf = async (q: TxQuery, pseudonym: string, at: Date): Promise<Buffer> => {
    const k = await keyOf(q, pseudonym);
    if (k && (k.erasedAt != null || k.dataKey == null)) throw subjectErasedError();
    if (k) return protection.openDataKey(pseudonym, k.dataKey!);
    const fresh = protection.newDataKey(pseudonym);
    await q(
      'assent-insert-subject-key',
      `INSERT INTO "SubjectKey" ("pseudonym", "dataKey", "createdAt") VALUES ($1, $2, $3)`,
      [pseudonym, fresh.sealed, at.toISOString()],
    );
    return fresh.key;
  };
  // The record and the projection; the outbox row is written by the caller once every record is in.
  const appendRecord = async (
    q: TxQuery,
    content: ConsentRecordContent,
    deltas: CountDeltas,
  ): Promise<ConsentRecord> => {
    const pseudonym = protection.pseudonym(content.subjectId);
    const dataKey = await dataKeyOf(q, pseudonym, content.recordedAt);
    const { stored, record: r } = chain(protection, content, pseudonym, dataKey, await headOf(q, pseudonym));
    await q(
      'assent-insert-record',
      insertRecord,
      storedValues(stored, (d) => d.toISOString()),
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
  const upsertDailyCounts = async (q: TxQuery, deltas: CountDeltas) => {
    for (const row of deltas.dailyRows())
      for (const [i, sql] of DAILY_COUNT_UPSERTS.postgres.entries())
        await q(`assent-upsert-daily-count-${i}`, sql, row);
  };
  // Taken last and held to commit: outbox seq order is commit order (see outbox.ts). The count rows are moved under
  // the same lock, in key order: many writers share a day's rows, and they then queue where they queue anyway.
  const writeOutbox = async (q: TxQuery, entries: readonly OutboxEntry[], deltas: CountDeltas) => {
    await q('assent-lock-outbox', OUTBOX_INSERT.lockOrder, []);
    await upsertDailyCounts(q, deltas);
    for (const row of deltas.stateRows()) await q('assent-upsert-state-count', STATE_COUNT_UPSERT.postgres, row);
    const createdAt = new Date().toISOString();
    for (const e of entries) await q('assent-insert-outbox', OUTBOX_INSERT.postgres, outboxInsertValues(e, createdAt));
  };
  return {
    append: (content, event) =>
      pgTransaction(pool, async (q) => {
        await lockSubject(q, protection.pseudonym(content.subjectId));
        const deltas = new CountDeltas();
        const r = await appendRecord(q, content, deltas);
        await writeOutbox(q, [event(r)], deltas);
        return r;
      }),
    appendIfCurrent: (content, expected, event) =>
      pgTransaction(pool, async (q) => {
        // After the subject's lock no other write of this subject can commit before this one, and a statement
        // in READ COMMITTED sees every commit made before it: the projection read here is the one appended to.
        await lockSubject(q, protection.pseudonym(content.subjectId));
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
        // A batch costs a fixed number of round trips, not several per record: every subject's lock in one statement
        // (in one order, so two calls over the same subjects cannot deadlock), what the batch appends to read in three
        // (keys, heads, projection rows), every append planned in memory, each table written with multi-row statements.
        const pseudonyms = contents.map((c) => protection.pseudonym(c.subjectId));
        const subjects = [...new Set(pseudonyms)].sort();
        await q('assent-lock-subjects', LOCK_SUBJECTS, [subjects]);
        const load: BatchLoad = { keys: new Map(), heads: new Map(), states: new Map() };
        for (const k of (await q('assent-subject-keys', SELECT_KEYS, [subjects])).rows as (KeyRow & {
          pseudonym: string;
        })[])
          (load.keys as Map<string, NonNullable<KeyRow>>).set(k!.pseudonym, k!);
        for (const h of (await q('assent-heads', SELECT_HEADS, [subjects])).rows as {
          p: string;
          seq: number;
          hash: string;
        }[])
          load.heads.set(h.p, { seq: h.seq, hash: h.hash });
        const pairs = [...new Map(contents.map((c) => [stateKey(c.subjectId, c.purposeKey), c])).values()];
        const states = await q('assent-currents', SELECT_STATES, [
          pairs.map((c) => c.subjectId),
          pairs.map((c) => c.purposeKey),
        ]);
        for (const st of states.rows as (NonNullable<Current> & { subjectId: string; purposeKey: string })[])
          load.states.set(stateKey(st.subjectId, st.purposeKey), st);
        const plan = planBatch(protection, contents, pseudonyms, load);
        const iso = (d: Date) => d.toISOString();
        // Each table's rows in one statement of one array per column (unnest): a fixed text, prepared once per
        // connection, where a VALUES list of a parameter per cell was parsed and planned again for every chunk, and
        // cost the database and the driver about twice as much per row (BENCHMARKS.md, "Import on PostgreSQL").
        // In statements of PG_BATCH_STATEMENT_ROWS rows: each array is sent as one string, and a call's sealed evidence
        // (up to 16 KB a record) in one would pass the longest string Node can make.
        const insertRows = async (name: string, sql: string, rows: readonly unknown[][]) => {
          for (let at = 0; at < rows.length; at += PG_BATCH_STATEMENT_ROWS) {
            const part = rows.slice(at, at + PG_BATCH_STATEMENT_ROWS);
            const columns = part[0]!.length;
            const arrays: unknown[][] = Array.from({ length: columns }, () => new Array<unknown>(part.length));
            part.forEach((row, r) => {
              for (let c = 0; c < columns; c++) arrays[c]![r] = row[c];
            });
            await q(name, sql, arrays);
          }
        };
        await insertRows(
          'assent-batch-keys',
          PG_BATCH_INSERT.keys,
          plan.newKeys.map(([p, sealed, at]) => [p, sealed, iso(at)]),
        );
        await insertRows(
          'assent-batch-records',
          PG_BATCH_INSERT.records,
          plan.stored.map((r) => storedValues(r, iso)),
        );
        await insertRows(
          'assent-batch-states',
          PG_BATCH_INSERT.states,
          [...plan.states.values()].map((r) => stateValues(r, iso)),
        );
        if (opts?.importIds) {
          const ids = opts.importIds;
          await insertRows(
            'assent-batch-imports',
            PG_BATCH_INSERT.imports,
            plan.records.map((r, i) => [ids[i], r.id]),
          );
        }
        await q('assent-lock-outbox', OUTBOX_INSERT.lockOrder, []);
        await upsertDailyCounts(q, plan.deltas);
        for (const row of plan.deltas.stateRows())
          await q('assent-upsert-state-count', STATE_COUNT_UPSERT.postgres, row);
        const createdAt = new Date().toISOString();
        await insertRows(
          'assent-batch-outbox',
          PG_BATCH_INSERT.outbox,
          plan.records.map((r) => outboxInsertValues(event(r), createdAt)),
        );
        return plan.records;
      }),
    erase: (content, event) =>
      pgTransaction(pool, async (q) => {
        const pseudonym = protection.pseudonym(content.subjectId);
        await lockSubject(q, pseudonym);
        const k = await keyOf(q, pseudonym);
        if (!k) throw unknownSubjectError();
        if (k.erasedAt != null || k.dataKey == null) throw alreadyErasedError();
        const h = await headOf(q, pseudonym);
        const { stored, record } = chain(protection, content, pseudonym, null, h);
        await q(
          'assent-insert-record',
          insertRecord,
          storedValues(stored, (d) => d.toISOString()),
        );
        await q('assent-erase-key', pgSql(ERASE_SQL.eraseKey), [content.recordedAt.toISOString(), pseudonym]);
        const deltas = new CountDeltas();
        deltas.add(record, false, undefined);
        deltas.removed(
          (await q('assent-erase-states-of', pgSql(ERASE_SQL.statesOf), [content.subjectId])).rows as ({
            purposeKey: string;
          } & StateBefore)[],
        );
        await q('assent-erase-states', pgSql(ERASE_SQL.deleteStates), [content.subjectId]);
        const earlier = (await q('assent-erase-outbox-of', pgSql(ERASE_SQL.outboxOf), [content.subjectId])).rows as {
          seq: number;
          payload: object;
        }[];
        for (const o of earlier)
          await q(
            'assent-erase-scrub-outbox',
            `UPDATE "OutboxEvent" SET "subjectId" = $1, "payload" = $2::jsonb WHERE "seq" = $3`,
            [pseudonym, JSON.stringify(scrubEventPayload(o.payload)), o.seq],
          );
        await q('assent-erase-deliveries', pgSql(ERASE_SQL.deliveriesTo), [pseudonym, content.subjectId]);
        await q('assent-erase-imports', pgSql(ERASE_SQL.deleteImports), [pseudonym]);
        await writeOutbox(q, [{ ...event(record), subjectId: pseudonym }], deltas);
        return { record, recordsShredded: h ? Number(h.seq) + 1 : 0 };
      }),
    // PostgreSQL's WAL and free space are its own (README, "Erasure": VACUUM).
    forgetOldPages: () => {},
    async close() {
      await pool.end();
    },
  };
}
