import { Worker } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';
import DataLoader from 'dataloader';
import { consentKey, type ConsentAction, type OverviewRangeParts } from '@assent/core';
import { sqlitePath } from '../env.ts';
import type { DbKind } from './client.ts';
import { pgTransaction, pgUtc, rawPool, sqliteDate, type OnPoolError } from './raw.ts';
import { STATE_COLUMNS } from './tables.ts';
import {
  pagesJsonWriter,
  sqlitePageSql,
  type SnapshotPageText,
  type SnapshotRow,
  type SnapshotRowShape,
} from './snapshot-text.ts';

/** A projection row as the hot path reads it. */
export interface StateRow {
  subjectId: string;
  purposeKey: string;
  recordId: string;
  action: ConsentAction;
  noticeVersion: number;
  occurredAt: Date;
  recordedAt: Date;
}
/** An API key row as authentication reads it. */
export interface KeyRow {
  id: string;
  role: string;
  secretHash: string;
  revokedAt: Date | null;
}

/**
 * The hot read paths (a decision's projection lookup, decideMany's batch, API-key authentication) as
 * prepared statements on the raw drivers. Prisma stays the writer and the general reader; here a
 * decision costs one prepared primary-key read. On SQLite the reader is its own read-only connection,
 * so (in WAL mode) it never sees a transaction that has not committed.
 */
export interface HotReads {
  findState(subjectId: string, purposeKey: string): Promise<StateRow | null>;
  /** The rows for many pairs in one query, in the order asked: null where a pair has none. */
  findStates(pairs: readonly { subjectId: string; purposeKey: string }[]): Promise<(StateRow | null)[]>;
  findApiKey(secretHash: string): Promise<KeyRow | null>;
  /**
   * One page of the projection for some purposes, in (subjectId, purposeKey) order after a key: one
   * range read on the primary key (keyset, never OFFSET). Rows are arrays in SNAPSHOT_COLUMNS' order
   * with occurredAt as ISO-8601 UTC text, so a million rows cost no Date each.
   */
  snapshotPage(
    purposeKeys: readonly string[],
    after: { subjectId: string; purposeKey: string } | null,
    limit: number,
  ): Promise<SnapshotRow[]>;
  /**
   * The same page written by the database as the rows' JSON text in a given shape (http/snapshot-fast-path.ts), so
   * that serving a page makes no JS value per row: one string a page. The row expression is built from the shape
   * (snapshot-text.ts) and its statement kept for the next page.
   */
  snapshotPageText(
    purposeKeys: readonly string[],
    after: { subjectId: string; purposeKey: string } | null,
    limit: number,
    shape: SnapshotRowShape,
  ): Promise<SnapshotPageText>;
  /**
   * Committed outbox rows after a seq, oldest first: what the dispatcher's sinks and the subscription
   * tail read on every wake-up (through Prisma each read cost many times a prepared one; BENCHMARKS.md, scenario 2c).
   */
  outboxAfter(seq: number, limit: number): Promise<RawOutboxRow[]>;
  /** The same rows without their payload: what routing to webhooks needs. */
  outboxRoutesAfter(seq: number, limit: number): Promise<Omit<RawOutboxRow, 'payload' | 'recordId'>[]>;
  /** A sink's cursor (0 before it has one). */
  sinkCursor(name: string): Promise<number>;
  /** Every webhook's routing: id, filters (JSON text) and the outbox seq it starts after. */
  webhookRoutes(): Promise<WebhookRoute[]>;
  /**
   * Scheduled deliveries due at `now` to ACTIVE webhooks, with URL, secrets (current, and previous after a rotation) and
   * the event's payload; oldest due first. Deliveries to the webhooks in `exceptWebhooks` are left out (the dispatcher's
   * fair share: a webhook that holds its share of attempts in flight does not crowd the others out of the batch).
   */
  dueDeliveries(now: Date, limit: number, exceptWebhooks?: readonly string[]): Promise<RawDueDelivery[]>;
  /**
   * A fingerprint of the catalog that changes with every change the catalog allows (a purpose created
   * or retired, a notice version published; both are otherwise immutable): what the catalog cache polls
   * instead of reloading every purpose and notice through Prisma each second.
   */
  catalogStamp(): Promise<string>;
  /**
   * The overview's counts of the days from..to (YYYY-MM-DD, both included), summed four ways (per day, notice version,
   * channel and language, each with purpose and action), on the raw driver: the series from ConsentSeriesCount, the
   * three breakdowns from ConsentMonthlyCount over the range's whole months and ConsentDailyCount over its other days
   * (`parts`, splitOverviewRange), so a year reads about a dozen months' rows and not every day's.
   */
  sumOverviewCounts(from: string, to: string, parts: OverviewRangeParts): Promise<DailySumRow[]>;
  /**
   * Reads the whole projection once, so that its pages sit in the operating system's page cache (and
   * on PostgreSQL its primary-key index too) before decisions need them: at 10M records, reads from a
   * cold cache were an order of magnitude slower than after the scan (BENCHMARKS.md, Findings, "Cold page
   * cache"). Off the event loop (a worker thread on SQLite, a query on PostgreSQL). Returns the rows read.
   */
  warmProjection(): Promise<number>;
  close(): Promise<void>;
}

