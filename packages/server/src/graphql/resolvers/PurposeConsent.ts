import type { PurposeConsentResolvers } from '../generated/resolvers-types.ts';

/** One purpose's state for a subject: the record behind it is loaded (batched) only when asked for. */
export const PurposeConsent: PurposeConsentResolvers = {
  lastRecord: (view, _args, ctx) => (view.recordId ? ctx.loaders.record.load(view.recordId) : null),
};
