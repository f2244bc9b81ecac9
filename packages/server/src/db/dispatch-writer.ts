import { randomUUID } from 'node:crypto';
import type Sqlite from 'better-sqlite3';
import { disableReasonAfterFailure } from '@assent/core';
import type { Database } from './client.ts';
import { openSqliteWriter, pgTransaction, pgUtc, rawPool, sqliteDate, type OnPoolError } from './raw.ts';
import { DELIVERY_COLUMNS, DELIVERY_ORDER_LOCK } from './tables.ts';

/** The delivery facts an attempt is recorded with. */
export interface AttemptedDelivery {
  id: string;
  webhookId: string;
  subjectId: string | null;
  outboxSeq: number;
  attempts: number;
  replay: boolean;
}

/** The outcome of one attempt, decided by the dispatcher's rules (@assent/core's webhook-delivery.ts). */
export interface AttemptOutcome {
  at: Date;
  responseStatus: number | null;
  status: 'SUCCEEDED' | 'FAILED' | 'DEAD';
  nextAttemptAt: Date | null;
  /** 410 Gone: disable the webhook at once. */
  gone: boolean;
  disableAfterSeconds: number;
}

/** What recording an attempt did: nothing when it had been recorded already; the reason when it disabled the webhook. */
export interface RecordedAttempt {
  recorded: boolean;
  disabledReason: string | null;
}

/**
 * Every write of the dispatcher, as prepared statements on the raw driver (through Prisma they were
 * most of the server's CPU under write load, and JetStream publishing and webhook deliveries queued
 * behind them): fanning outbox rows out into deliveries, completing an attempt, and a sink cursor
 * moving on. This module is the only one that completes a delivery.
 */
