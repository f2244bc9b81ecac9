import { principalOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** ADMIN: the access log, newest first, optionally one subject's. */
export const accessLog: NonNullable<QueryResolvers['accessLog']> = (_parent, args, ctx) =>
  ctx.service.accessLog(principalOf(ctx), args);