/** One sum of the overview: the way it is summed, the day / version / channel / locale, purpose, action, count. */
export type DailySumRow = [
  dimension: 'day' | 'noticeVersion' | 'channel' | 'locale',
  value: string,
  purposeKey: string,
  action: string,
  count: number,
];

/**
 * Things made from a text (a snapshot page's statement from its SQL, a page writer from its shape's JSON), at most 16,
 * the oldest forgotten first.
 */
class StatementCache<T> {
  private readonly made = new Map<string, T>();
  constructor(private readonly make: (text: string) => T) {}
  get(text: string): T {
    let st = this.made.get(text);
    if (st === undefined) {
      if (this.made.size >= 16) this.made.delete(this.made.keys().next().value!);
      this.made.set(text, (st = this.make(text)));
    }
    return st;
  }
}

/** The projection's columns a snapshot page reads, in SnapshotRow's order. */
const SNAPSHOT_COLUMNS = `"subjectId", "purposeKey", "recordId", "action", "noticeVersion", "occurredAt"`;

export interface WebhookRoute {
  id: string;
  purposeKeys: string;
  eventTypes: string;
  afterSeq: number;
}
export interface RawDueDelivery {
  id: string;
  webhookId: string;
  outboxSeq: number;
  eventId: string;
  subjectId: string | null;
  attempts: number;
  replay: boolean;
  url: string;
  secret: string;
  /** The secret a rotation replaced, signing until previousSecretExpiresAt; null when there is none. */
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  payload: unknown;
}
const WEBHOOK_ROUTES = `SELECT "id", "purposeKeys", "eventTypes", "afterSeq" FROM "Webhook"`;
const CATALOG_STAMP = `SELECT (SELECT count(*) FROM "Purpose") AS "purposes", (SELECT count("retiredAt") FROM "Purpose") AS "retired", (SELECT COALESCE(MAX("version"), 0) FROM "NoticeVersion") AS "notices"`;
type RawStamp = { purposes: number | string; retired: number | string; notices: number | string };
const stampOf = (r: RawStamp) => `${r.purposes}/${r.retired}/${r.notices}`;

/** An outbox row as the raw readers return it (payload parsed). */
export interface RawOutboxRow {
  seq: number;
  eventId: string;
  type: string;
  subjectId: string | null;
  purposeKey: string | null;
  recordId: string | null;
  payload: unknown;
}

/** What the overview's breakdowns read of a monthly or daily count row, in this order. */
const BREAKDOWN_COLUMNS = `"purposeKey", "action", "noticeVersion", "channel", "locale", "count"`;
/** Bounds of a range that holds nothing (no day or month sorts between them): for a part of a range that is absent. */
const NO_RANGE = ['1', '0'] as const;

