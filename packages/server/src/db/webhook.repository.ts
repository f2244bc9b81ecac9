import { isSealed } from '../crypto/key-encryption.ts';
import type { WebhookSecretBox } from '../crypto/webhook-secrets.ts';
import { randomUUID } from 'node:crypto';
import {
  disableReasonWhileFailing,
  eventTypeOf,
  webhookMatches,
  type CloudEventType,
  type EventType,
  type WebhookFilter,
  type WebhookSecrets,
} from '@assent/core';
import type { Db } from './client.ts';
import type { HotReads } from './hot-reads.ts';
import type { AttemptOutcome, DispatchWriter, RecordedAttempt } from './dispatch-writer.ts';
import { newestOutboxSeq, type AssentCloudEvent } from './outbox.ts';

/** ACTIVE receives deliveries; DISABLED keeps its queue until enableWebhook. */
export type WebhookStatus = 'ACTIVE' | 'DISABLED';
/** Where one delivery stands (FAILED: another attempt is scheduled; DEAD: attempts used up). */
export type DeliveryStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'DEAD';

/** A webhook as the API shows it: never its secret. */
export interface WebhookInfo {
  id: string;
  url: string;
  purposeKeys: string[];
  eventTypes: EventType[];
  status: WebhookStatus;
  disabledReason: string | null;
  createdAt: Date;
}
/** One delivery as the API shows it. */
export interface DeliveryInfo {
  id: string;
  eventId: string;
  eventType: EventType;
  status: DeliveryStatus;
  attempts: number;
  lastAttemptAt: Date | null;
  lastResponseStatus: number | null;
  nextAttemptAt: Date | null;
}
/** A delivery the dispatcher is about to attempt, with what it needs to sign and send it. */
export interface DueDelivery {
  id: string;
  webhookId: string;
  url: string;
  /** The webhook's secrets, opened: the current one, and the one a rotation replaced until it expires. */
  secrets: WebhookSecrets;
  outboxSeq: number;
  eventId: string;
  subjectId: string | null;
  attempts: number;
  replay: boolean;
  body: string;
}
export type { AttemptOutcome, RecordedAttempt } from './dispatch-writer.ts';

const NON_FINAL = ['PENDING', 'FAILED'];
/** The cursor name of the webhook fan-out. */
export const FANOUT_CURSOR = 'fanout';

const webhookSelect = {
  id: true,
  url: true,
  purposeKeys: true,
  eventTypes: true,
  status: true,
  disabledReason: true,
  createdAt: true,
} as const;
type WebhookRow = {
  id: string;
  url: string;
  purposeKeys: string;
  eventTypes: string;
  status: string;
  disabledReason: string | null;
  createdAt: Date;
};
const toWebhook = (r: WebhookRow): WebhookInfo => ({
  id: r.id,
  url: r.url,
  purposeKeys: JSON.parse(r.purposeKeys) as string[],
  eventTypes: JSON.parse(r.eventTypes) as EventType[],
  status: r.status as WebhookStatus,
  disabledReason: r.disabledReason,
  createdAt: r.createdAt,
});

const deliverySelect = {
  id: true,
  eventId: true,
  eventType: true,
  status: true,
  attempts: true,
  lastAttemptAt: true,
  lastResponseStatus: true,
  nextAttemptAt: true,
} as const;
type DeliveryRow = {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastAttemptAt: Date | null;
  lastResponseStatus: number | null;
  nextAttemptAt: Date | null;
};
const toDelivery = (r: DeliveryRow): DeliveryInfo => ({
  ...r,
  eventType: r.eventType as EventType,
  status: r.status as DeliveryStatus,
});

/**
 * Webhooks and their deliveries. Ordering invariant: within one (webhook, subject) group, exactly the
 * oldest non-final, non-replay delivery has nextAttemptAt set; the later ones wait with null and are
 * scheduled when it becomes SUCCEEDED or DEAD. The writes that rely on this (fan-out, completing an
 * attempt) are the dispatch writer's (dispatch-writer.ts), which keeps them ordered on both databases.
 */
