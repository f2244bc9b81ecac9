import { principalOf } from '../../context.ts';
import type { QueryResolvers } from '../../generated/resolvers-types.ts';

/** Any subject's consents. */
export const subject: NonNullable<QueryResolvers['subject']> = (_parent, args, ctx) => ctx.service.subject(principalOf(ctx), args);
