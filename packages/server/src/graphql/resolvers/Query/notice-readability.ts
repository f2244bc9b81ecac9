import { principalOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** The plain-language check of a notice draft (ADMIN). */
export const noticeReadability: NonNullable<QueryResolvers['noticeReadability']> = (_parent, args, ctx) =>
  ctx.service.noticeReadability(principalOf(ctx), args.input);
