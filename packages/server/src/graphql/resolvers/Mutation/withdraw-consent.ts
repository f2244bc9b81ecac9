import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Records a withdrawal; without input.locale the record takes the locale the request's Accept-Language picks. */
export const withdrawConsent: NonNullable<MutationResolvers['withdrawConsent']> = (_parent, args, ctx) =>
  ctx.service.withdrawConsent(principalOf(ctx), args.input, { acceptLanguage: ctx.acceptLanguage });
