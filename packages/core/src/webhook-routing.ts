import type { EventType } from './types';

/** CloudEvents 1.0 types of the contract. */
export type CloudEventType = 'assent.consent.granted' | 'assent.consent.withdrawn' | 'assent.notice.published';

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
