import { principalOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** SUBJECT: who read my consents. */
export const myAccessLog: NonNullable<QueryResolvers['myAccessLog']> = (_parent, args, ctx) =>
  ctx.service.myAccessLog(principalOf(ctx), args);
