import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Revokes an API key at once. */
export const revokeApiKey: NonNullable<MutationResolvers['revokeApiKey']> = (_parent, args, ctx) =>
  ctx.service.revokeApiKey(principalOf(ctx), args);
