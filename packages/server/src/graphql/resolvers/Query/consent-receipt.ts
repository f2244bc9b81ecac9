import { principalOf, readRequestOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** The signed ISO/IEC TS 27560 receipt of one ledger record. */
export const consentReceipt: NonNullable<QueryResolvers['consentReceipt']> = (_parent, args, ctx) =>
  ctx.service.consentReceipt(principalOf(ctx), args, readRequestOf(ctx));
