import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Records the caller's Global Privacy Control signal. */
export const applyGpc: NonNullable<MutationResolvers['applyGpc']> = (_parent, args, ctx) =>
  ctx.service.applyGpc(principalOf(ctx), { signal: args.signal });
