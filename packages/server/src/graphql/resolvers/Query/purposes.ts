import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** All purposes, active first (public). */
export const purposes: NonNullable<QueryResolvers['purposes']> = (_parent, _args, ctx) => ctx.service.purposes();
