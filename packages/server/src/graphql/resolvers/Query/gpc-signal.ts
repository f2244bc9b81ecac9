import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** Public: whether this request carried Sec-GPC: 1. */
export const gpcSignal: NonNullable<QueryResolvers['gpcSignal']> = (_parent, _args, ctx) => ctx.gpc;
