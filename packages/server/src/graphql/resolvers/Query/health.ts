import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** Liveness of the API and which database it runs on (public). */
export const health =
  (meta: { database: string; version: string }): NonNullable<QueryResolvers['health']> =>
  () => ({ ok: true, ...meta });
