import type { ConsentRecordConnectionResolvers } from '../generated/resolvers-types.ts';

/** A history page: the total is counted only when a client asks for it. */
export const ConsentRecordConnection: ConsentRecordConnectionResolvers = {
  totalCount: (page) => page.totalCount(),
};
