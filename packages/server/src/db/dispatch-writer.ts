import { randomUUID } from 'node:crypto';
import type { Database } from './client.ts';
import { openSqliteWriter, pgTransaction, pgUtc, rawPool, sqliteDate, type OnPoolError } from './raw.ts';

/** The delivery facts a successful attempt is recorded with. */
export interface SucceededDelivery { id: string; webhookId: string; subjectId: string | null; outboxSeq: number; attempts: number; replay: boolean }

/**
 * The dispatcher's two writes of every event, as prepared statements on the raw driver (through
 * Prisma they were most of the server's CPU under write load, and JetStream publishing and webhook
 * deliveries queued behind them): a delivery's successful attempt, and a sink cursor moving on.
 * Failed attempts (rare, and with more to decide) stay in the repository's Prisma transaction.
 */
export interface DispatchWriter {
  /**
   * Records a successful attempt if nobody recorded this attempt already (compare-and-set on attempts),
   * schedules the next waiting delivery of its (webhook, subject) group unless it was a replay, and
   * clears the webhook's failing streak. Returns false when the attempt had been recorded already.
   */
  recordSuccess(d: SucceededDelivery, at: Date, responseStatus: number): Promise<boolean>;
  /** Moves a sink cursor forward only (a slower writer never moves it back). */
  advanceCursor(name: string, to: number): Promise<void>;
  /**
   * Fans outbox rows out: in one transaction, moves the cursor from `from` to `to` (compare-and-set:
   * false, and nothing written, when another fan-out moved it first), takes the order locks of the
   * groups, and inserts one delivery per planned (webhook, row), scheduled (nextAttemptAt = now) only
   * where its group has no unfinished scheduled delivery and it is the group's first in this batch.
   */
  fanOut(cursor: string, from: number, to: number, planned: readonly PlannedDelivery[], now: Date): Promise<boolean>;
  close(): Promise<void>;
}

/** One delivery the fan-out creates (rows in outbox order). */
export interface PlannedDelivery { webhookId: string; outboxSeq: number; eventId: string; eventType: string; subjectId: string | null }

/** Which group a delivery belongs to, as a map key. */
const groupKey = (webhookId: string, subjectId: string | null) => `${webhookId}\u0000${subjectId === null ? '\u0001' : subjectId}`;

/** The deliveries to insert: ids, and the schedule that keeps one delivery per group in flight (see webhook.repository.ts). */
function scheduleDeliveries(planned: readonly PlannedDelivery[], heads: readonly { webhookId: string; subjectId: string | null }[]) {
  const busy = new Set(heads.map((h) => groupKey(h.webhookId, h.subjectId)));
  return planned.map((p) => {
    const key = groupKey(p.webhookId, p.subjectId);
    const scheduled = !busy.has(key);
    busy.add(key);
    return { ...p, id: randomUUID(), scheduled };
  });
}

/** What the heads query is asked: the webhooks and subjects of a batch, and whether it holds notices. */
function headsQuestion(planned: readonly PlannedDelivery[]) {
  return {
    webhookIds: [...new Set(planned.map((p) => p.webhookId))],
    subjects: [...new Set(planned.map((p) => p.subjectId).filter((x): x is string => x !== null))],
    anyNotice: planned.some((p) => p.subjectId === null),
  };
}

/**
 * Advisory lock class for "the delivery order of one (webhook, subject) group", the second key being
 * hashtext(orderLockKey(...)). Fan-out and every final attempt of a group take it, so a new delivery
 * and the completion of the one before it never miss each other; other groups go on in parallel.
 */
export const ORDER_LOCK = 72760003;
/** The text whose hash names a group's order lock (notices, with no subject, form one group per webhook). */
export const orderLockKey = (webhookId: string, subjectId: string | null) => (subjectId === null ? `${webhookId}#notices` : `${webhookId}/${subjectId}`);
/** Takes the order locks of several groups in one statement, in lock-id order (so two takers never deadlock). */
export const LOCK_GROUPS = `SELECT count(*) AS n FROM (SELECT pg_advisory_xact_lock(${ORDER_LOCK}, h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY h) AS s) AS l`;

