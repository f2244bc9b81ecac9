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

/**
 * The ledger record an outbox event names, read when it is sent; a revoked key stops at once, also on a connection
 * opened before the revocation.
 */
async function recordOfEvent(row: OutboxRow, ctx: Context) {
  if (ctx.connection && !(await ctx.connection.stillValid())) {
    ctx.connection.close(4401, 'Unauthorized');
    throw new AssentError('UNAUTHENTICATED', 'This API key has been revoked.');
  }
  const [record] = await ctx.service.recordsByIds([row.recordId!]);
  // The outbox row is written in the same transaction as its record, so the record exists.
  if (!record)
    throw new Error(`Outbox event ${row.eventId} names record ${row.recordId}, which the ledger does not hold.`);
  // The ledger reads an erased subject's records as "erased"; the erasure event names the subject until it has been
  // delivered everywhere (contract 1.1), and so does this channel, so that a follower can erase it too.
  if (row.type === SUBJECT_ERASED_EVENT && row.event.subject) return { ...record, subjectId: row.event.subject };
  return record;
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
    const { purposeKeys: followed, after } = await ctx.service.openConsentStream(principalOf(ctx), a);
    return ctx.tail.follow({
      after,
      accept: (row) =>
        row.recordId !== null &&
        (row.type === SUBJECT_ERASED_EVENT || (row.purposeKey !== null && followed.has(row.purposeKey))),
    });
  },
  resolve: async (item: FollowItem, _args, ctx) =>
    item.kind === 'event'
      ? { outboxSeq: item.row.seq, record: await recordOfEvent(item.row, ctx), readAt: null, sentAt: new Date() }
      : { outboxSeq: item.seq, record: null, readAt: new Date(item.readAt), sentAt: new Date() },
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
    resolve: (row: OutboxRow, _args, ctx) => recordOfEvent(row, ctx),
  },
  consentStream,
};
