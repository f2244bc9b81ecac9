import { principalOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** Up to 1000 decisions, in the order asked. */
export const decideMany: NonNullable<QueryResolvers['decideMany']> = (_parent, args, ctx) =>
  ctx.service.decideMany(principalOf(ctx), args);
