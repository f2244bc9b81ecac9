import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  DEFAULT_RETRY_SCHEDULE,
  disableReasonAfterFailure,
  parseRetrySchedule,
  shouldAutoDisable,
} from './webhook-delivery';

describe('retries', () => {
  it('follows the contract schedule unless ASSENT_WEBHOOK_RETRY_SCHEDULE overrides it', () => {
    expect(parseRetrySchedule(undefined)).toEqual([5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]);
    expect(parseRetrySchedule('1,2,3')).toEqual([1, 2, 3]);
  });

  it('schedules attempt n+1 after the n-th delay and is DEAD once the schedule is used up', () => {
    const now = new Date('2026-11-29T12:00:00.000Z');
    expect(afterFailure(1, DEFAULT_RETRY_SCHEDULE, now)).toEqual({
      status: 'FAILED',
      nextAttemptAt: new Date('2026-11-29T12:00:05.000Z'),
    });
    expect(afterFailure(2, DEFAULT_RETRY_SCHEDULE, now)).toEqual({
      status: 'FAILED',
      nextAttemptAt: new Date('2026-11-29T12:05:00.000Z'),
    });
    expect(afterFailure(9, DEFAULT_RETRY_SCHEDULE, now)).toEqual({
      status: 'FAILED',
      nextAttemptAt: new Date('2026-11-30T12:00:00.000Z'),
    });
    expect(afterFailure(10, DEFAULT_RETRY_SCHEDULE, now)).toEqual({ status: 'DEAD', nextAttemptAt: null });
  });

  it('disables a webhook only after it has failed for the whole period', () => {
    const since = new Date('2026-11-28T12:00:00.000Z');
    expect(shouldAutoDisable(null, new Date(), 86400)).toBe(false);
    expect(shouldAutoDisable(since, new Date('2026-11-29T11:59:59.999Z'), 86400)).toBe(false);
    expect(shouldAutoDisable(since, new Date('2026-11-29T12:00:00.000Z'), 86400)).toBe(true);
  });
});

describe('disableReasonAfterFailure', () => {
  const since = new Date('2026-11-28T12:00:00.000Z');
  const attempt = (at: string, more: { gone?: boolean; responseStatus?: number | null } = {}) => ({
    at: new Date(at),
    responseStatus: 'responseStatus' in more ? (more.responseStatus ?? null) : 500,
    gone: more.gone ?? false,
    disableAfterSeconds: 86400,
  });

  it('410 Gone disables an active webhook at once, saying when', () => {
    expect(
      disableReasonAfterFailure(
        { status: 'ACTIVE', failingSince: new Date('2026-11-29T11:00:00.000Z') },
        attempt('2026-11-29T11:00:00.000Z', { gone: true, responseStatus: 410 }),
      ),
    ).toBe(
      'The receiver answered 410 Gone at 2026-11-29T11:00:00.000Z: deliveries stopped. Enable the webhook again once it accepts them.',
    );
  });

  it('a failing streak disables only once it lasts the whole period, naming its span and the last answer', () => {
    expect(
      disableReasonAfterFailure({ status: 'ACTIVE', failingSince: since }, attempt('2026-11-29T11:59:59.999Z')),
    ).toBeNull();
    expect(
      disableReasonAfterFailure(
        { status: 'ACTIVE', failingSince: since },
        attempt('2026-11-29T12:00:00.000Z', { responseStatus: null }),
      ),
    ).toBe(
      'Every delivery failed from 2026-11-28T12:00:00.000Z to 2026-11-29T12:00:00.000Z (last answer: none): deliveries stopped. Fix the receiver, then enable the webhook; waiting deliveries go first.',
    );
  });

  it('a webhook already disabled is not disabled again', () => {
    expect(
      disableReasonAfterFailure(
        { status: 'DISABLED', failingSince: since },
        attempt('2026-11-30T12:00:00.000Z', { gone: true }),
      ),
    ).toBeNull();
  });
});