const SUCCEED = `UPDATE "WebhookDelivery" SET "status" = 'SUCCEEDED', "attempts" = $1, "lastAttemptAt" = $2, "lastResponseStatus" = $3, "nextAttemptAt" = NULL WHERE "id" = $4 AND "attempts" = $5`;
const SCHEDULE_NEXT = `UPDATE "WebhookDelivery" SET "nextAttemptAt" = $1 WHERE "id" = (
  SELECT "id" FROM "WebhookDelivery" WHERE "webhookId" = $2 AND "subjectId" IS NOT DISTINCT FROM $3 AND "replay" = $4 AND "status" = 'PENDING' AND "nextAttemptAt" IS NULL AND "outboxSeq" > $5
  ORDER BY "outboxSeq" LIMIT 1)`;
const HEALTHY = `UPDATE "Webhook" SET "failingSince" = NULL WHERE "id" = $1 AND "failingSince" IS NOT NULL`;
const ADVANCE = `UPDATE "SinkCursor" SET "seq" = $1 WHERE "name" = $2 AND "seq" < $1`;
const CAS_CURSOR = `UPDATE "SinkCursor" SET "seq" = $1 WHERE "name" = $2 AND "seq" = $3`;
const DELIVERY_COLUMNS = `"id", "webhookId", "outboxSeq", "eventId", "eventType", "subjectId", "status", "attempts", "nextAttemptAt", "createdAt", "replay"`;

/** Opens the dispatcher's raw writer. */
export function openDispatchWriter(db: Database, onPoolError: OnPoolError): DispatchWriter {
  return db.kind === 'sqlite' ? sqliteDispatchWriter(db) : postgresDispatchWriter(db.url, onPoolError);
}

/** better-sqlite3 binds numbered parameters by name: $1 → @p1, bound from an object. */
const named = (sql: string) => sql.replace(/\$(\d+)/g, '@p$1').replace('IS NOT DISTINCT FROM', 'IS');
const args = (...values: unknown[]) => Object.fromEntries(values.map((v, i) => [`p${i + 1}`, v]));

function sqliteDispatchWriter(db: Database): DispatchWriter {
  const conn = openSqliteWriter(db.url);
  const succeed = conn.prepare(named(SUCCEED));
  const scheduleNext = conn.prepare(named(SCHEDULE_NEXT));
  const healthy = conn.prepare(named(HEALTHY));
  const advance = conn.prepare(named(ADVANCE));
  const casCursor = conn.prepare(named(CAS_CURSOR));
  // A group with an unfinished delivery has exactly one scheduled (nextAttemptAt set): find those.
  const heads = conn.prepare(`SELECT "webhookId", "subjectId" FROM "WebhookDelivery"
    WHERE "webhookId" IN (SELECT value FROM json_each(@p1)) AND "replay" = 0 AND "status" IN ('PENDING', 'FAILED') AND "nextAttemptAt" IS NOT NULL
      AND ("subjectId" IN (SELECT value FROM json_each(@p2)) OR (@p3 = 1 AND "subjectId" IS NULL))`);
  const insertDelivery = conn.prepare(`INSERT INTO "WebhookDelivery" (${DELIVERY_COLUMNS}) VALUES (@p1, @p2, @p3, @p4, @p5, @p6, 'PENDING', 0, @p7, @p8, 0)`);
  const fanOutNow = conn.transaction((cursor: string, from: number, to: number, planned: readonly PlannedDelivery[], now: string) => {
    if (casCursor.run(args(to, cursor, from)).changes !== 1) return false;
    if (planned.length === 0) return true;
    const h = headsQuestion(planned);
    const found = heads.all(args(JSON.stringify(h.webhookIds), JSON.stringify(h.subjects), h.anyNotice ? 1 : 0)) as { webhookId: string; subjectId: string | null }[];
    for (const d of scheduleDeliveries(planned, found)) insertDelivery.run(args(d.id, d.webhookId, d.outboxSeq, d.eventId, d.eventType, d.subjectId, d.scheduled ? now : null, now));
    return true;
  });
  const recordNow = conn.transaction((d: SucceededDelivery, at: string, status: number) => {
    if (succeed.run(args(d.attempts + 1, at, status, d.id, d.attempts)).changes !== 1) return false;
    if (!d.replay) scheduleNext.run(args(at, d.webhookId, d.subjectId, 0, d.outboxSeq));
    healthy.run(args(d.webhookId));
    return true;
  });
  return {
    // Under the process's write lock, like every other write transaction here (see client.ts).
    recordSuccess: (d, at, status) => db.writeLock.run(() => recordNow.immediate(d, sqliteDate(at), status)),
    advanceCursor: async (name, to) => void (await db.writeLock.run(() => advance.run(args(to, name)))),
    fanOut: (cursor, from, to, planned, now) => db.writeLock.run(() => fanOutNow.immediate(cursor, from, to, planned, sqliteDate(now))),
    async close() {
      conn.close();
    },
  };
}

