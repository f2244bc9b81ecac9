import { isActive, requiresConsent } from '@assent/core';
import type { PurposeResolvers } from '../generated/resolvers-types.ts';

/** The derived fields of a purpose, by the core's rules. */
export const Purpose: PurposeResolvers = {
  requiresConsent: (purpose) => requiresConsent(purpose),
  active: (purpose) => isActive(purpose),
};
