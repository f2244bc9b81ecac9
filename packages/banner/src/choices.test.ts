import { describe, expect, it } from 'vitest';
import type { ConsentStatus, PurposeState } from './api';
import { applyRecords, choicesFor, consentModeOf, decisionsOf, gpcMayApply, offAction } from './choices';

function state(key: string, status: ConsentStatus, extra: Partial<PurposeState['purpose']> = {}): PurposeState {
  return {
    purpose: { key, title: key, description: '', requiresConsent: true, gpcOptOut: false, consentMode: [], ...extra },
    status,
    needsPrompt: status === 'NOT_GIVEN' || status === 'RECONSENT_REQUIRED',
  };
}

describe('offAction', () => {
  it.each<[ConsentStatus, string]>([
    ['GRANTED', 'WITHDRAW'],
    ['NOT_GIVEN', 'REFUSE'],
    ['REFUSED', 'REFUSE'],
    ['RECONSENT_REQUIRED', 'REFUSE'],
    ['WITHDRAWN', 'REFUSE'],
  ])('a switch left off on a %s purpose records %s', (status, action) => {
    expect(offAction(status)).toBe(action);
  });
});

describe('choicesFor', () => {
  const purposes = [
    state('a', 'GRANTED'),
    state('b', 'NOT_GIVEN', { gpcOptOut: true }),
    state('c', 'NOT_APPLICABLE', { requiresConsent: false }),
  ];

  it('asks only about consent purposes, in the order shown', () => {
    expect(choicesFor('banner/reject-all', purposes)).toEqual([
      { purposeKey: 'a', action: 'WITHDRAW' },
      { purposeKey: 'b', action: 'REFUSE' },
    ]);
  });

  it('save records the switches, a missing switch as off', () => {
    expect(choicesFor('banner/save', purposes, { switches: new Map([['b', true]]) })).toEqual([
      { purposeKey: 'a', action: 'WITHDRAW' },
      { purposeKey: 'b', action: 'GRANT' },
    ]);
  });

  it('accept-all under a GPC signal leaves the purposes the signal opted out of alone', () => {
    expect(choicesFor('banner/accept-all', purposes, { gpc: true })).toEqual([{ purposeKey: 'a', action: 'GRANT' }]);
    expect(choicesFor('banner/accept-all', purposes)).toEqual([
      { purposeKey: 'a', action: 'GRANT' },
      { purposeKey: 'b', action: 'GRANT' },
    ]);
  });
});

describe('decisionsOf and consentModeOf', () => {
  it('allows granted consent purposes and purposes on another legal basis, nothing else', () => {
    expect(
      decisionsOf([
        state('a', 'GRANTED'),
        state('b', 'REFUSED'),
        state('c', 'NOT_APPLICABLE'),
        state('d', 'RECONSENT_REQUIRED'),
      ]),
    ).toEqual({
      a: true,
      b: false,
      c: true,
      d: false,
    });
  });

  it('grants a signal only when every purpose that governs it is allowed; ungoverned signals stay denied', () => {
    const mode = consentModeOf([
      state('analytics', 'GRANTED', { consentMode: ['analytics_storage'] }),
      state('ads', 'GRANTED', { consentMode: ['ad_storage', 'ad_user_data'] }),
      state('retargeting', 'REFUSED', { consentMode: ['ad_storage'] }),
    ]);
    expect(mode).toEqual({
      analytics_storage: 'granted',
      ad_user_data: 'granted',
      ad_storage: 'denied',
      ad_personalization: 'denied',
    });
  });
});

describe('gpcMayApply', () => {
  it('is true while a GPC purpose is not given, granted or asked again; false once each is refused or withdrawn', () => {
    const ads = (status: ConsentStatus) => state('ads', status, { gpcOptOut: true });
    for (const status of ['NOT_GIVEN', 'GRANTED', 'RECONSENT_REQUIRED'] as const)
      expect(gpcMayApply([state('analytics', 'NOT_GIVEN'), ads(status)]), status).toBe(true);
    for (const status of ['REFUSED', 'WITHDRAWN'] as const)
      expect(gpcMayApply([state('analytics', 'NOT_GIVEN'), ads(status)]), status).toBe(false);
  });
});

describe('applyRecords', () => {
  it('sets the status each record leaves and answers its prompt; the others stay as they were', () => {
    const after = applyRecords(
      [state('analytics', 'NOT_GIVEN'), state('ads', 'GRANTED', { gpcOptOut: true })],
      [{ purposeKey: 'ads', action: 'WITHDRAW' }],
    );
    expect(after.map((p) => [p.purpose.key, p.status, p.needsPrompt])).toEqual([
      ['analytics', 'NOT_GIVEN', true],
      ['ads', 'WITHDRAWN', false],
    ]);
  });
});
