import { principalOf as p } from '../context.ts';
import type { MutationResolvers, QueryResolvers } from '../generated/resolvers-types.ts';

/** Thin resolvers of the webhook operations: each calls one use case of the webhook service as (principal, input). */
export const webhookResolvers: {
  Query: Pick<QueryResolvers, 'webhooks' | 'webhookDeliveries'>;
  Mutation: Pick<MutationResolvers, 'registerWebhook' | 'disableWebhook' | 'enableWebhook' | 'replayWebhookDeliveries'>;
} = {
  Query: {
    webhooks: (_parent, _args, ctx) => ctx.service.webhooks.list(p(ctx)),
    webhookDeliveries: (_parent, args, ctx) => ctx.service.webhooks.deliveries(p(ctx), args),
  },
  Mutation: {
    registerWebhook: (_parent, args, ctx) => ctx.service.webhooks.register(p(ctx), args.input),
    disableWebhook: (_parent, args, ctx) => ctx.service.webhooks.disable(p(ctx), args.id),
    enableWebhook: (_parent, args, ctx) => ctx.service.webhooks.enable(p(ctx), args.id),
    replayWebhookDeliveries: async (_parent, args, ctx) => {
      const { count, beyondRetention } = await ctx.service.webhooks.replay(p(ctx), args);
      // The contract's answer is a count; that older events were pruned travels as a warning beside it.
      if (beyondRetention)
        (ctx.warnings ??= []).push({
          code: 'REPLAY_BEYOND_RETENTION',
          message: `Events dispatched before ${beyondRetention.toISOString()} are not kept (ASSENT_OUTBOX_RETENTION_DAYS), so they were not replayed.`,
          retainedSince: beyondRetention.toISOString(),
        });
      return count;
    },
  },
};
