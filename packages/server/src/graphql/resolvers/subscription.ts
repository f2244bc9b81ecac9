import { AssentError, parseInput, SUBJECT_ERASED_EVENT, ZPurposeKey, ZSubjectId } from '@assent/core';
import { requireRole } from '../../services/auth.service.ts';
import { principalOf, type Context } from '../context.ts';
import type {
  ResolversParentTypes,
  ResolversTypes,
  SubscriptionConsentChangedArgs,
  SubscriptionConsentStreamArgs,
  SubscriptionResolverObject,
  SubscriptionResolvers,
} from '../generated/resolvers-types.ts';
import type { OutboxRow } from '../../db/outbox.ts';
import type { OutboxTail } from '../../outbox/outbox-tail.ts';
import type { FollowItem } from '../../outbox/outbox-follow.ts';

/** An async iterator over matching committed consent events, in commit order. */
function consentEvents(
  tail: OutboxTail,
  filter: { subjectId?: string; purposeKey?: string },
): AsyncIterableIterator<OutboxRow> {
  const queue: OutboxRow[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  const unsubscribe = tail.subscribe((row) => {
    if (!row.recordId) return;
    // An erasure event is filed under the pseudonym (#16); its payload names the subject until it is scrubbed.
    if (filter.subjectId && row.subjectId !== filter.subjectId && row.event.subject !== filter.subjectId) return;
    // A purpose filter applies to consent events; an erasure ends every purpose of its subject, so it passes (as the
    // contract's webhook filters let it pass), and a follower of one purpose learns of it.
    if (filter.purposeKey && row.purposeKey !== filter.purposeKey && row.type !== SUBJECT_ERASED_EVENT) return;
    queue.push(row);
    wake?.();
  });
  const finish = () => {
    done = true;
    unsubscribe();
    wake?.();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      while (!done && queue.length === 0) await new Promise<void>((r) => (wake = r));
      if (queue.length) return { value: queue.shift()!, done: false };
      return { value: undefined, done: true };
    },
    async return() {
      finish();
      return { value: undefined, done: true };
    },
  };
}

/** A revoked key stops at once, also on a connection opened before the revocation. */
async function stillValid(ctx: Context): Promise<void> {
  if (ctx.connection && !(await ctx.connection.stillValid())) {
    ctx.connection.close(4401, 'Unauthorized');
    throw new AssentError('UNAUTHENTICATED', 'This API key has been revoked.');
  }
}

/** The ledger record an outbox event names, as subscriptions send it. */
async function recordOf(row: OutboxRow, ctx: Context) {
  const [record] = await ctx.service.recordsByIds([row.recordId!]);
  // The outbox row is written in the same transaction as its record, so the record exists.
  if (!record)
    throw new Error(`Outbox event ${row.eventId} names record ${row.recordId}, which the ledger does not hold.`);
  // The ledger reads an erased subject's records as "erased"; the erasure event names the subject until it has been
  // delivered everywhere (contract 1.1), and so does this channel, so that a follower can erase it too.
  if (row.type === SUBJECT_ERASED_EVENT && row.event.subject) return { ...record, subjectId: row.event.subject };
  return record;
}

/** How often consentStream tries to read an event's record before it ends the stream. */
const RECORD_READS = 3;

/** When each consentStream subscription last had its caller checked on a heartbeat (performance.now()). */
const keyCheckedAt = new WeakMap<Context, number>();
const KEY_CHECK_EVERY_MS = 1000;

/** A consentStream item: a heartbeat, or an event with its record read. */
type StreamItem =
  | { kind: 'heartbeat'; seq: number; readAt: number; readMono: number }
  | { kind: 'event'; seq: number; record: Awaited<ReturnType<typeof recordOf>> };

/**
 * The follower's items with each event's record read before it is sent. A read that keeps failing ends the stream with
 * an error instead of sending the event without it (graphql-js would send an error in its place and go on, and a
 * follower would pass the event by): the client subscribes again from the last position it applied.
 */