/** The statements with parameters, written out once per dialect (SQLite: `?` in order; PostgreSQL: `$n`). */
const SQLITE = {
  findState: `SELECT ${STATE_COLUMNS} FROM "ConsentState" WHERE "subjectId" = ? AND "purposeKey" = ?`,
  findApiKey: `SELECT "id", "role", "secretHash", "revokedAt" FROM "ApiKey" WHERE "secretHash" = ?`,
  outboxAfter: `SELECT "seq", "eventId", "type", "subjectId", "purposeKey", "recordId", "payload" FROM "OutboxEvent" WHERE "seq" > ? ORDER BY "seq" LIMIT ?`,
  outboxRoutesAfter: `SELECT "seq", "eventId", "type", "subjectId", "purposeKey" FROM "OutboxEvent" WHERE "seq" > ? ORDER BY "seq" LIMIT ?`,
  sinkCursor: `SELECT "seq" FROM "SinkCursor" WHERE "name" = ?`,
  seriesCounts: `SELECT "day", "purposeKey", "action", "count" FROM "ConsentSeriesCount" WHERE "day" >= ? AND "day" <= ?`,
  monthlyCounts: `SELECT ${BREAKDOWN_COLUMNS} FROM "ConsentMonthlyCount" WHERE "month" >= ? AND "month" <= ?`,
  dailyCounts: `SELECT ${BREAKDOWN_COLUMNS} FROM "ConsentDailyCount" WHERE "day" >= ? AND "day" <= ?`,
  dueDeliveries: `SELECT d."id", d."webhookId", d."outboxSeq", d."eventId", d."subjectId", d."attempts", d."replay", w."url", w."secret", w."previousSecret", w."previousSecretExpiresAt", o."payload"
  FROM "WebhookDelivery" d JOIN "Webhook" w ON w."id" = d."webhookId" JOIN "OutboxEvent" o ON o."seq" = d."outboxSeq"
  WHERE d."status" IN ('PENDING', 'FAILED') AND d."nextAttemptAt" <= ? AND w."status" = 'ACTIVE'
  ORDER BY d."nextAttemptAt", d."outboxSeq" LIMIT ?`,
  dueDeliveriesExcept: `SELECT d."id", d."webhookId", d."outboxSeq", d."eventId", d."subjectId", d."attempts", d."replay", w."url", w."secret", w."previousSecret", w."previousSecretExpiresAt", o."payload"
  FROM "WebhookDelivery" d JOIN "Webhook" w ON w."id" = d."webhookId" JOIN "OutboxEvent" o ON o."seq" = d."outboxSeq"
  WHERE d."status" IN ('PENDING', 'FAILED') AND d."nextAttemptAt" <= ? AND w."status" = 'ACTIVE' AND d."webhookId" NOT IN (SELECT value FROM json_each(?))
  ORDER BY d."nextAttemptAt", d."outboxSeq" LIMIT ?`,
} as const;

