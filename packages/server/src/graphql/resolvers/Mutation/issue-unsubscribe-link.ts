import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Mints an RFC 8058 one-click unsubscribe link. */
export const issueUnsubscribeLink: NonNullable<MutationResolvers['issueUnsubscribeLink']> = (_parent, args, ctx) =>
  ctx.service.issueUnsubscribeLink(principalOf(ctx), args);
