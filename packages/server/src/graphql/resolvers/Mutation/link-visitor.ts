import { principalOf } from '../../context.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';

/** Carries a visitor's decisions to the subject they signed in as. */
export const linkVisitor: NonNullable<MutationResolvers['linkVisitor']> = (_parent, args, ctx) =>
  ctx.service.linkVisitor(principalOf(ctx), { visitorSubjectId: args.visitorSubjectId, subjectId: args.subjectId });