function postgresDispatchWriter(url: string, onPoolError: OnPoolError): DispatchWriter {
  const pool = rawPool(url, 4, onPoolError);
  return {
    // A compare-and-set that matched nothing has written nothing: committing then is as good as rolling back.
    recordSuccess: (d, at, status) =>
      pgTransaction(pool, async (q) => {
        // The group's order lock, as the fan-out and every final attempt take it (not for replays, outside that order).
        if (!d.replay) await q('assent-order-lock', `SELECT 1 FROM (SELECT pg_advisory_xact_lock(${ORDER_LOCK}, hashtext($1))) AS l`, [orderLockKey(d.webhookId, d.subjectId)]);
        if ((await q('assent-succeed', SUCCEED, [d.attempts + 1, pgUtc(at), status, d.id, d.attempts])).rowCount !== 1) return false;
        if (!d.replay) await q('assent-schedule-next', SCHEDULE_NEXT, [pgUtc(at), d.webhookId, d.subjectId, false, d.outboxSeq]);
        await q('assent-healthy', HEALTHY, [d.webhookId]);
        return true;
      }),
    async advanceCursor(name, to) {
      await pool.query({ name: 'assent-advance-cursor', text: ADVANCE, values: [to, name] });
    },
    fanOut: (cursor, from, to, planned, now) =>
      pgTransaction(pool, async (q) => {
        // Compare-and-set first: it also holds the cursor row, so a concurrent fan-out waits, then fails.
        if ((await q('assent-cas-cursor', CAS_CURSOR, [to, cursor, from])).rowCount !== 1) return false;
        if (planned.length) {
          await q('assent-lock-groups', LOCK_GROUPS, [[...new Set(planned.map((p) => orderLockKey(p.webhookId, p.subjectId)))]]);
          const h = headsQuestion(planned);
          const found = (await q('assent-heads', `SELECT "webhookId", "subjectId" FROM "WebhookDelivery"
            WHERE "webhookId" = ANY($1::text[]) AND "replay" = false AND "status" IN ('PENDING', 'FAILED') AND "nextAttemptAt" IS NOT NULL
              AND ("subjectId" = ANY($2::text[]) OR ($3::boolean AND "subjectId" IS NULL))`, [h.webhookIds, h.subjects, h.anyNotice])).rows as { webhookId: string; subjectId: string | null }[];
          const rows = scheduleDeliveries(planned, found);
          const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
          await q('assent-insert-deliveries', `INSERT INTO "WebhookDelivery" (${DELIVERY_COLUMNS})
            SELECT t.id, t.wid, t.seq, t.eid, t.et, t.sid, 'PENDING', 0, CASE WHEN t.sch THEN $7::timestamp END, $7::timestamp, false
            FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $8::boolean[]) AS t(id, wid, seq, eid, et, sid, sch)`,
          [col('id'), col('webhookId'), col('outboxSeq'), col('eventId'), col('eventType'), col('subjectId'), pgUtc(now), col('scheduled')]);
        }
        return true;
      }),
    async close() {
      await pool.end();
    },
  };
}
