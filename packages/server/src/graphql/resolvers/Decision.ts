import type { DecisionResolvers } from '../generated/resolvers-types.ts';

/** A decision: the record it rests on is loaded (batched) only when asked for. */
export const Decision: DecisionResolvers = {
  record: (decision, _args, ctx) => (decision.recordId ? ctx.loaders.record.load(decision.recordId) : null),
};
