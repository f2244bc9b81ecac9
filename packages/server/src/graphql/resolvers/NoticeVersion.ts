import type { NoticeVersionResolvers } from '../generated/resolvers-types.ts';

/** A notice version as the catalog holds it. */
export const NoticeVersion: NoticeVersionResolvers = {
  purposes: (notice) => notice.purposes,
};