const POSTGRES = {
  findState: `SELECT ${STATE_COLUMNS} FROM "ConsentState" WHERE "subjectId" = $1 AND "purposeKey" = $2`,
  findApiKey: `SELECT "id", "role", "secretHash", "revokedAt" FROM "ApiKey" WHERE "secretHash" = $1`,
  outboxAfter: `SELECT "seq", "eventId", "type", "subjectId", "purposeKey", "recordId", "payload" FROM "OutboxEvent" WHERE "seq" > $1 ORDER BY "seq" LIMIT $2`,
  outboxRoutesAfter: `SELECT "seq", "eventId", "type", "subjectId", "purposeKey" FROM "OutboxEvent" WHERE "seq" > $1 ORDER BY "seq" LIMIT $2`,
  sinkCursor: `SELECT "seq" FROM "SinkCursor" WHERE "name" = $1`,
  // The breakdowns' rows (whole months, then the days before and after them) read once into a CTE that the three
  // GROUP BYs share (PostgreSQL materializes a CTE read more than once); the series rows are already summed.
  sumOverviewCounts: `WITH "r" AS (SELECT ${BREAKDOWN_COLUMNS} FROM "ConsentMonthlyCount" WHERE "month" >= $3 AND "month" <= $4
  UNION ALL SELECT ${BREAKDOWN_COLUMNS} FROM "ConsentDailyCount" WHERE "day" >= $5 AND "day" <= $6
  UNION ALL SELECT ${BREAKDOWN_COLUMNS} FROM "ConsentDailyCount" WHERE "day" >= $7 AND "day" <= $8)
SELECT 'day', "day", "purposeKey", "action", "count"::int8 FROM "ConsentSeriesCount" WHERE "day" >= $1 AND "day" <= $2
${(['noticeVersion', 'channel', 'locale'] as const)
  .map(
    (d) =>
      `UNION ALL SELECT '${d}', ${d === 'noticeVersion' ? 'CAST("noticeVersion" AS TEXT)' : `"${d}"`}, "purposeKey", "action", SUM("count")::int8 FROM "r" GROUP BY "${d}", "purposeKey", "action"`,
  )
  .join('\n')}`,
  dueDeliveries: `SELECT d."id", d."webhookId", d."outboxSeq", d."eventId", d."subjectId", d."attempts", d."replay", w."url", w."secret", w."previousSecret", w."previousSecretExpiresAt", o."payload"
  FROM "WebhookDelivery" d JOIN "Webhook" w ON w."id" = d."webhookId" JOIN "OutboxEvent" o ON o."seq" = d."outboxSeq"
  WHERE d."status" IN ('PENDING', 'FAILED') AND d."nextAttemptAt" <= $1 AND w."status" = 'ACTIVE'
  ORDER BY d."nextAttemptAt", d."outboxSeq" LIMIT $2`,
  dueDeliveriesExcept: `SELECT d."id", d."webhookId", d."outboxSeq", d."eventId", d."subjectId", d."attempts", d."replay", w."url", w."secret", w."previousSecret", w."previousSecretExpiresAt", o."payload"
  FROM "WebhookDelivery" d JOIN "Webhook" w ON w."id" = d."webhookId" JOIN "OutboxEvent" o ON o."seq" = d."outboxSeq"
  WHERE d."status" IN ('PENDING', 'FAILED') AND d."nextAttemptAt" <= $1 AND w."status" = 'ACTIVE' AND d."webhookId" <> ALL($3::text[])
  ORDER BY d."nextAttemptAt", d."outboxSeq" LIMIT $2`,
} as const;

/** The same columns of the projection aliased `s`, for the batch reads that join it. */
const S_STATE_COLUMNS = STATE_COLUMNS.split(', ')
  .map((c) => `s.${c}`)
  .join(', ');

/** Opens the hot readers for a database URL. */
export function openHotReads(kind: DbKind, url: string, onPoolError: OnPoolError): HotReads {
  return kind === 'sqlite' ? sqliteReads(url) : postgresReads(url, onPoolError);
}

type RawState = {
  subjectId: string;
  purposeKey: string;
  recordId: string;
  action: string;
  noticeVersion: number | bigint;
  occurredAt: string | Date;
  recordedAt: string | Date;
};
const toRow = (r: RawState): StateRow => ({
  subjectId: r.subjectId,
  purposeKey: r.purposeKey,
  recordId: r.recordId,
  action: r.action as ConsentAction,
  noticeVersion: Number(r.noticeVersion),
  occurredAt: new Date(r.occurredAt),
  recordedAt: new Date(r.recordedAt),
});

/**
 * A SQLite projection row read as an array (better-sqlite3's raw mode, STATE_COLUMNS' order). Its two
 * instants stay ISO text until read: a decision on the current projection needs the action, notice
 * version and record id only, and parsing both dates of every row was a large part of a 1,000-pair batch read.
 */
class SqliteStateRow implements StateRow {
  readonly subjectId: string;
  readonly purposeKey: string;
  readonly recordId: string;
  readonly action: ConsentAction;
  readonly noticeVersion: number;
  #occurredAt: string | Date;
  #recordedAt: string | Date;
  /** `r` holds STATE_COLUMNS from index `at` on. */
  constructor(r: unknown[], at = 0) {
    this.subjectId = r[at] as string;
    this.purposeKey = r[at + 1] as string;
    this.recordId = r[at + 2] as string;
    this.action = r[at + 3] as ConsentAction;
    this.noticeVersion = Number(r[at + 4]);
    this.#occurredAt = r[at + 5] as string;
    this.#recordedAt = r[at + 6] as string;
  }
  get occurredAt(): Date {
    return typeof this.#occurredAt === 'string' ? (this.#occurredAt = new Date(this.#occurredAt)) : this.#occurredAt;
  }
  get recordedAt(): Date {
    return typeof this.#recordedAt === 'string' ? (this.#recordedAt = new Date(this.#recordedAt)) : this.#recordedAt;
  }
  toJSON(): StateRow {
    return {
      subjectId: this.subjectId,
      purposeKey: this.purposeKey,
      recordId: this.recordId,
      action: this.action,
      noticeVersion: this.noticeVersion,
      occurredAt: this.occurredAt,
      recordedAt: this.recordedAt,
    };
  }
}

