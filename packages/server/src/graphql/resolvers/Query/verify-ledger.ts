import { principalOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** Recomputes the hash chains (one subject's, or all). */
export const verifyLedger: NonNullable<QueryResolvers['verifyLedger']> = (_parent, args, ctx) =>
  ctx.service.verifyLedger(principalOf(ctx), args);
