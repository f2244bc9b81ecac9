import { describe, expect, it } from 'vitest';
import { checkConsentPurpose, checkNoticeDescribes } from './consent-target';
import { notice, purpose, t } from './test-fixtures';
import type { ConsentAction, LegalBasis } from './types';

const now = t('2026-06-01T12:00:00.000Z');
const caught = (f: () => void) => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('checkConsentPurpose', () => {
  it.each<[LegalBasis, ConsentAction]>([
    ['CONTRACT', 'GRANT'],
    ['LEGITIMATE_INTERESTS', 'WITHDRAW'],
    ['LEGAL_OBLIGATION', 'GRANT'],
  ])('a %s purpose refuses a %s with CONSENT_NOT_APPLICABLE', (legalBasis, action) => {
    const p = purpose({ key: 'billing', legalBasis });
    expect(caught(() => checkConsentPurpose({ action, purpose: p, at: now }))).toMatchObject({
      code: 'CONSENT_NOT_APPLICABLE',
      message: `'billing' rests on ${legalBasis}, not consent: there is nothing to grant or withdraw.`,
    });
  });

  it('a grant on a retired purpose is refused with BAD_USER_INPUT', () => {
    const p = purpose({ retiredAt: t('2026-05-01T00:00:00.000Z') });
    expect(caught(() => checkConsentPurpose({ action: 'GRANT', purpose: p, at: now }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: "'marketing-email' is retired and can no longer be granted.",
    });
  });

  it('a withdrawal on a retired purpose is allowed (taking consent back never stops)', () => {
    const p = purpose({ retiredAt: t('2026-05-01T00:00:00.000Z') });
    expect(() => checkConsentPurpose({ action: 'WITHDRAW', purpose: p, at: now })).not.toThrow();
  });

  it('a grant on a purpose retired only later is allowed', () => {
    const p = purpose({ retiredAt: t('2026-07-01T00:00:00.000Z') });
    expect(() => checkConsentPurpose({ action: 'GRANT', purpose: p, at: now })).not.toThrow();
  });

  it('a non-consent purpose that is also retired is reported as not applicable first', () => {
    const p = purpose({ legalBasis: 'CONTRACT', retiredAt: t('2026-05-01T00:00:00.000Z') });
    expect(caught(() => checkConsentPurpose({ action: 'GRANT', purpose: p, at: now }))).toMatchObject({
      code: 'CONSENT_NOT_APPLICABLE',
    });
  });
});

describe('checkNoticeDescribes', () => {
  it('consent may rest on a notice that describes the purpose', () => {
    expect(() =>
      checkNoticeDescribes(notice(2, '2026-01-01T00:00:00.000Z', { 'marketing-email': false }), purpose()),
    ).not.toThrow();
  });

  it('consent on a notice that does not describe the purpose is refused with BAD_USER_INPUT', () => {
    const n = notice(3, '2026-01-01T00:00:00.000Z', { analytics: false });
    expect(caught(() => checkNoticeDescribes(n, purpose()))).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: "Notice version 3 does not describe 'marketing-email', so consent cannot rest on it.",
    });
  });
});
