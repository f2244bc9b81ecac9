/** The contract's retry schedule, in seconds after each failed attempt; then the delivery is DEAD. */
export const DEFAULT_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400] as const;

/** A webhook stops after this long with every attempt failing (the contract's 24 h). */
export const DEFAULT_DISABLE_AFTER_SECONDS = 86400;

/** No answer within this many milliseconds counts as a failed attempt. */
export const WEBHOOK_TIMEOUT_MS = 15_000;

/** Parses ASSENT_WEBHOOK_RETRY_SCHEDULE ("5,300,…" seconds); the contract's schedule when unset. */
export function parseRetrySchedule(text: string | undefined): number[] {
  if (!text) return [...DEFAULT_RETRY_SCHEDULE];
  return text.split(',').map((s) => Number(s.trim()));
}

/** What follows a failed attempt: another one after the schedule's next delay, or DEAD when it is used up. */
export function afterFailure(
  attemptsMade: number,
  schedule: readonly number[],
  now: Date,
): { status: 'FAILED'; nextAttemptAt: Date } | { status: 'DEAD'; nextAttemptAt: null } {
  const delay = schedule[attemptsMade - 1];
  if (delay === undefined) return { status: 'DEAD', nextAttemptAt: null };
  return { status: 'FAILED', nextAttemptAt: new Date(now.getTime() + delay * 1000) };
}

/** Whether a webhook has failed long enough to be disabled automatically. */
export function shouldAutoDisable(failingSince: Date | null, now: Date, disableAfterSeconds: number): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= disableAfterSeconds * 1000;
}

/** A failed attempt as the webhook's health judges it. */
export interface FailedAttempt {
  at: Date;
  responseStatus: number | null;
  /** 410 Gone: the receiver asks for no more deliveries. */
  gone: boolean;
  disableAfterSeconds: number;
}

/**
 * Why a failed attempt disables an ACTIVE webhook, or null when it does not: at once on 410 Gone,
 * otherwise once every attempt since `failingSince` (this one's time when the streak starts now) has
 * failed for the whole disable period. The text is what the API shows as disabledReason.
 */
export function disableReasonAfterFailure(
  webhook: { status: string; failingSince: Date },
  a: FailedAttempt,
): string | null {
  if (webhook.status !== 'ACTIVE') return null;
  if (a.gone)
    return `The receiver answered 410 Gone at ${a.at.toISOString()}: deliveries stopped. Enable the webhook again once it accepts them.`;
  if (shouldAutoDisable(webhook.failingSince, a.at, a.disableAfterSeconds)) {
    return `Every delivery failed from ${webhook.failingSince.toISOString()} to ${a.at.toISOString()} (last answer: ${a.responseStatus ?? 'none'}): deliveries stopped. Fix the receiver, then enable the webhook; waiting deliveries go first.`;
  }
  return null;
}

/**
 * Why an ACTIVE webhook is disabled without a new attempt (the dispatcher's periodic check): every delivery has failed
 * since `failingSince`, and the disable period has passed while its retries wait further apart (the contract's
 * schedule reaches 24 h only at its eighth attempt).
 */
export function disableReasonWhileFailing(failingSince: Date, now: Date): string {
  return `Every delivery failed from ${failingSince.toISOString()} to ${now.toISOString()}, with no success since: deliveries stopped. Fix the receiver, then enable the webhook; waiting deliveries go first.`;
}
