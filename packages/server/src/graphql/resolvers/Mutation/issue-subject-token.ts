import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Mints a short-lived token for one subject. */
export const issueSubjectToken: NonNullable<MutationResolvers['issueSubjectToken']> = (_parent, args, ctx) =>
  ctx.service.issueSubjectToken(principalOf(ctx), args);
