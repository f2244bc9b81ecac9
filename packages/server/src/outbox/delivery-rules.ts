import type { EventType } from '@assent/core';
import type { CloudEventType } from '../db/outbox.ts';

/** The contract's retry schedule, in seconds after each failed attempt; then the delivery is DEAD. */
export const DEFAULT_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400] as const;

/** A webhook stops after this long with every attempt failing (the contract's 24 h). */
export const DEFAULT_DISABLE_AFTER_SECONDS = 86400;

/** No answer within this many milliseconds counts as a failed attempt. */
export const WEBHOOK_TIMEOUT_MS = 15_000;

const TO_EVENT_TYPE: Record<CloudEventType, EventType> = {
  'assent.consent.granted': 'CONSENT_GRANTED',
  'assent.consent.withdrawn': 'CONSENT_WITHDRAWN',
  'assent.notice.published': 'NOTICE_PUBLISHED',
};

/** The GraphQL EventType of a CloudEvent type. */
export function eventTypeOf(type: CloudEventType): EventType {
  return TO_EVENT_TYPE[type];
}

/** A webhook's filters as stored. */
export interface WebhookFilter {
  purposeKeys: readonly string[];
  eventTypes: readonly EventType[];
}

/**
 * Whether an event goes to a webhook: its type must be listed; purposeKeys (empty = every purpose)
 * applies to consent events only, so a notice goes to every webhook that lists NOTICE_PUBLISHED.
 */
export function webhookMatches(w: WebhookFilter, e: { type: CloudEventType; purposeKey: string | null }): boolean {
  const type = eventTypeOf(e.type);
  if (!w.eventTypes.includes(type)) return false;
  if (type === 'NOTICE_PUBLISHED' || w.purposeKeys.length === 0) return true;
  return e.purposeKey !== null && w.purposeKeys.includes(e.purposeKey);
}

/** The JetStream subject of an event: assent.consent.<purposeKey>.granted|withdrawn or assent.notice.published. */
export function natsSubject(e: { type: CloudEventType; purposeKey: string | null }): string {
  if (e.type === 'assent.notice.published') return 'assent.notice.published';
  return `assent.consent.${e.purposeKey}.${e.type === 'assent.consent.granted' ? 'granted' : 'withdrawn'}`;
}

/** Parses ASSENT_WEBHOOK_RETRY_SCHEDULE ("5,300,…" seconds); the contract's schedule when unset. */
export function parseRetrySchedule(text: string | undefined): number[] {
  if (!text) return [...DEFAULT_RETRY_SCHEDULE];
  return text.split(',').map((s) => Number(s.trim()));
}

/** What follows a failed attempt: another one after the schedule's next delay, or DEAD when it is used up. */
export function afterFailure(attemptsMade: number, schedule: readonly number[], now: Date): { status: 'FAILED'; nextAttemptAt: Date } | { status: 'DEAD'; nextAttemptAt: null } {
  const delay = schedule[attemptsMade - 1];
  if (delay === undefined) return { status: 'DEAD', nextAttemptAt: null };
  return { status: 'FAILED', nextAttemptAt: new Date(now.getTime() + delay * 1000) };
}

/** Whether a webhook has failed long enough to be disabled automatically. */
export function shouldAutoDisable(failingSince: Date | null, now: Date, disableAfterSeconds: number): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= disableAfterSeconds * 1000;
}
