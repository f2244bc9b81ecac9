import { describe, expect, it } from 'vitest';
import { CONSENT_STATUSES } from './types';
import { isOneClickBody, listUnsubscribeHeaders, ONE_CLICK_UNSUBSCRIBE, unsubscribeWithdraws } from './unsubscribe';

describe('one-click unsubscribe', () => {
  it.each(CONSENT_STATUSES.map((s) => [s, s === 'GRANTED' || s === 'RECONSENT_REQUIRED'] as const))(
    'status %s records a withdrawal: %s',
    (status, withdraws) => {
      expect(unsubscribeWithdraws(status)).toBe(withdraws);
    },
  );

  it('the headers are the URL in angle brackets and the RFC 8058 body', () => {
    expect(listUnsubscribeHeaders('https://assent.example/unsubscribe/abc')).toEqual({
      listUnsubscribe: '<https://assent.example/unsubscribe/abc>',
      listUnsubscribePost: 'List-Unsubscribe=One-Click',
    });
  });

  it('only the exact one-click body counts', () => {
    expect(isOneClickBody({ 'List-Unsubscribe': 'One-Click' })).toBe(true);
    expect(isOneClickBody({ 'List-Unsubscribe': 'one-click' })).toBe(false);
    expect(isOneClickBody({})).toBe(false);
    expect(isOneClickBody(undefined)).toBe(false);
  });

  it('is recorded on the EMAIL channel with method email/one-click', () => {
    expect(ONE_CLICK_UNSUBSCRIBE).toEqual({ channel: 'EMAIL', method: 'email/one-click' });
  });
});
