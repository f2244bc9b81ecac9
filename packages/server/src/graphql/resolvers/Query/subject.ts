import { principalOf, readRequestOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** Any subject's consents, in the locale asked or the request's Accept-Language. */
export const subject: NonNullable<QueryResolvers['subject']> = (_parent, args, ctx) =>
  ctx.service.subject(principalOf(ctx), { id: args.id, locale: args.locale ?? ctx.acceptLanguage }, readRequestOf(ctx));
