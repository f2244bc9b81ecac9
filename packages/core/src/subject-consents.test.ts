import { describe, expect, it } from 'vitest';
import { subjectConsentStates } from './subject-consents';
import { notice, purpose, state, t } from './test-fixtures';

const at = t('2026-06-01T12:00:00.000Z');
const email = purpose({ key: 'marketing-email' });
const analytics = purpose({ key: 'analytics' });
const contract = purpose({ key: 'essential-service', legalBasis: 'CONTRACT' });
const retired = purpose({ key: 'old-survey', retiredAt: t('2026-05-01T00:00:00.000Z') });
const v1 = notice(1, '2026-01-01T00:00:00.000Z', { 'marketing-email': false, 'essential-service': false });
const v2 = notice(2, '2026-02-01T00:00:00.000Z', {
  'marketing-email': false,
  'essential-service': false,
  analytics: false,
});
const on = (purposeKey: string, s: ReturnType<typeof state>) => ({ ...s, purposeKey });

describe('subjectConsentStates', () => {
  it('lists every active purpose, consent-based or not, with its status and the record that sets it', () => {
    const grant = on('marketing-email', state('GRANT', 2, '2026-03-01T00:00:00.000Z'));
    const r = subjectConsentStates({ purposes: [email, contract, retired], notices: [v1, v2], states: [grant], at });
    expect(r).toEqual({
      purposes: [
        { purpose: email, status: 'GRANTED', recordId: grant.recordId, needsPrompt: false },
        { purpose: contract, status: 'NOT_APPLICABLE', recordId: null, needsPrompt: false },
      ],
      needsPrompt: false,
    });
  });

  it('a purpose added since the notice the subject last saw needs a prompt, and so does the subject', () => {
    const grant = on('marketing-email', state('GRANT', 1, '2026-01-10T00:00:00.000Z'));
    const r = subjectConsentStates({ purposes: [email, analytics], notices: [v1, v2], states: [grant], at });
    expect(r.purposes.find((p) => p.purpose.key === 'analytics')).toMatchObject({
      status: 'NOT_GIVEN',
      needsPrompt: true,
    });
    expect(r.needsPrompt).toBe(true);
  });

  it('a subject with no records is asked about every consent purpose the notice in force describes (1.1)', () => {
    const r = subjectConsentStates({ purposes: [email, analytics, contract], notices: [v1, v2], states: [], at });
    expect(r).toEqual({
      purposes: [
        { purpose: email, status: 'NOT_GIVEN', recordId: null, needsPrompt: true },
        { purpose: analytics, status: 'NOT_GIVEN', recordId: null, needsPrompt: true },
        { purpose: contract, status: 'NOT_APPLICABLE', recordId: null, needsPrompt: false },
      ],
      needsPrompt: true,
    });
  });

  it('an erased subject is never asked: no records, and no write under its id would be taken', () => {
    const r = subjectConsentStates({ purposes: [email, analytics], notices: [v1, v2], states: [], at, erased: true });
    expect(r.needsPrompt).toBe(false);
    expect(r.purposes.map((p) => [p.status, p.needsPrompt])).toEqual([
      ['NOT_GIVEN', false],
      ['NOT_GIVEN', false],
    ]);
  });

  it('a refusal is a decision: the subject is not asked again about that purpose', () => {
    const refusal = on('marketing-email', state('REFUSE', 2, '2026-03-01T00:00:00.000Z'));
    const grant = on('analytics', state('GRANT', 2, '2026-03-01T00:00:00.000Z'));
    const r = subjectConsentStates({ purposes: [email, analytics], notices: [v1, v2], states: [refusal, grant], at });
    expect(r.purposes[0]).toMatchObject({ status: 'REFUSED', needsPrompt: false });
    expect(r.needsPrompt).toBe(false);
  });
});
