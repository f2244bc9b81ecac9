import { principalOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** The caller's own consents (SUBJECT tokens), in the locale asked or the request's Accept-Language. */
export const me: NonNullable<QueryResolvers['me']> = (_parent, args, ctx) =>
  ctx.service.me(principalOf(ctx), { locale: args.locale ?? ctx.acceptLanguage });
