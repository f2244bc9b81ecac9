import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Defines a purpose. */
export const definePurpose: NonNullable<MutationResolvers['definePurpose']> = (_parent, args, ctx) =>
  ctx.service.definePurpose(principalOf(ctx), args.input);
