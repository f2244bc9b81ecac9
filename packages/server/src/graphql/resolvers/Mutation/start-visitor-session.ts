import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Public: a new anonymous visitor and its token, rate-limited per client IP (any token sent is ignored). */
export const startVisitorSession: NonNullable<MutationResolvers['startVisitorSession']> = (_parent, args, ctx) =>
  ctx.service.startVisitorSession({ ttlSeconds: args.ttlSeconds, clientIp: ctx.clientIp });
