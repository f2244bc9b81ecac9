import { principalOf as p, type Context } from '../context.ts';

type Args = Record<string, unknown>;

/** Thin resolvers of the webhook operations: each calls one use case of the webhook service. */
export const webhookResolvers = {
  Query: {
    webhooks: (_: unknown, __: Args, ctx: Context) => ctx.service.webhooks.list(p(ctx)),
    webhookDeliveries: (_: unknown, a: Args, ctx: Context) => ctx.service.webhooks.deliveries(p(ctx), a as never),
  },
  Mutation: {
    registerWebhook: (_: unknown, a: Args, ctx: Context) => ctx.service.webhooks.register(p(ctx), a.input),
    disableWebhook: (_: unknown, a: Args, ctx: Context) => ctx.service.webhooks.disable(p(ctx), a.id),
    enableWebhook: (_: unknown, a: Args, ctx: Context) => ctx.service.webhooks.enable(p(ctx), a.id),
    replayWebhookDeliveries: (_: unknown, a: Args, ctx: Context) => ctx.service.webhooks.replay(p(ctx), a as never),
  },
};
