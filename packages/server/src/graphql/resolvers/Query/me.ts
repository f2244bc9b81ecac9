import { principalOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** The caller's own consents (SUBJECT tokens). */
export const me: NonNullable<QueryResolvers['me']> = (_parent, _args, ctx) => ctx.service.me(principalOf(ctx));
