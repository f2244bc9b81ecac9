import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Records several decisions at once, all or nothing. */
export const recordChoices: NonNullable<MutationResolvers['recordChoices']> = (_parent, args, ctx) =>
  ctx.service.recordChoices(principalOf(ctx), args.input, { acceptLanguage: ctx.acceptLanguage });