export function webhookRepository(prisma: Db, hot: HotReads, writer: DispatchWriter, secrets: WebhookSecretBox) {
  return {
    /** Seals every secret an earlier version stored in clear (idempotent; compare-and-set per row). */
    async sealPlainSecrets(): Promise<number> {
      const rows = await prisma.webhook.findMany({ select: { id: true, secret: true } });
      let sealed = 0;
      for (const r of rows.filter((row) => !isSealed(row.secret))) {
        const done = await prisma.webhook.updateMany({
          where: { id: r.id, secret: r.secret },
          data: { secret: secrets.seal(r.id, r.secret) },
        });
        sealed += done.count;
      }
      return sealed;
    },

    /** Stores a new webhook that receives events committed after now (afterSeq = the outbox's newest seq). */
    async create(input: {
      url: string;
      purposeKeys: string[];
      eventTypes: EventType[];
      secret: string;
      createdAt: Date;
    }): Promise<WebhookInfo> {
      const afterSeq = await newestOutboxSeq(prisma);
      const id = randomUUID();
      const row = await prisma.webhook.create({
        data: {
          id,
          url: input.url,
          purposeKeys: JSON.stringify(input.purposeKeys),
          eventTypes: JSON.stringify(input.eventTypes),
          secret: secrets.seal(id, input.secret),
          status: 'ACTIVE',
          createdAt: input.createdAt,
          afterSeq,
        },
        select: webhookSelect,
      });
      return toWebhook(row);
    },

    /** A webhook's secrets in their stored (sealed) form, or null when there is no such webhook. */
    async findStoredSecrets(id: string): Promise<WebhookSecrets | null> {
      const r = await prisma.webhook.findUnique({
        where: { id },
        select: { secret: true, previousSecret: true, previousSecretExpiresAt: true },
      });
      return r ? { current: r.secret, previous: r.previousSecret, previousExpiresAt: r.previousSecretExpiresAt } : null;
    },

    /**
     * Stores a webhook's secrets (a value not sealed yet is sealed for the row) if its current one is still
     * `expectedCurrent` in stored form: a compare-and-set, so of two rotations racing one wins and the other
     * gets null and writes nothing.
     */
    async replaceSecrets(id: string, expectedCurrent: string, next: WebhookSecrets): Promise<WebhookInfo | null> {
      const stored = (v: string) => (isSealed(v) ? v : secrets.seal(id, v));
      return prisma.$transaction(async (tx) => {
        const done = await tx.webhook.updateMany({
          where: { id, secret: expectedCurrent },
          data: {
            secret: stored(next.current),
            previousSecret: next.previous === null ? null : stored(next.previous),
            previousSecretExpiresAt: next.previousExpiresAt,
          },
        });
        if (done.count === 0) return null;
        return toWebhook(await tx.webhook.findUniqueOrThrow({ where: { id }, select: webhookSelect }));
      });
    },

    /** Every webhook, oldest first. */
    async list(): Promise<WebhookInfo[]> {
      return (
        await prisma.webhook.findMany({ select: webhookSelect, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
      ).map(toWebhook);
    },

    /** One webhook, or null. */
    async findById(id: string): Promise<WebhookInfo | null> {
      const r = await prisma.webhook.findUnique({ where: { id }, select: webhookSelect });
      return r ? toWebhook(r) : null;
    },

    /** Disables a webhook with a reason (deliveries wait). */
    async disable(id: string, reason: string): Promise<WebhookInfo> {
      return toWebhook(
        await prisma.webhook.update({
          where: { id },
          data: { status: 'DISABLED', disabledReason: reason },
          select: webhookSelect,
        }),
      );
    },

    /**
     * Disables every ACTIVE webhook whose deliveries have all failed since at least `disableAfterSeconds` ago (its
     * failingSince, cleared by any success), whether or not an attempt is due; returns those disabled, with why.
     */
    async disableLongFailing(now: Date, disableAfterSeconds: number): Promise<{ id: string; reason: string }[]> {
      const since = new Date(now.getTime() - disableAfterSeconds * 1000);
      const failing = await prisma.webhook.findMany({
        where: { status: 'ACTIVE', failingSince: { not: null, lte: since } },
        select: { id: true, failingSince: true },
      });
      const out: { id: string; reason: string }[] = [];
      for (const w of failing) {
        const reason = disableReasonWhileFailing(w.failingSince!, now);
        // Only if it is still failing as read: a success in between clears failingSince, a 410 disables it already.
        const [r] = await prisma.$transaction([
          prisma.webhook.updateMany({
            where: { id: w.id, status: 'ACTIVE', failingSince: w.failingSince },
            data: { status: 'DISABLED', disabledReason: reason },
          }),
        ]);
        if (r.count === 1) out.push({ id: w.id, reason });
      }
      return out;
    },

    /** Enables a webhook again; its scheduled deliveries (one per subject, and replays) become due at once. */
    async enable(id: string, now: Date): Promise<WebhookInfo> {
      return prisma.$transaction(async (tx) => {
        const w = await tx.webhook.update({
          where: { id },
          data: { status: 'ACTIVE', disabledReason: null, failingSince: null },
          select: webhookSelect,
        });
        await tx.webhookDelivery.updateMany({
          where: { webhookId: id, status: { in: NON_FINAL }, nextAttemptAt: { not: null } },
          data: { nextAttemptAt: now },
        });
        return toWebhook(w);
      });
    },

    /** A webhook's deliveries, newest first. */
    async listDeliveries(webhookId: string, first: number): Promise<DeliveryInfo[]> {
      const rows = await prisma.webhookDelivery.findMany({
        where: { webhookId },
        select: deliverySelect,
        orderBy: [{ createdAt: 'desc' }, { outboxSeq: 'desc' }, { id: 'desc' }],
        take: first,
      });
      return rows.map(toDelivery);
    },

    /**
     * Queues again every event the webhook's filters match whose time (recordedAt / publishedAt) is
     * at or after `since`, as new replay deliveries due now. Returns how many.
     */
    async replay(webhook: WebhookFilter & { id: string }, since: Date, now: Date): Promise<number> {
      let cursor = 0;
      let created = 0;
      for (;;) {
        // The row is written after its record's recordedAt, so createdAt >= since is a superset; payload.time decides.
        const rows = await prisma.outboxEvent.findMany({
          where: { seq: { gt: cursor }, createdAt: { gte: since } },
          orderBy: { seq: 'asc' },
          take: 1000,
          select: { seq: true, eventId: true, type: true, subjectId: true, purposeKey: true, payload: true },
        });
        if (rows.length === 0) break;
        cursor = rows.at(-1)!.seq;
        const data = rows
          .filter((r) => Date.parse((r.payload as unknown as AssentCloudEvent).time) >= since.getTime())
          .filter((r) => webhookMatches(webhook, { type: r.type as CloudEventType, purposeKey: r.purposeKey }))
          .map((r) => ({
            id: randomUUID(),
            webhookId: webhook.id,
            outboxSeq: r.seq,
            eventId: r.eventId,
            eventType: eventTypeOf(r.type as CloudEventType),
            subjectId: r.subjectId,
            status: 'PENDING',
            attempts: 0,
            nextAttemptAt: now,
            createdAt: now,
            replay: true,
          }));
        if (data.length) created += (await prisma.webhookDelivery.createMany({ data })).count;
      }
      return created;
    },

    /**
     * Fans the next outbox rows after the fan-out cursor out into deliveries (one per webhook whose
     * filters match and that was registered before the row) and moves the cursor past them, in one
     * transaction. A compare-and-set on the cursor makes a concurrent fan-out (another instance
     * during a leadership change) write nothing. With no webhook registered it passes the whole
     * backlog in one step. Says whether more rows may be waiting.
     */
    async fanOutNext(limit: number, now: Date): Promise<{ more: boolean }> {
      // Prepared statements on the raw driver for the reads every wake-up makes (see hot-reads.ts).
      const from = await hot.sinkCursor(FANOUT_CURSOR);
      // Only the columns routing needs: the payload is read when a delivery is attempted.
      const rows = await hot.outboxRoutesAfter(from, limit);
      let to = rows.at(-1)?.seq;
      if (to === undefined) return { more: false };
      // A backlog (a first start on an existing outbox, or events from before any webhook): read where
      // it ends, before the routes, as the rows were read before them.
      const end = rows.length === limit ? await newestOutboxSeq(prisma) : to;
      const routes = await hot.webhookRoutes();
      // With no webhook at all nothing is planned for any row, so the cursor passes the whole backlog at once.
      if (routes.length === 0) to = end;
      const webhooks = routes.map((w) => ({
        id: w.id,
        afterSeq: w.afterSeq,
        purposeKeys: JSON.parse(w.purposeKeys) as string[],
        eventTypes: JSON.parse(w.eventTypes) as EventType[],
      }));
      const planned: { webhookId: string; row: (typeof rows)[number] & { type: CloudEventType } }[] = [];
      for (const row of rows as ((typeof rows)[number] & { type: CloudEventType })[]) {
        for (const w of webhooks)
          if (row.seq > w.afterSeq && webhookMatches(w, row)) planned.push({ webhookId: w.id, row });
      }
      // One transaction of prepared statements (with nothing planned, just the cursor's compare-and-set).
      // A webhook registered meanwhile has a higher afterSeq than these rows, so it cannot have wanted them.
      await writer.fanOut(
        FANOUT_CURSOR,
        from,
        to,
        planned.map(({ webhookId, row }) => ({
          webhookId,
          outboxSeq: row.seq,
          eventId: row.eventId,
          eventType: eventTypeOf(row.type),
          subjectId: row.subjectId,
        })),
        now,
      );
      // A full batch fanned out row by row may have more behind it; a jump went to the end.
      return { more: routes.length > 0 && rows.length === limit };
    },

    /** Deliveries due now (scheduled, not in flight here), to ACTIVE webhooks other than `exceptWebhooks`, earliest first. */
    async listDue(
      now: Date,
      limit: number,
      exclude: readonly string[],
      exceptWebhooks: readonly string[] = [],
    ): Promise<DueDelivery[]> {
      // One prepared statement (deliveries with their webhook and payload); those in flight are skipped here.
      const skip = new Set(exclude);
      const rows = await hot.dueDeliveries(now, limit + skip.size, exceptWebhooks);
      return rows
        .filter((r) => !skip.has(r.id))
        .slice(0, limit)
        .map((r) => ({
          id: r.id,
          webhookId: r.webhookId,
          url: r.url,
          secrets: {
            current: secrets.open(r.webhookId, r.secret),
            previous: r.previousSecret === null ? null : secrets.open(r.webhookId, r.previousSecret),
            previousExpiresAt: r.previousSecretExpiresAt,
          },
          outboxSeq: r.outboxSeq,
          eventId: r.eventId,
          subjectId: r.subjectId,
          attempts: r.attempts,
          replay: r.replay,
          body: JSON.stringify(r.payload),
        }));
    },

    /**
     * Records an attempt: the delivery's new state (only if nobody recorded this attempt already),
     * the next delivery of its group scheduled once it is final, and the webhook's health
     * (failingSince; disabled on 410 or after sustained failure). Returns the reason when it disabled it.
     */
    recordAttempt(d: DueDelivery, o: AttemptOutcome): Promise<RecordedAttempt> {
      return writer.recordAttempt(d, o);
    },
  };
}

/** The webhook repository's type. */
export type WebhookRepository = ReturnType<typeof webhookRepository>;
