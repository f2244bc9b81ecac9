import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Records a refusal (asked and declined). */
export const refuseConsent: NonNullable<MutationResolvers['refuseConsent']> = (_parent, args, ctx) =>
  ctx.service.refuseConsent(principalOf(ctx), args.input, { acceptLanguage: ctx.acceptLanguage });
