import { principalOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** Subjects by their latest ledger change, for support staff. */
export const recentlyChangedSubjects: NonNullable<QueryResolvers['recentlyChangedSubjects']> = (_parent, args, ctx) =>
  ctx.service.recentlyChangedSubjects(principalOf(ctx), args);