/** See HotReads.warmProjection: a worker thread scans the table with its own connection. */
function warmSqliteProjection(file: string): Promise<number> {
  if (file === ':memory:') return Promise.resolve(0);
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./projection-warmer.mjs', import.meta.url), { workerData: { file } });
    w.once('message', (m: { rows?: number; error?: string }) =>
      m.error === undefined ? resolve(m.rows ?? 0) : reject(new Error(m.error)),
    );
    w.once('error', reject);
    w.once('exit', () => reject(new Error('the projection warmer ended without an answer')));
  });
}

/** Prisma's SQLite text of an instant ('…+00:00', see raw.ts sqliteDate) as ISO-8601 with Z, without a Date when it has that form. */
const sqliteIso = (s: string) =>
  s.length === 29 && s.endsWith('+00:00') ? `${s.slice(0, 23)}Z` : new Date(s).toISOString();

function sqliteReads(url: string): HotReads {
  // SQLite's own page cache size (the default), on purpose: in WAL mode a connection clears its whole
  // cache whenever another connection has committed, so under writes a large (warmed) cache is
  // emptied after every write and emptying it cost more than the reads it saved (BENCHMARKS.md, Findings,
  // "Scale (5) and in-process p99 (2b) on SQLite: the page cache").
  const db = new Sqlite(sqlitePath(url), { readonly: true, fileMustExist: true, timeout: 5000 });
  const one = db.prepare(SQLITE.findState).raw(true);
  // One statement for any batch: the pairs travel as a JSON array that drives a nested loop of
  // primary-key lookups (CROSS JOIN keeps json_each outside). An IN (subquery) instead materialized
  // and sorted the pairs first: 1.6-2x slower for 1,000 pairs. j.key is the pair's index in the array.
  const many = db
    .prepare(
      `SELECT j.key, ${S_STATE_COLUMNS} FROM json_each(?) AS j CROSS JOIN "ConsentState" AS s ON s."subjectId" = j.value ->> 0 AND s."purposeKey" = j.value ->> 1`,
    )
    .raw(true);
  const key = db.prepare(SQLITE.findApiKey);
  // The purposes travel as a JSON array. The primary key's range is the access path (the table is
  // WITHOUT ROWID: rows sit in key order) and the purposes only filter it: the unary + keeps the planner
  // off the purpose index, which it would otherwise pick and then sort the purpose's every row per page.
  // The page leaves SQLite as one JSON array of row arrays, which JSON.parse turns into strings far
  // faster than the driver makes a JS value of every cell (BENCHMARKS.md, Findings, "consentSnapshot").
  // The aggregate reads the ordered, limited subquery as it is produced, so the array keeps its order
  // (an ORDER BY inside json_group_array would sort the page a second time).
  const snapshot = db
    .prepare(
      `SELECT json_group_array(json_array(${SNAPSHOT_COLUMNS})) FROM (SELECT ${SNAPSHOT_COLUMNS} FROM "ConsentState" WHERE ("subjectId", "purposeKey") > (?, ?) AND +"purposeKey" IN (SELECT value FROM json_each(?)) ORDER BY "subjectId", "purposeKey" LIMIT ?)`,
    )
    .pluck(true);
  // A page as text (snapshot-text.ts): json_group_array reads the ordered, limited subquery as it is produced, as above.
  const pageTexts = new StatementCache((sql) => db.prepare(sql).raw(true));
  const moreAfter = db
    .prepare(
      `SELECT 1 FROM "ConsentState" WHERE ("subjectId", "purposeKey") > (?, ?) AND +"purposeKey" IN (SELECT value FROM json_each(?)) LIMIT 1`,
    )
    .pluck(true);
  const outbox = db.prepare(SQLITE.outboxAfter);
  const routes = db.prepare(SQLITE.outboxRoutesAfter);
  const cursor = db.prepare(SQLITE.sinkCursor);
  const seriesCounts = db.prepare(SQLITE.seriesCounts).raw(true);
  const monthlyCounts = db.prepare(SQLITE.monthlyCounts).raw(true);
  const dailyCounts = db.prepare(SQLITE.dailyCounts).raw(true);
  const webhooks = db.prepare(WEBHOOK_ROUTES);
  const due = db.prepare(SQLITE.dueDeliveries);
  const dueExcept = db.prepare(SQLITE.dueDeliveriesExcept);
  const stamp = db.prepare(CATALOG_STAMP);
  return {
    async findState(subjectId, purposeKey) {
      const r = one.get(subjectId, purposeKey) as unknown[] | undefined;
      return r ? new SqliteStateRow(r) : null;
    },
    async findStates(pairs) {
      if (pairs.length === 0) return [];
      const out = new Array<StateRow | null>(pairs.length).fill(null);
      for (const r of many.all(JSON.stringify(pairs.map((p) => [p.subjectId, p.purposeKey]))) as unknown[][])
        out[r[0] as number] = new SqliteStateRow(r, 1);
      return out;
    },
    async snapshotPage(purposeKeys, after, limit) {
      const rows = JSON.parse(
        snapshot.get(after?.subjectId ?? '', after?.purposeKey ?? '', JSON.stringify(purposeKeys), limit) as string,
      ) as SnapshotRow[];
      for (const r of rows) r[5] = sqliteIso(r[5]);
      return rows;
    },
    async snapshotPageText(purposeKeys, after, limit, shape) {
      const keys = JSON.stringify(purposeKeys);
      const [array, count, unwritten, lastKey] = pageTexts
        .get(sqlitePageSql(shape))
        .get(after?.subjectId ?? '', after?.purposeKey ?? '', keys, limit) as [Buffer, number, number, string | null];
      const cut = lastKey === null ? -1 : lastKey.indexOf('\u0000');
      const last = lastKey === null ? null : { subjectId: lastKey.slice(0, cut), purposeKey: lastKey.slice(cut + 1) };
      const hasNextPage =
        last !== null && count === limit && moreAfter.get(last.subjectId, last.purposeKey, keys) !== undefined;
      return { count, json: unwritten === 0 ? array : null, last, hasNextPage };
    },
    async findApiKey(secretHash) {
      const r = key.get(secretHash) as (Omit<KeyRow, 'revokedAt'> & { revokedAt: string | null }) | undefined;
      return r ? { ...r, revokedAt: r.revokedAt ? new Date(r.revokedAt) : null } : null;
    },
    async outboxAfter(seq, limit) {
      // Prisma keeps a Json column as text on SQLite.
      return (outbox.all(seq, limit) as (RawOutboxRow & { payload: string })[]).map((r) => ({
        ...r,
        payload: JSON.parse(r.payload) as unknown,
      }));
    },
    async outboxRoutesAfter(seq, limit) {
      return routes.all(seq, limit) as Omit<RawOutboxRow, 'payload' | 'recordId'>[];
    },
    async sumOverviewCounts(from, to, parts) {
      const out: DailySumRow[] = [];
      for (const [day, purposeKey, action, count] of seriesCounts.all(from, to) as [string, string, string, number][])
        out.push(['day', day, purposeKey, action, count]);
      // SQLite has no GROUPING SETS, and three GROUP BYs would read the rows three times: read them once, sum here.
      const sums = new Map<string, DailySumRow>();
      const add = (dimension: DailySumRow[0], value: string, purposeKey: string, action: string, count: number) => {
        const k = `${dimension}\u0000${value}\u0000${purposeKey}\u0000${action}`;
        const row = sums.get(k);
        if (row) row[4] += count;
        else sums.set(k, [dimension, value, purposeKey, action, count]);
      };
      const sum = (rows: unknown[]) => {
        for (const r of rows as [string, string, number, string, string, number][]) {
          const [purposeKey, action, noticeVersion, channel, locale, count] = r;
          add('noticeVersion', String(noticeVersion), purposeKey, action, count);
          add('channel', channel, purposeKey, action, count);
          add('locale', locale, purposeKey, action, count);
        }
      };
      if (parts.months) sum(monthlyCounts.all(parts.months.from, parts.months.to));
      for (const d of parts.days) sum(dailyCounts.all(d.from, d.to));
      for (const row of sums.values()) out.push(row);
      return out;
    },
    async sinkCursor(name) {
      return (cursor.get(name) as { seq: number } | undefined)?.seq ?? 0;
    },
    async webhookRoutes() {
      return webhooks.all() as WebhookRoute[];
    },
    async dueDeliveries(now, limit, exceptWebhooks = []) {
      const rows =
        exceptWebhooks.length === 0
          ? due.all(sqliteDate(now), limit)
          : dueExcept.all(sqliteDate(now), JSON.stringify(exceptWebhooks), limit);
      return (
        rows as (Omit<RawDueDelivery, 'replay' | 'payload' | 'previousSecretExpiresAt'> & {
          replay: number;
          payload: string;
          previousSecretExpiresAt: string | null;
        })[]
      ).map((r) => ({
        ...r,
        replay: r.replay === 1,
        previousSecretExpiresAt: r.previousSecretExpiresAt === null ? null : new Date(r.previousSecretExpiresAt),
        payload: JSON.parse(r.payload) as unknown,
      }));
    },
    async catalogStamp() {
      return stampOf(stamp.get() as RawStamp);
    },
    warmProjection: () => warmSqliteProjection(sqlitePath(url)),
    async close() {
      db.close();
    },
  };
}

