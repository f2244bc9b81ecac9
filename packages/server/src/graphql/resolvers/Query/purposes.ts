import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** All purposes, active first (public), in the locale asked or the request's Accept-Language. */
export const purposes: NonNullable<QueryResolvers['purposes']> = (_parent, args, ctx) =>
  ctx.service.purposes({ locale: args.locale ?? ctx.acceptLanguage });
