import { AssentError, parseInput, ZPurposeKey, ZSubjectId } from '@assent/core';
import { requireRole } from '../../services/auth.service.ts';
import { principalOf, type Context } from '../context.ts';
import type { OutboxRow } from '../../db/outbox.ts';
import type { OutboxTail } from '../../outbox/outbox-tail.ts';

/** An async iterator over matching committed consent events, in commit order. */
function consentEvents(tail: OutboxTail, filter: { subjectId?: string; purposeKey?: string }): AsyncIterableIterator<OutboxRow> {
  const queue: OutboxRow[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  const unsubscribe = tail.subscribe((row) => {
    if (!row.recordId) return;
    if (filter.subjectId && row.subjectId !== filter.subjectId) return;
    if (filter.purposeKey && row.purposeKey !== filter.purposeKey) return;
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

export const subscriptionResolvers = {
  consentChanged: {
    subscribe: (_: unknown, a: { subjectId?: string | null; purposeKey?: string | null }, ctx: Context) => {
      requireRole(principalOf(ctx), ['SERVICE', 'SUPPORT', 'ADMIN']);
      return consentEvents(ctx.tail, {
        subjectId: a.subjectId == null ? undefined : parseInput(ZSubjectId, a.subjectId),
        purposeKey: a.purposeKey == null ? undefined : parseInput(ZPurposeKey, a.purposeKey),
      });
    },
    resolve: async (row: OutboxRow, _: unknown, ctx: Context) => {
      // A revoked key stops at once, also on a connection opened before the revocation.
      if (ctx.connection && !(await ctx.connection.stillValid())) {
        ctx.connection.close(4401, 'Unauthorized');
        throw new AssentError('UNAUTHENTICATED', 'This API key has been revoked.');
      }
      const [record] = await ctx.service.recordsByIds([row.recordId!]);
      return record;
    },
  },
};
