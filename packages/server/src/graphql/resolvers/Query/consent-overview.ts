import { principalOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** Per active consent purpose, answers over time and now, from the count tables. */
export const consentOverview: NonNullable<QueryResolvers['consentOverview']> = (_parent, args, ctx) =>
  ctx.service.consentOverview(principalOf(ctx), args);
