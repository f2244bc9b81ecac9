import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** Every published notice, newest first (public), in the locale asked or the request's Accept-Language. */
export const noticeVersions: NonNullable<QueryResolvers['noticeVersions']> = (_parent, args, ctx) =>
  ctx.service.noticeVersions({ locale: args.locale ?? ctx.acceptLanguage });
