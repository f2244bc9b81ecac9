import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Creates an API key; its secret is returned once. */
export const createApiKey: NonNullable<MutationResolvers['createApiKey']> = (_parent, args, ctx) =>
  ctx.service.createApiKey(principalOf(ctx), args);
