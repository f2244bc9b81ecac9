import { principalOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** API keys without secrets. */
export const apiKeys: NonNullable<QueryResolvers['apiKeys']> = (_parent, _args, ctx) =>
  ctx.service.apiKeys(principalOf(ctx));
