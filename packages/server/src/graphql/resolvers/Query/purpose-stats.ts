import { principalOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** Per active consent purpose, how many subjects are in each state. */
export const purposeStats: NonNullable<QueryResolvers['purposeStats']> = (_parent, _args, ctx) =>
  ctx.service.purposeStats(principalOf(ctx));
