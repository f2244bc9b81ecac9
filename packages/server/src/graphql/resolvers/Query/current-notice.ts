import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** The notice in force (public). */
export const currentNotice: NonNullable<QueryResolvers['currentNotice']> = (_parent, _args, ctx) => ctx.service.currentNotice();
