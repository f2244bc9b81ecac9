import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** The newest signed checkpoint (public). */
export const ledgerCheckpoint: NonNullable<QueryResolvers['ledgerCheckpoint']> = (_parent, _args, ctx) =>
  ctx.service.ledgerCheckpoint();