export interface DispatchWriter {
  /**
   * Records an attempt if nobody recorded it already (compare-and-set on attempts). Once the delivery
   * is final (SUCCEEDED or DEAD) the next waiting delivery of its (webhook, subject) group is
   * scheduled, unless it was a replay. A success clears the webhook's failing streak; a failure starts
   * or continues it and disables the webhook when core's disableReasonAfterFailure says so.
   */
  recordAttempt(d: AttemptedDelivery, o: AttemptOutcome): Promise<RecordedAttempt>;
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
export interface PlannedDelivery {
  webhookId: string;
  outboxSeq: number;
  eventId: string;
  eventType: string;
  subjectId: string | null;
}

/** Which group a delivery belongs to, as a map key. */
const groupKey = (webhookId: string, subjectId: string | null) =>
  `${webhookId}\u0000${subjectId === null ? '\u0001' : subjectId}`;

/** The deliveries to insert: ids, and the schedule that keeps one delivery per group in flight (see webhook.repository.ts). */
function scheduleDeliveries(
  planned: readonly PlannedDelivery[],
  heads: readonly { webhookId: string; subjectId: string | null }[],
) {
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
 * The text whose hash names a group's order lock (DELIVERY_ORDER_LOCK; notices, with no subject, form
 * one group per webhook). Fan-out and every final attempt of a group take it on PostgreSQL, so a new
 * delivery and the completion of the one before it never miss each other; other groups go on in parallel.
 */
export const orderLockKey = (webhookId: string, subjectId: string | null) =>
  subjectId === null ? `${webhookId}#notices` : `${webhookId}/${subjectId}`;

/** Each statement written out once per dialect (SQLite: `?` in order; PostgreSQL: `$n`). */
const SQLITE = {
  succeed: `UPDATE "WebhookDelivery" SET "status" = 'SUCCEEDED', "attempts" = ?, "lastAttemptAt" = ?, "lastResponseStatus" = ?, "nextAttemptAt" = NULL WHERE "id" = ? AND "attempts" = ?`,
  fail: `UPDATE "WebhookDelivery" SET "status" = ?, "attempts" = ?, "lastAttemptAt" = ?, "lastResponseStatus" = ?, "nextAttemptAt" = ? WHERE "id" = ? AND "attempts" = ?`,
  // A group with an unfinished delivery has exactly one scheduled: when it is final, the next waiting one is.
  scheduleNext: `UPDATE "WebhookDelivery" SET "nextAttemptAt" = ? WHERE "id" = (
  SELECT "id" FROM "WebhookDelivery" WHERE "webhookId" = ? AND "subjectId" IS ? AND "replay" = 0 AND "status" = 'PENDING' AND "nextAttemptAt" IS NULL AND "outboxSeq" > ?
  ORDER BY "outboxSeq" LIMIT 1)`,
  healthy: `UPDATE "Webhook" SET "failingSince" = NULL WHERE "id" = ? AND "failingSince" IS NOT NULL`,
  health: `SELECT "status", "failingSince" FROM "Webhook" WHERE "id" = ?`,
  // The delivery's subject as stored now: an erasure rewrites it (the identifier becomes the pseudonym) while an
  // attempt is in flight, and its group's next delivery is filed under the new value.
  subjectNow: `SELECT "subjectId" FROM "WebhookDelivery" WHERE "id" = ?`,
  failing: `UPDATE "Webhook" SET "failingSince" = ? WHERE "id" = ?`,
  disable: `UPDATE "Webhook" SET "failingSince" = ?, "status" = 'DISABLED', "disabledReason" = ? WHERE "id" = ?`,
  advance: `UPDATE "SinkCursor" SET "seq" = ? WHERE "name" = ? AND "seq" < ?`,
  casCursor: `UPDATE "SinkCursor" SET "seq" = ? WHERE "name" = ? AND "seq" = ?`,
  heads: `SELECT "webhookId", "subjectId" FROM "WebhookDelivery"
    WHERE "webhookId" IN (SELECT value FROM json_each(?)) AND "replay" = 0 AND "status" IN ('PENDING', 'FAILED') AND "nextAttemptAt" IS NOT NULL
      AND ("subjectId" IN (SELECT value FROM json_each(?)) OR (? = 1 AND "subjectId" IS NULL))`,
  insertDelivery: `INSERT INTO "WebhookDelivery" (${DELIVERY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, 0)`,
} as const;

const POSTGRES = {
  succeed: `UPDATE "WebhookDelivery" SET "status" = 'SUCCEEDED', "attempts" = $1, "lastAttemptAt" = $2, "lastResponseStatus" = $3, "nextAttemptAt" = NULL WHERE "id" = $4 AND "attempts" = $5`,
  fail: `UPDATE "WebhookDelivery" SET "status" = $1, "attempts" = $2, "lastAttemptAt" = $3, "lastResponseStatus" = $4, "nextAttemptAt" = $5 WHERE "id" = $6 AND "attempts" = $7`,
  scheduleNext: `UPDATE "WebhookDelivery" SET "nextAttemptAt" = $1 WHERE "id" = (
  SELECT "id" FROM "WebhookDelivery" WHERE "webhookId" = $2 AND "subjectId" IS NOT DISTINCT FROM $3 AND "replay" = false AND "status" = 'PENDING' AND "nextAttemptAt" IS NULL AND "outboxSeq" > $4
  ORDER BY "outboxSeq" LIMIT 1)`,
  healthy: `UPDATE "Webhook" SET "failingSince" = NULL WHERE "id" = $1 AND "failingSince" IS NOT NULL`,
  health: `SELECT "status", "failingSince" FROM "Webhook" WHERE "id" = $1`,
  subjectNow: `SELECT "subjectId" FROM "WebhookDelivery" WHERE "id" = $1`,
  failing: `UPDATE "Webhook" SET "failingSince" = $1 WHERE "id" = $2`,
  disable: `UPDATE "Webhook" SET "failingSince" = $1, "status" = 'DISABLED', "disabledReason" = $2 WHERE "id" = $3`,
  advance: `UPDATE "SinkCursor" SET "seq" = $1 WHERE "name" = $2 AND "seq" < $1`,
  casCursor: `UPDATE "SinkCursor" SET "seq" = $1 WHERE "name" = $2 AND "seq" = $3`,
  heads: `SELECT "webhookId", "subjectId" FROM "WebhookDelivery"
    WHERE "webhookId" = ANY($1::text[]) AND "replay" = false AND "status" IN ('PENDING', 'FAILED') AND "nextAttemptAt" IS NOT NULL
      AND ("subjectId" = ANY($2::text[]) OR ($3::boolean AND "subjectId" IS NULL))`,
  insertDeliveries: `INSERT INTO "WebhookDelivery" (${DELIVERY_COLUMNS})
    SELECT t.id, t.wid, t.seq, t.eid, t.et, t.sid, 'PENDING', 0, CASE WHEN t.sch THEN $7::timestamp END, $7::timestamp, false
    FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $8::boolean[]) AS t(id, wid, seq, eid, et, sid, sch)`,
  /** One group's order lock. */
  lockGroup: `SELECT 1 FROM (SELECT pg_advisory_xact_lock(${DELIVERY_ORDER_LOCK}, hashtext($1))) AS l`,
  /** Several groups' order locks in one statement, in lock-id order (so two takers never deadlock). */
  lockGroups: `SELECT count(*) AS n FROM (SELECT pg_advisory_xact_lock(${DELIVERY_ORDER_LOCK}, h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY h) AS s) AS l`,
} as const;

/** Whether recording this outcome ends the delivery within its group's order (replays stand outside it). */
const endsInOrder = (d: AttemptedDelivery, o: AttemptOutcome) => o.status !== 'FAILED' && !d.replay;

/** Opens the dispatcher's raw writer. */
export function openDispatchWriter(db: Database, onPoolError: OnPoolError): DispatchWriter {
  return db.kind === 'sqlite' ? sqliteDispatchWriter(db) : postgresDispatchWriter(db.url, onPoolError);
}

function sqliteDispatchWriter(db: Database): DispatchWriter {
  const conn = openSqliteWriter(db.url);
  const st = Object.fromEntries(Object.entries(SQLITE).map(([k, sql]) => [k, conn.prepare(sql)])) as Record<
    keyof typeof SQLITE,
    Sqlite.Statement
  >;
  const fanOutNow = conn.transaction(
    (cursor: string, from: number, to: number, planned: readonly PlannedDelivery[], now: string) => {
      if (st.casCursor.run(to, cursor, from).changes !== 1) return false;
      if (planned.length === 0) return true;
      const h = headsQuestion(planned);
      const found = st.heads.all(JSON.stringify(h.webhookIds), JSON.stringify(h.subjects), h.anyNotice ? 1 : 0) as {
        webhookId: string;
        subjectId: string | null;
      }[];
      for (const d of scheduleDeliveries(planned, found))
        st.insertDelivery.run(
          d.id,
          d.webhookId,
          d.outboxSeq,
          d.eventId,
          d.eventType,
          d.subjectId,
          d.scheduled ? now : null,
          now,
        );
      return true;
    },
  );
  // One writer: inside the transaction the delivery's subject cannot change again.
  const subjectNow = (d: AttemptedDelivery) =>
    (st.subjectNow.get(d.id) as { subjectId: string | null } | undefined)?.subjectId ?? d.subjectId;
  const succeedNow = conn.transaction((d: AttemptedDelivery, at: string, status: number): RecordedAttempt => {
    if (st.succeed.run(d.attempts + 1, at, status, d.id, d.attempts).changes !== 1)
      return { recorded: false, disabledReason: null };
    if (!d.replay) st.scheduleNext.run(at, d.webhookId, subjectNow(d), d.outboxSeq);
    st.healthy.run(d.webhookId);
    return { recorded: true, disabledReason: null };
  });
  const failNow = conn.transaction((d: AttemptedDelivery, o: AttemptOutcome): RecordedAttempt => {
    const at = sqliteDate(o.at);
    if (
      st.fail.run(
        o.status,
        d.attempts + 1,
        at,
        o.responseStatus,
        o.nextAttemptAt && sqliteDate(o.nextAttemptAt),
        d.id,
        d.attempts,
      ).changes !== 1
    )
      return { recorded: false, disabledReason: null };
    if (endsInOrder(d, o)) st.scheduleNext.run(at, d.webhookId, subjectNow(d), d.outboxSeq);
    const w = st.health.get(d.webhookId) as { status: string; failingSince: string | null } | undefined;
    if (!w) return { recorded: true, disabledReason: null };
    const failingSince = w.failingSince ? new Date(w.failingSince) : o.at;
    const reason = disableReasonAfterFailure({ status: w.status, failingSince }, o);
    if (reason) st.disable.run(sqliteDate(failingSince), reason, d.webhookId);
    else st.failing.run(sqliteDate(failingSince), d.webhookId);
    return { recorded: true, disabledReason: reason };
  });
  return {
    // Under the process's write lock, like every other write transaction here (see client.ts).
    recordAttempt: (d, o) =>
      db.writeLock.run(() =>
        o.status === 'SUCCEEDED'
          ? succeedNow.immediate(d, sqliteDate(o.at), o.responseStatus ?? 200)
          : failNow.immediate(d, o),
      ),
    advanceCursor: async (name, to) => void (await db.writeLock.run(() => st.advance.run(to, name, to))),
    fanOut: (cursor, from, to, planned, now) =>
      db.writeLock.run(() => fanOutNow.immediate(cursor, from, to, planned, sqliteDate(now))),
    async close() {
      conn.close();
    },
  };
}

function postgresDispatchWriter(url: string, onPoolError: OnPoolError): DispatchWriter {
  const pool = rawPool(url, 4, onPoolError);
  return {
    // A compare-and-set that matched nothing has written nothing: committing then is as good as rolling back.
    recordAttempt: (d, o) =>
      pgTransaction(pool, async (q): Promise<RecordedAttempt> => {
        const at = pgUtc(o.at);
        // The group's next delivery, filed under the subject as stored now. The row is locked by the update above it,
        // so an erasure (which rewrites the identifier to the pseudonym) has committed before or waits until after;
        // when it moved the group, that group's order lock is taken too, as the fan-out of the erased event takes it.
        const scheduleNext = async () => {
          const now = (
            (await q('assent-delivery-subject', POSTGRES.subjectNow, [d.id])).rows[0] as
              { subjectId: string | null } | undefined
          )?.subjectId;
          const subjectId = now === undefined ? d.subjectId : now;
          if (subjectId !== d.subjectId)
            await q('assent-order-lock', POSTGRES.lockGroup, [orderLockKey(d.webhookId, subjectId)]);
          await q('assent-schedule-next', POSTGRES.scheduleNext, [at, d.webhookId, subjectId, d.outboxSeq]);
        };
        // The group's order lock, as the fan-out and every final attempt take it (not for replays, outside that order).
        if (endsInOrder(d, o))
          await q('assent-order-lock', POSTGRES.lockGroup, [orderLockKey(d.webhookId, d.subjectId)]);
        if (o.status === 'SUCCEEDED') {
          if (
            (
              await q('assent-succeed', POSTGRES.succeed, [
                d.attempts + 1,
                at,
                o.responseStatus ?? 200,
                d.id,
                d.attempts,
              ])
            ).rowCount !== 1
          )
            return { recorded: false, disabledReason: null };
          if (!d.replay) await scheduleNext();
          await q('assent-healthy', POSTGRES.healthy, [d.webhookId]);
          return { recorded: true, disabledReason: null };
        }
        const failed = await q('assent-fail', POSTGRES.fail, [
          o.status,
          d.attempts + 1,
          at,
          o.responseStatus,
          o.nextAttemptAt && pgUtc(o.nextAttemptAt),
          d.id,
          d.attempts,
        ]);
        if (failed.rowCount !== 1) return { recorded: false, disabledReason: null };
        if (endsInOrder(d, o)) await scheduleNext();
        const w = (await q('assent-webhook-health', POSTGRES.health, [d.webhookId])).rows[0] as
          { status: string; failingSince: Date | null } | undefined;
        if (!w) return { recorded: true, disabledReason: null };
        const failingSince = w.failingSince ?? o.at;
        const reason = disableReasonAfterFailure({ status: w.status, failingSince }, o);
        if (reason) await q('assent-webhook-disable', POSTGRES.disable, [pgUtc(failingSince), reason, d.webhookId]);
        else await q('assent-webhook-failing', POSTGRES.failing, [pgUtc(failingSince), d.webhookId]);
        return { recorded: true, disabledReason: reason };
      }),
    async advanceCursor(name, to) {
      await pool.query({ name: 'assent-advance-cursor', text: POSTGRES.advance, values: [to, name] });
    },
    fanOut: (cursor, from, to, planned, now) =>
      pgTransaction(pool, async (q) => {
        // Compare-and-set first: it also holds the cursor row, so a concurrent fan-out waits, then fails.
        if ((await q('assent-cas-cursor', POSTGRES.casCursor, [to, cursor, from])).rowCount !== 1) return false;
        if (planned.length) {
          await q('assent-lock-groups', POSTGRES.lockGroups, [
            [...new Set(planned.map((p) => orderLockKey(p.webhookId, p.subjectId)))],
          ]);
          const h = headsQuestion(planned);
          const found = (await q('assent-heads', POSTGRES.heads, [h.webhookIds, h.subjects, h.anyNotice])).rows as {
            webhookId: string;
            subjectId: string | null;
          }[];
          const rows = scheduleDeliveries(planned, found);
          const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
          await q('assent-insert-deliveries', POSTGRES.insertDeliveries, [
            col('id'),
            col('webhookId'),
            col('outboxSeq'),
            col('eventId'),
            col('eventType'),
            col('subjectId'),
            pgUtc(now),
            col('scheduled'),
          ]);
        }
        return true;
      }),
    async close() {
      await pool.end();
    },
  };
}
