import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Retires a purpose. */
export const retirePurpose: NonNullable<MutationResolvers['retirePurpose']> = (_parent, args, ctx) =>
  ctx.service.retirePurpose(principalOf(ctx), args);
