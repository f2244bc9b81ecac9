import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Records a grant. */
export const grantConsent: NonNullable<MutationResolvers['grantConsent']> = (_parent, args, ctx) => ctx.service.grantConsent(principalOf(ctx), args.input);
