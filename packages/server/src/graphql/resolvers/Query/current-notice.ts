import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** The notice in force (public), in the locale asked or the request's Accept-Language. */
export const currentNotice: NonNullable<QueryResolvers['currentNotice']> = (_parent, args, ctx) =>
  ctx.service.currentNotice({ locale: args.locale ?? ctx.acceptLanguage });
