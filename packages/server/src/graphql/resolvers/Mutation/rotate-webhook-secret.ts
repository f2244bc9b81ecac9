import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Gives a webhook a new secret; the old one signs beside it during the grace period. */
export const rotateWebhookSecret: NonNullable<MutationResolvers['rotateWebhookSecret']> = (_parent, args, ctx) =>
  ctx.service.rotateWebhookSecret(principalOf(ctx), args);
