import type { ConsentAction, EventType } from './types';

/** CloudEvents 1.0 types of the contract. */
export type CloudEventType =
  | 'assent.consent.granted'
  | 'assent.consent.withdrawn'
  | 'assent.consent.refused'
  | 'assent.subject.erased'
  | 'assent.notice.published';

const TO_EVENT_TYPE: Record<CloudEventType, EventType> = {
  'assent.consent.granted': 'CONSENT_GRANTED',
  'assent.consent.withdrawn': 'CONSENT_WITHDRAWN',
  'assent.consent.refused': 'CONSENT_REFUSED',
  'assent.subject.erased': 'SUBJECT_ERASED',
  'assent.notice.published': 'NOTICE_PUBLISHED',
};

// One entry per action, so a new action fails the typecheck here instead of being announced as something else.
const OF_ACTION: Record<ConsentAction, CloudEventType> = {
  GRANT: 'assent.consent.granted',
  WITHDRAW: 'assent.consent.withdrawn',
  REFUSE: 'assent.consent.refused',
  ERASE: 'assent.subject.erased',
};

/** The CloudEvent type that announces an erasure (contract 1.1): its payload names the subject until delivered everywhere. */
export const SUBJECT_ERASED_EVENT: CloudEventType = OF_ACTION.ERASE;

/** The CloudEvent type that announces a ledger record of this action. */
export function cloudEventTypeOf(action: ConsentAction): CloudEventType {
  return OF_ACTION[action];
}

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
 * applies to consent events only, so a notice or an erasure goes to every webhook that lists its type.
 */
export function webhookMatches(w: WebhookFilter, e: { type: CloudEventType; purposeKey: string | null }): boolean {
  const type = eventTypeOf(e.type);
  if (!w.eventTypes.includes(type)) return false;
  if (type === 'NOTICE_PUBLISHED' || type === 'SUBJECT_ERASED' || w.purposeKeys.length === 0) return true;
  return e.purposeKey !== null && w.purposeKeys.includes(e.purposeKey);
}

const CONSENT_SUFFIX: Partial<Record<CloudEventType, string>> = {
  'assent.consent.granted': 'granted',
  'assent.consent.withdrawn': 'withdrawn',
  'assent.consent.refused': 'refused',
};

/**
 * The JetStream subject of an event: assent.consent.<purposeKey>.granted|withdrawn|refused for consent events,
 * the type itself (assent.notice.published, assent.subject.erased) for the others.
 */
export function natsSubject(e: { type: CloudEventType; purposeKey: string | null }): string {
  const suffix = CONSENT_SUFFIX[e.type];
  return suffix === undefined ? e.type : `assent.consent.${e.purposeKey}.${suffix}`;
}
