import { describe, expect, it } from 'vitest';
import { eventTypeOf, natsSubject, webhookMatches } from './webhook-routing';

const ALL = ['CONSENT_GRANTED', 'CONSENT_WITHDRAWN', 'NOTICE_PUBLISHED'] as const;

describe('webhookMatches', () => {
  it.each([
    ['every purpose and type', { purposeKeys: [], eventTypes: ALL }, { type: 'assent.consent.granted', purposeKey: 'analytics' }, true],
    ['a listed purpose', { purposeKeys: ['analytics'], eventTypes: ALL }, { type: 'assent.consent.withdrawn', purposeKey: 'analytics' }, true],
    ['an unlisted purpose', { purposeKeys: ['analytics'], eventTypes: ALL }, { type: 'assent.consent.granted', purposeKey: 'research' }, false],
    ['an unlisted event type', { purposeKeys: [], eventTypes: ['CONSENT_WITHDRAWN'] }, { type: 'assent.consent.granted', purposeKey: 'analytics' }, false],
    ['a notice, whatever the purposes', { purposeKeys: ['analytics'], eventTypes: ['NOTICE_PUBLISHED'] }, { type: 'assent.notice.published', purposeKey: null }, true],
    ['a notice to a webhook without NOTICE_PUBLISHED', { purposeKeys: [], eventTypes: ['CONSENT_GRANTED', 'CONSENT_WITHDRAWN'] }, { type: 'assent.notice.published', purposeKey: null }, false],
  ] as const)('%s → %s', (_name, webhook, event, expected) => {
    expect(webhookMatches(webhook, event)).toBe(expected);
  });
});

describe('eventTypeOf', () => {
  it('names each CloudEvent type by its GraphQL EventType', () => {
    expect(eventTypeOf('assent.consent.granted')).toBe('CONSENT_GRANTED');
    expect(eventTypeOf('assent.consent.withdrawn')).toBe('CONSENT_WITHDRAWN');
    expect(eventTypeOf('assent.notice.published')).toBe('NOTICE_PUBLISHED');
  });
});

describe('natsSubject', () => {
  it('names consent events by purpose and action, notices by type', () => {
    expect(natsSubject({ type: 'assent.consent.granted', purposeKey: 'marketing-email' })).toBe('assent.consent.marketing-email.granted');
    expect(natsSubject({ type: 'assent.consent.withdrawn', purposeKey: 'analytics' })).toBe('assent.consent.analytics.withdrawn');
    expect(natsSubject({ type: 'assent.notice.published', purposeKey: null })).toBe('assent.notice.published');
  });
});
