import { z } from 'zod';
import type { Role } from './types';

// #18, GDPR Art. 15 accountability (README, "Access log"): which reads of a subject's data are recorded, and how
// decisions are counted instead.

/** The reads the access log records, by the GraphQL field that makes them. */
export const LOGGED_READS = ['subject', 'consentHistory', 'consentReceipt'] as const;
/** One of {@link LOGGED_READS}. */
export type LoggedRead = (typeof LOGGED_READS)[number];

/**
 * Whether a read by this role is recorded: staff (SUPPORT, ADMIN) and SERVICE keys reading someone's data are; a
 * SUBJECT reading its own data is not (the person needs no record of looking at themselves).
 */
export function isAccessLogged(role: Role): boolean {
  return role === 'ADMIN' || role === 'SUPPORT' || role === 'SERVICE';
}

/** The caller key decisions are counted under: the key's (or staff member's) id; subject tokens share one key, so no subject's identifier is stored. */
export const SUBJECT_TOKENS_COUNT_KEY = 'subject-tokens';

/** The start (UTC) of the minute an instant falls in, as milliseconds since the epoch: what decisions are counted per. */
export function minuteOf(epochMs: number): number {
  return epochMs - (((epochMs % 60_000) + 60_000) % 60_000);
}

/** Page size of the access log: 1..200. */
export const ZAccessLogFirst = z
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(200, 'must be at most 200');

/** How far back decisionCounts reaches: at most this many days before now. */
export const DECISION_COUNTS_MAX_DAYS = 31;

/**
 * decisionCounts' `since`: not in the future, at most {@link DECISION_COUNTS_MAX_DAYS} days back (so one answer stays
 * bounded: keys × minutes). BAD_USER_INPUT otherwise.
 */
export function ZDecisionCountsSince(now: Date) {
  return z
    .date()
    .refine((d) => d.getTime() <= now.getTime(), 'since: must not be in the future')
    .refine(
      (d) => now.getTime() - d.getTime() <= DECISION_COUNTS_MAX_DAYS * 86_400_000,
      `since: must be at most ${DECISION_COUNTS_MAX_DAYS} days ago`,
    );
}
