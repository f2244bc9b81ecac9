import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** Every published notice, newest first (public). */
export const noticeVersions: NonNullable<QueryResolvers['noticeVersions']> = (_parent, _args, ctx) => ctx.service.noticeVersions();
