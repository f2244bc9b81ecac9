import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Records a grant; without input.locale the record takes the locale the request's Accept-Language picks. */
export const grantConsent: NonNullable<MutationResolvers['grantConsent']> = (_parent, args, ctx) =>
  ctx.service.grantConsent(principalOf(ctx), args.input, { acceptLanguage: ctx.acceptLanguage });
