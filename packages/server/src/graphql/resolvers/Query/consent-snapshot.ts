import { principalOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** A page of the consent projection for local deciders (@assent/client). */
export const consentSnapshot: NonNullable<QueryResolvers['consentSnapshot']> = (_parent, args, ctx) =>
  ctx.service.consentSnapshot(principalOf(ctx), args);
