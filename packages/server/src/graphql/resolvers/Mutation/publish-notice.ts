import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Publishes notice version N+1. */
export const publishNotice: NonNullable<MutationResolvers['publishNotice']> = (_parent, args, ctx) =>
  ctx.service.publishNotice(principalOf(ctx), args.input);
