import Sqlite from 'better-sqlite3';
import type pg from 'pg';
import { sqlitePath } from '../env.ts';
import type { Database } from './client.ts';
import { rawPool, type OnPoolError } from './hot-reads.ts';

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
  close(): Promise<void>;
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

/** Opens the dispatcher's raw writer. */
export function openDispatchWriter(db: Database, onPoolError: OnPoolError): DispatchWriter {
  return db.kind === 'sqlite' ? sqliteDispatchWriter(db) : postgresDispatchWriter(db.url, onPoolError);
}

/** Prisma's text form of a DateTime on SQLite. */
const sqliteDate = (d: Date) => d.toISOString().replace('Z', '+00:00');
/** better-sqlite3 binds numbered parameters by name: $1 → @p1, bound from an object. */
const named = (sql: string) => sql.replace(/\$(\d+)/g, '@p$1').replace('IS NOT DISTINCT FROM', 'IS');
const args = (...values: unknown[]) => Object.fromEntries(values.map((v, i) => [`p${i + 1}`, v]));

function sqliteDispatchWriter(db: Database): DispatchWriter {
  const conn = new Sqlite(sqlitePath(db.url), { timeout: 5000 });
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('foreign_keys = ON');
  const succeed = conn.prepare(named(SUCCEED));
  const scheduleNext = conn.prepare(named(SCHEDULE_NEXT));
  const healthy = conn.prepare(named(HEALTHY));
  const advance = conn.prepare(named(ADVANCE));
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
    async close() {
      conn.close();
    },
  };
}

function postgresDispatchWriter(url: string, onPoolError: OnPoolError): DispatchWriter {
  const pool = rawPool(url, 4, onPoolError);
  const q = (client: pg.PoolClient, name: string, text: string, values: unknown[]) => client.query({ name, text, values });
  // timestamp(3) without time zone holds UTC: send the UTC text, not a Date that pg renders in local time.
  const utc = (d: Date) => d.toISOString().replace('Z', '');
  return {
    async recordSuccess(d, at, status) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // The group's order lock, as the fan-out and every final attempt take it (not for replays, outside that order).
        if (!d.replay) await q(client, 'assent-order-lock', `SELECT 1 FROM (SELECT pg_advisory_xact_lock(${ORDER_LOCK}, hashtext($1))) AS l`, [orderLockKey(d.webhookId, d.subjectId)]);
        const done = await q(client, 'assent-succeed', SUCCEED, [d.attempts + 1, utc(at), status, d.id, d.attempts]);
        if (done.rowCount !== 1) {
          await client.query('ROLLBACK');
          return false;
        }
        if (!d.replay) await q(client, 'assent-schedule-next', SCHEDULE_NEXT, [utc(at), d.webhookId, d.subjectId, false, d.outboxSeq]);
        await q(client, 'assent-healthy', HEALTHY, [d.webhookId]);
        await client.query('COMMIT');
        return true;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async advanceCursor(name, to) {
      await pool.query({ name: 'assent-advance-cursor', text: ADVANCE, values: [to, name] });
    },
    async close() {
      await pool.end();
    },
  };
}
