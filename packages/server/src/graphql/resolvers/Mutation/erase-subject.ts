import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Crypto-shreds a subject (ADMIN; see the contract header, "Erasure"). */
export const eraseSubject: NonNullable<MutationResolvers['eraseSubject']> = (_parent, args, ctx) =>
  ctx.service.eraseSubject(principalOf(ctx), args);
