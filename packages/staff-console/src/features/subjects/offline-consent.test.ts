import { describe, expect, it } from 'vitest';
import { validateOfflineConsent, type OfflineConsentValues } from './offline-consent';

const now = new Date('2026-11-29T15:00:00.000Z');
const filled: OfflineConsentValues = {
  action: 'WITHDRAW',
  purposeKey: 'marketing-email',
  source: 'paper-form',
  noticeVersionId: 'notice-1',
  reference: ' FORM-2291 ',
  note: 'Signed paper form received by post; signature matches the file.',
  occurredAt: '',
};

describe('validateOfflineConsent', () => {
  it('requires evidence: a reference number and a note', () => {
    const result = validateOfflineConsent({ ...filled, reference: '  ', note: '' }, { subjectId: 'jane-42', now });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['note', 'reference']);
    expect(result.errors.reference).toMatch(/reference number/);
  });

  it('requires an explicit decision and a purpose (nothing is preselected)', () => {
    const result = validateOfflineConsent({ ...filled, action: '', purposeKey: '' }, { subjectId: 'jane-42', now });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['action', 'purposeKey']);
  });

  it('records channel OFFLINE, the source’s method and the evidence, for the subject, under the notice chosen', () => {
    const result = validateOfflineConsent(filled, { subjectId: 'jane-42', now });
    expect(result).toEqual({
      ok: true,
      occurredAt: null,
      evidence: {
        source: 'paper-form',
        reference: 'FORM-2291',
        note: filled.note,
        capturedWith: 'assent-staff-console',
      },
      record: {
        action: 'WITHDRAW',
        input: {
          subjectId: 'jane-42',
          purposeKey: 'marketing-email',
          noticeVersionId: 'notice-1',
          channel: 'OFFLINE',
          method: 'staff-console/offline-form',
          evidence: {
            source: 'paper-form',
            reference: 'FORM-2291',
            note: filled.note,
            capturedWith: 'assent-staff-console',
          },
        },
      },
    });
  });

  it.each([
    ['phone', 'staff-console/offline-phone'],
    ['letter', 'staff-console/offline-letter'],
    ['in-person', 'staff-console/offline-in-person'],
  ] as const)('a %s is recorded with method %s', (source, method) => {
    const result = validateOfflineConsent({ ...filled, source }, { subjectId: 'jane-42', now });
    expect(result.ok && result.record.input.method).toBe(method);
  });

  it('turns the optional date it happened (local time) into occurredAt', () => {
    const result = validateOfflineConsent({ ...filled, occurredAt: '2026-11-20T09:30' }, { subjectId: 'jane-42', now });
    expect(result.ok && result.record.input.occurredAt).toBe(new Date('2026-11-20T09:30').toISOString());
  });

  it('refuses a date in the future or one that is not a date', () => {
    const future = validateOfflineConsent({ ...filled, occurredAt: '2030-01-01T00:00' }, { subjectId: 'jane-42', now });
    expect(!future.ok && future.errors.occurredAt).toBe('The date cannot be in the future.');
    const garbage = validateOfflineConsent({ ...filled, occurredAt: 'last tuesday' }, { subjectId: 'jane-42', now });
    expect(!garbage.ok && garbage.errors.occurredAt).toMatch(/Enter a date and time/);
  });

  it('keeps evidence within the API’s limits', () => {
    const result = validateOfflineConsent(
      { ...filled, reference: 'x'.repeat(201), note: 'y'.repeat(4001) },
      { subjectId: 'jane-42', now },
    );
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual(['note', 'reference']);
  });
});
