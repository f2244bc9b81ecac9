import { describe, expect, it } from 'vitest';
import { cloudEventTypeOf, eventTypeOf, natsSubject, webhookMatches } from './webhook-routing';

const ALL = ['CONSENT_GRANTED', 'CONSENT_WITHDRAWN', 'NOTICE_PUBLISHED'] as const;

describe('webhookMatches', () => {
  it.each([
    [
      'every purpose and type',
      { purposeKeys: [], eventTypes: ALL },
      { type: 'assent.consent.granted', purposeKey: 'analytics' },
      true,
    ],
    [
      'a listed purpose',
      { purposeKeys: ['analytics'], eventTypes: ALL },
      { type: 'assent.consent.withdrawn', purposeKey: 'analytics' },
      true,
    ],
    [
      'an unlisted purpose',
      { purposeKeys: ['analytics'], eventTypes: ALL },
      { type: 'assent.consent.granted', purposeKey: 'research' },
      false,
    ],
    [
      'an unlisted event type',
      { purposeKeys: [], eventTypes: ['CONSENT_WITHDRAWN'] },
      { type: 'assent.consent.granted', purposeKey: 'analytics' },
      false,
    ],
    [
      'a notice, whatever the purposes',
      { purposeKeys: ['analytics'], eventTypes: ['NOTICE_PUBLISHED'] },
      { type: 'assent.notice.published', purposeKey: null },
      true,
    ],
    [
      'a refusal to a webhook listing CONSENT_REFUSED',
      { purposeKeys: ['analytics'], eventTypes: ['CONSENT_REFUSED'] },
      { type: 'assent.consent.refused', purposeKey: 'analytics' },
      true,
    ],
    [
      'a refusal to a webhook without CONSENT_REFUSED',
      { purposeKeys: [], eventTypes: ['CONSENT_WITHDRAWN'] },
      { type: 'assent.consent.refused', purposeKey: 'analytics' },
      false,
    ],
    [
      'an erasure, whatever the purposes',
      { purposeKeys: ['analytics'], eventTypes: ['SUBJECT_ERASED'] },
      { type: 'assent.subject.erased', purposeKey: null },
      true,
    ],
    [
      'a notice to a webhook without NOTICE_PUBLISHED',
      { purposeKeys: [], eventTypes: ['CONSENT_GRANTED', 'CONSENT_WITHDRAWN'] },
      { type: 'assent.notice.published', purposeKey: null },
      false,
    ],
  ] as const)('%s → %s', (_name, webhook, event, expected) => {
    expect(webhookMatches(webhook, event)).toBe(expected);
  });
});

describe('eventTypeOf', () => {
  it('names each CloudEvent type by its GraphQL EventType', () => {
    expect(eventTypeOf('assent.consent.granted')).toBe('CONSENT_GRANTED');
    expect(eventTypeOf('assent.consent.withdrawn')).toBe('CONSENT_WITHDRAWN');
    expect(eventTypeOf('assent.notice.published')).toBe('NOTICE_PUBLISHED');
    expect(eventTypeOf('assent.consent.refused')).toBe('CONSENT_REFUSED');
    expect(eventTypeOf('assent.subject.erased')).toBe('SUBJECT_ERASED');
  });
});

describe('cloudEventTypeOf', () => {
  it('announces each action as its own event: a refusal is not a withdrawal', () => {
    expect(cloudEventTypeOf('GRANT')).toBe('assent.consent.granted');
    expect(cloudEventTypeOf('WITHDRAW')).toBe('assent.consent.withdrawn');
    expect(cloudEventTypeOf('REFUSE')).toBe('assent.consent.refused');
    expect(cloudEventTypeOf('ERASE')).toBe('assent.subject.erased');
  });
});

describe('natsSubject', () => {
  it('names consent events by purpose and action, notices by type', () => {
    expect(natsSubject({ type: 'assent.consent.granted', purposeKey: 'marketing-email' })).toBe(
      'assent.consent.marketing-email.granted',
    );
    expect(natsSubject({ type: 'assent.consent.withdrawn', purposeKey: 'analytics' })).toBe(
      'assent.consent.analytics.withdrawn',
    );
    expect(natsSubject({ type: 'assent.consent.refused', purposeKey: 'analytics' })).toBe(
      'assent.consent.analytics.refused',
    );
    expect(natsSubject({ type: 'assent.notice.published', purposeKey: null })).toBe('assent.notice.published');
    expect(natsSubject({ type: 'assent.subject.erased', purposeKey: null })).toBe('assent.subject.erased');
  });
});