function withRecords(items: AsyncIterableIterator<FollowItem>, ctx: Context): AsyncIterableIterator<StreamItem> {
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      const r = await items.next();
      if (r.done) return { value: undefined, done: true };
      const item = r.value;
      if (item.kind === 'heartbeat') return { value: item, done: false };
      for (let attempt = 1; ; attempt++) {
        try {
          return { value: { kind: 'event', seq: item.row.seq, record: await recordOf(item.row, ctx) }, done: false };
        } catch (e) {
          if (attempt >= RECORD_READS) {
            await items.return?.();
            throw new AssentError(
              'INTERNAL_SERVER_ERROR',
              `Reading the record of outbox event ${item.row.seq} failed; subscribe again from the last outboxSeq applied.`,
              { cause: e },
            );
          }
          await new Promise((resolve) => setTimeout(resolve, 100 * 3 ** (attempt - 1)));
        }
      }
    },
    async return() {
      await items.return?.();
      return { value: undefined, done: true };
    },
  };
}

/** consentChanged subscribes to outbox rows and resolves each to a ledger record. */
type ConsentChanged = SubscriptionResolverObject<
  ResolversTypes['ConsentRecord'],
  ResolversParentTypes['Subscription'],
  Context,
  Partial<SubscriptionConsentChangedArgs>
>;

/** consentStream: outbox items (events and heartbeats), each resolved to a ConsentStreamEvent. */
type ConsentStream = SubscriptionResolverObject<
  ResolversTypes['ConsentStreamEvent'],
  ResolversParentTypes['Subscription'],
  Context,
  SubscriptionConsentStreamArgs
>;

/** consentStream: the outbox from a position on, for @assent/client's local decisions (no event lost or repeated). */
const consentStream: ConsentStream = {
  subscribe: async (_parent, a, ctx) => {
    const { purposeKeys: followed, after, stillWhole } = await ctx.service.openConsentStream(principalOf(ctx), a);
    const items = ctx.tail.follow({
      after,
      stillWhole,
      accept: (row) =>
        row.recordId !== null &&
        (row.type === SUBJECT_ERASED_EVENT || (row.purposeKey !== null && followed.has(row.purposeKey))),
    });
    return withRecords(items, ctx);
  },
  resolve: async (item: StreamItem, _args, ctx) => {
    if (item.kind === 'event') {
      await stillValid(ctx);
      return { outboxSeq: item.seq, record: item.record, readAt: null, sentAt: new Date(), clientTime: null };
    }
    // A heartbeat checks the caller about once a second, not with each of its few a second.
    const checkedAt = keyCheckedAt.get(ctx) ?? Number.NEGATIVE_INFINITY;
    if (item.readMono - checkedAt >= KEY_CHECK_EVERY_MS) {
      await stillValid(ctx);
      keyCheckedAt.set(ctx, item.readMono);
    }
    // The newest ping received before the read began: the client sent it before the read, so everything committed
    // before its time is at or below outboxSeq.
    const clientTime = ctx.connection?.pingBefore?.(item.readMono)?.t ?? null;
    return { outboxSeq: item.seq, record: null, readAt: new Date(item.readAt), sentAt: new Date(), clientTime };
  },
};

/** The subscriptions: committed consent events from the outbox tail, each resolved to its ledger record. */
export const subscriptionResolvers: SubscriptionResolvers & {
  consentChanged: ConsentChanged;
  consentStream: ConsentStream;
} = {
  consentChanged: {
    subscribe: (_parent, a, ctx) => {
      requireRole(principalOf(ctx), ['SERVICE', 'SUPPORT', 'ADMIN']);
      return consentEvents(ctx.tail, {
        subjectId: a.subjectId == null ? undefined : parseInput(ZSubjectId, a.subjectId),
        purposeKey: a.purposeKey == null ? undefined : parseInput(ZPurposeKey, a.purposeKey),
      });
    },
    resolve: async (row: OutboxRow, _args, ctx) => {
      await stillValid(ctx);
      return recordOf(row, ctx);
    },
  },
  consentStream,
};
