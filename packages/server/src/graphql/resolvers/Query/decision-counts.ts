import { principalOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** ADMIN: decisions per caller key per minute. */
export const decisionCounts: NonNullable<QueryResolvers['decisionCounts']> = (_parent, args, ctx) =>
  ctx.service.decisionCounts(principalOf(ctx), args);