function postgresReads(url: string, onPoolError: OnPoolError): HotReads {
  const pool = rawPool(url, 8, onPoolError);
  // A page writer per row shape (fields and outcomes: plain JSON data), made once from the shape's JSON text.
  const pageWriters = new StatementCache((shape) => pagesJsonWriter(JSON.parse(shape) as SnapshotRowShape));
  // occurredAt leaves PostgreSQL as ISO text (timestamp(3) holds UTC), so no Date is made per row.
  const snapshotPage = async (
    purposeKeys: readonly string[],
    after: { subjectId: string; purposeKey: string } | null,
    limit: number,
  ) =>
    (
      await pool.query<SnapshotRow>({
        name: 'assent-snapshot-page',
        text: `SELECT "subjectId", "purposeKey", "recordId", "action", "noticeVersion", to_char("occurredAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM "ConsentState" WHERE ("subjectId", "purposeKey") > ($1, $2) AND "purposeKey" = ANY($3::text[]) ORDER BY "subjectId", "purposeKey" LIMIT $4`,
        values: [after?.subjectId ?? '', after?.purposeKey ?? '', purposeKeys, limit],
        rowMode: 'array',
      })
    ).rows;
  const findStates = async (pairs: readonly { subjectId: string; purposeKey: string }[]) => {
    const out = new Array<StateRow | null>(pairs.length).fill(null);
    if (pairs.length === 0) return out;
    const r = await pool.query<RawState & { i: number }>({
      name: 'assent-find-states',
      text: `SELECT q.i::int AS i, ${S_STATE_COLUMNS} FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q(sid, pk, i) JOIN "ConsentState" s ON s."subjectId" = q.sid AND s."purposeKey" = q.pk`,
      values: [pairs.map((p) => p.subjectId), pairs.map((p) => p.purposeKey)],
    });
    for (const row of r.rows) out[row.i - 1] = toRow(row);
    return out;
  };
  // Decisions of concurrent requests share a round trip: every lookup asked for during one turn of
  // the event loop goes out as one query (a single primary-key read when it is alone). Each lookup
  // is sent after it was asked, so it sees every commit that preceded it; nothing is cached.
  const states = new DataLoader<{ subjectId: string; purposeKey: string }, StateRow | null, string>(
    async (pairs) => {
      if (pairs.length === 1) {
        const [{ subjectId, purposeKey }] = pairs as [{ subjectId: string; purposeKey: string }];
        const r = await pool.query<RawState>({
          name: 'assent-find-state',
          text: POSTGRES.findState,
          values: [subjectId, purposeKey],
        });
        return [r.rows[0] ? toRow(r.rows[0]) : null];
      }
      return findStates(pairs);
    },
    {
      cache: false,
      maxBatchSize: 1000,
      batchScheduleFn: (run) => void setImmediate(run),
      cacheKeyFn: (p) => consentKey(p.subjectId, p.purposeKey),
    },
  );
  return {
    findState: (subjectId, purposeKey) => states.load({ subjectId, purposeKey }),
    findStates,
    snapshotPage,
    async snapshotPageText(purposeKeys, after, limit, shape) {
      // One row more than the page says whether another follows.
      const rows = await snapshotPage(purposeKeys, after, limit + 1);
      const hasNextPage = rows.length > limit;
      if (hasNextPage) rows.length = limit;
      const last =
        rows.length === 0 ? null : { subjectId: rows[rows.length - 1]![0], purposeKey: rows[rows.length - 1]![1] };
      return { count: rows.length, json: pageWriters.get(JSON.stringify(shape))(rows), last, hasNextPage };
    },
    async findApiKey(secretHash) {
      const r = await pool.query<KeyRow>({ name: 'assent-find-key', text: POSTGRES.findApiKey, values: [secretHash] });
      return r.rows[0] ?? null;
    },
    async outboxAfter(seq, limit) {
      return (
        await pool.query<RawOutboxRow>({
          name: 'assent-outbox-after',
          text: POSTGRES.outboxAfter,
          values: [seq, limit],
        })
      ).rows;
    },
    async outboxRoutesAfter(seq, limit) {
      return (
        await pool.query<Omit<RawOutboxRow, 'payload' | 'recordId'>>({
          name: 'assent-outbox-routes',
          text: POSTGRES.outboxRoutesAfter,
          values: [seq, limit],
        })
      ).rows;
    },
    async sumOverviewCounts(from, to, parts) {
      const [before = NO_RANGE, after = NO_RANGE] = parts.days.map((d) => [d.from, d.to] as const);
      const months = parts.months ? [parts.months.from, parts.months.to] : NO_RANGE;
      const r = await pool.query<[DailySumRow[0], string, string, string, string]>({
        name: 'assent-sum-overview-counts',
        text: POSTGRES.sumOverviewCounts,
        values: [from, to, ...months, ...before, ...after],
        rowMode: 'array',
      });
      return r.rows.map(([dimension, value, purposeKey, action, count]) => [
        dimension,
        value,
        purposeKey,
        action,
        Number(count),
      ]);
    },
    async sinkCursor(name) {
      return (
        (await pool.query<{ seq: number }>({ name: 'assent-sink-cursor', text: POSTGRES.sinkCursor, values: [name] }))
          .rows[0]?.seq ?? 0
      );
    },
    async webhookRoutes() {
      return (await pool.query<WebhookRoute>({ name: 'assent-webhook-routes', text: WEBHOOK_ROUTES })).rows;
    },
    async dueDeliveries(now, limit, exceptWebhooks = []) {
      return (
        await pool.query<RawDueDelivery>(
          exceptWebhooks.length === 0
            ? { name: 'assent-due-deliveries', text: POSTGRES.dueDeliveries, values: [pgUtc(now), limit] }
            : {
                name: 'assent-due-deliveries-except',
                text: POSTGRES.dueDeliveriesExcept,
                values: [pgUtc(now), limit, exceptWebhooks],
              },
        )
      ).rows;
    },
    async catalogStamp() {
      return stampOf((await pool.query<RawStamp>({ name: 'assent-catalog-stamp', text: CATALOG_STAMP })).rows[0]!);
    },
    async warmProjection() {
      // The table by a sequential scan, then its primary-key index by an index-only scan over it (the
      // planner would rather use nothing, or the smaller purpose index, without being told).
      return pgTransaction(pool, async (q) => {
        const rows = Number(
          (await q('assent-warm-heap', 'SELECT count("recordId") AS n FROM "ConsentState"', [])).rows[0]!.n,
        );
        await q('assent-warm-no-seqscan', 'SET LOCAL enable_seqscan = off', []);
        await q('assent-warm-no-bitmap', 'SET LOCAL enable_bitmapscan = off', []);
        await q('assent-warm-pkey', `SELECT count(*) AS n FROM "ConsentState" WHERE "subjectId" >= ''`, []);
        return rows;
      });
    },
    async close() {
      await pool.end();
    },
  };
}
