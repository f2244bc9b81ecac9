import { principalOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** Subjects whose id starts with a prefix, for support staff. */
export const subjectsByPrefix: NonNullable<QueryResolvers['subjectsByPrefix']> = (_parent, args, ctx) =>
  ctx.service.subjectsByPrefix(principalOf(ctx), args);
