import { setTimeout } from 'node:timers/promises';
import { ERASED_SUBJECT_ID, scrubEventPayload, SUBJECT_ERASED_EVENT } from '@assent/core';
import type { Db, DbKind } from './client.ts';
import { rawDate } from './raw.ts';

/** The least pause between two batches of pruning. */
const MIN_PAUSE_MS = 5;

/**
 * Every assent.subject.erased event, by the partial index OutboxEvent_erasure_idx (a condition on dispatchedAt here
 * would make SQLite prefer the (dispatchedAt, seq) index, which holds the whole outbox).
 */
export const ERASURE_EVENTS = `SELECT "seq", "payload", "dispatchedAt" FROM "OutboxEvent" WHERE "type" = '${SUBJECT_ERASED_EVENT}'`;

/**
 * The SinkCursor row that holds the highest outbox seq ever pruned, written in each prune's transaction: a follower
 * of the outbox from a position below it may have lost events (consentStream answers CONFLICT), and the outbox's
 * position never goes below it, also when pruning has emptied the table.
 */
export const OUTBOX_PRUNED_THROUGH = 'outbox-pruned-through';

/** Deliveries that may still be sent (a PENDING or FAILED one still needs its event's payload). */
const OPEN_DELIVERY = { status: { in: ['PENDING', 'FAILED'] } };

/**
 * The outbox's background upkeep (outbox/outbox-maintenance.ts): scrubbing erasure events once every channel has them,
 * and pruning dispatched events past retention. Both only touch rows that no sink or delivery still needs.
 */
export function outboxMaintenanceRepository(prisma: Db, kind: DbKind) {
  const markPruned =
    kind === 'sqlite'
      ? `INSERT INTO "SinkCursor" ("name", "seq") VALUES ('${OUTBOX_PRUNED_THROUGH}', ?) ON CONFLICT ("name") DO UPDATE SET "seq" = MAX("seq", excluded."seq")`
      : `INSERT INTO "SinkCursor" ("name", "seq") VALUES ('${OUTBOX_PRUNED_THROUGH}', $1) ON CONFLICT ("name") DO UPDATE SET "seq" = GREATEST("SinkCursor"."seq", EXCLUDED."seq")`;
  return {
    /**
     * Takes the identifier out of every assent.subject.erased event that every sink has passed (dispatchedAt) and no
     * webhook delivery still waits for (each SUCCEEDED or DEAD): the event names the subject only until then
     * (contract 1.1, "Erasure"). Returns how many were scrubbed.
     *
     * A delivery to a webhook that is not ACTIVE (disabled by an admin, or for failing) would wait for good, and the
     * identifier with it: once the event was dispatched before `givenUpBefore` (the retention's cutoff) and only such
     * deliveries are left, they are given up (DEAD) and the event is scrubbed.
     */
    async scrubDeliveredErasures(givenUpBefore?: Date): Promise<number> {
      // The type as a literal, not a parameter: the database can then use the partial index that holds only these
      // events (migration upkeep_partial_indexes) instead of reading the whole outbox.
      const events = (
        await prisma.$queryRawUnsafe<{ seq: number | bigint; payload: unknown; dispatchedAt: unknown }[]>(
          ERASURE_EVENTS,
        )
      )
        .filter((e) => e.dispatchedAt !== null)
        .map((e) => ({ seq: Number(e.seq), payload: e.payload, dispatchedAt: rawDate(e.dispatchedAt) }));
      let scrubbed = 0;
      for (const e of events) {
        const payload = (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as {
          subject?: string;
          data?: Record<string, unknown>;
        };
        if (payload.subject === ERASED_SUBJECT_ID) continue;
        const open = await prisma.webhookDelivery.count({ where: { outboxSeq: e.seq, ...OPEN_DELIVERY } });
        if (open > 0) {
          if (!givenUpBefore || !(e.dispatchedAt < givenUpBefore)) continue;
          const toActive = await prisma.webhookDelivery.count({
            where: { outboxSeq: e.seq, ...OPEN_DELIVERY, webhook: { status: 'ACTIVE' } },
          });
          if (toActive > 0) continue;
          await prisma.webhookDelivery.updateMany({
            where: { outboxSeq: e.seq, ...OPEN_DELIVERY },
            data: { status: 'DEAD', nextAttemptAt: null },
          });
        }
        await prisma.outboxEvent.update({
          where: { seq: e.seq },
          data: { payload: scrubEventPayload(payload) as object },
        });
        scrubbed += 1;
      }
      return scrubbed;
    },

    /**
     * Deletes events dispatched before `before` that no delivery still waits for, with their finished deliveries
     * (SUCCEEDED or DEAD): replay and the delivery log reach back to the retention only. Batches of `batch`; returns
     * how many events were deleted. A batch stays under 999 bound values per statement (the smallest limit Prisma
     * assumes for SQLite) with the status values added.
     */
    async pruneDispatched(before: Date, batch = 500): Promise<number> {
      let pruned = 0;
      let after = 0;
      let batchStarted: number | null = null;
      // The batches walk the outbox in seq order up to the event dispatched last before `before` (one step down the
      // (dispatchedAt, seq) index): without that bound the walk went on to the newest event looking for more, which at
      // ten million events held SQLite (and so the server's thread) for 8 s whenever nothing or little was due. An
      // event of a higher seq dispatched earlier than that one waits for the next pass.
      const last = await prisma.outboxEvent.findFirst({
        where: { dispatchedAt: { lt: before } },
        orderBy: [{ dispatchedAt: 'desc' }, { seq: 'desc' }],
        select: { seq: true },
      });
      if (last === null) return 0;
      for (;;) {
        // A backlog (a database that kept everything, or one just seeded) is pruned at most half the time: on SQLite
        // each statement holds the server's thread, so back-to-back batches starved every request.
        if (batchStarted !== null) await setTimeout(Math.max(MIN_PAUSE_MS, performance.now() - batchStarted));
        batchStarted = performance.now();
        const rows = await prisma.outboxEvent.findMany({
          where: { seq: { gt: after, lte: last.seq }, dispatchedAt: { lt: before } },
          orderBy: { seq: 'asc' },
          select: { seq: true },
          take: batch,
        });
        if (rows.length === 0) break;
        after = rows[rows.length - 1]!.seq;
        const seqs = rows.map((r) => r.seq);
        const waiting = new Set(
          (
            await prisma.webhookDelivery.findMany({
              where: { outboxSeq: { in: seqs }, ...OPEN_DELIVERY },
              select: { outboxSeq: true },
            })
          ).map((d) => d.outboxSeq),
        );
        const done = seqs.filter((s) => !waiting.has(s));
        if (done.length === 0) continue;
        await prisma.$transaction([
          prisma.webhookDelivery.deleteMany({ where: { outboxSeq: { in: done } } }),
          prisma.outboxEvent.deleteMany({ where: { seq: { in: done } } }),
          prisma.$executeRawUnsafe(markPruned, Math.max(...done)),
        ]);
        pruned += done.length;
      }
      return pruned;
    },
  };
}

/** The outbox maintenance repository's type. */
export type OutboxMaintenanceRepository = ReturnType<typeof outboxMaintenanceRepository>;
