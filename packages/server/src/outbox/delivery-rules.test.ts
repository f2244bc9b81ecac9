import { describe, expect, it } from 'vitest';
import { afterFailure, DEFAULT_RETRY_SCHEDULE, natsSubject, parseRetrySchedule, shouldAutoDisable, webhookMatches } from './delivery-rules.ts';

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

describe('retries', () => {
  it('follows the contract schedule unless ASSENT_WEBHOOK_RETRY_SCHEDULE overrides it', () => {
    expect(parseRetrySchedule(undefined)).toEqual([5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]);
    expect(parseRetrySchedule('1,2,3')).toEqual([1, 2, 3]);
  });

  it('schedules attempt n+1 after the n-th delay and is DEAD once the schedule is used up', () => {
    const now = new Date('2026-11-29T12:00:00.000Z');
    expect(afterFailure(1, DEFAULT_RETRY_SCHEDULE, now)).toEqual({ status: 'FAILED', nextAttemptAt: new Date('2026-11-29T12:00:05.000Z') });
    expect(afterFailure(2, DEFAULT_RETRY_SCHEDULE, now)).toEqual({ status: 'FAILED', nextAttemptAt: new Date('2026-11-29T12:05:00.000Z') });
    expect(afterFailure(9, DEFAULT_RETRY_SCHEDULE, now)).toEqual({ status: 'FAILED', nextAttemptAt: new Date('2026-11-30T12:00:00.000Z') });
    expect(afterFailure(10, DEFAULT_RETRY_SCHEDULE, now)).toEqual({ status: 'DEAD', nextAttemptAt: null });
  });

  it('disables a webhook only after it has failed for the whole period', () => {
    const since = new Date('2026-11-28T12:00:00.000Z');
    expect(shouldAutoDisable(null, new Date(), 86400)).toBe(false);
    expect(shouldAutoDisable(since, new Date('2026-11-29T11:59:59.999Z'), 86400)).toBe(false);
    expect(shouldAutoDisable(since, new Date('2026-11-29T12:00:00.000Z'), 86400)).toBe(true);
  });
});

describe('natsSubject', () => {
  it('names consent events by purpose and action, notices by type', () => {
    expect(natsSubject({ type: 'assent.consent.granted', purposeKey: 'marketing-email' })).toBe('assent.consent.marketing-email.granted');
    expect(natsSubject({ type: 'assent.consent.withdrawn', purposeKey: 'analytics' })).toBe('assent.consent.analytics.withdrawn');
    expect(natsSubject({ type: 'assent.notice.published', purposeKey: null })).toBe('assent.notice.published');
  });
});
