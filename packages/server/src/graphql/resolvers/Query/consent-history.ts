import { principalOf, readRequestOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** One page of a subject's ledger, newest first. */
export const consentHistory: NonNullable<QueryResolvers['consentHistory']> = (_parent, args, ctx) =>
  ctx.service.consentHistory(principalOf(ctx), args, readRequestOf(ctx));
