import { principalOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** May this subject's data be processed for this purpose (now, or at a past instant)? */
export const decide: NonNullable<QueryResolvers['decide']> = (_parent, args, ctx) =>
  ctx.service.decide(principalOf(ctx), args);
