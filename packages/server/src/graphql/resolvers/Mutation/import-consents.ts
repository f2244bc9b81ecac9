import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Imports up to 1,000 consents recorded elsewhere; all or nothing, idempotent by importId. */
export const importConsents: NonNullable<MutationResolvers['importConsents']> = (_parent, args, ctx) =>
  ctx.service.importConsents(principalOf(ctx), args);
