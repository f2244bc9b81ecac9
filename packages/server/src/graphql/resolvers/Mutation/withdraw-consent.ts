import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Records a withdrawal. */
export const withdrawConsent: NonNullable<MutationResolvers['withdrawConsent']> = (_parent, args, ctx) => ctx.service.withdrawConsent(principalOf(ctx), args.input);
