import { describe, expect, it } from 'vitest';
import { isActive, legalBasisExplanation, requiresConsent } from './purposes';
import { purpose, t } from './test-fixtures';
import { LEGAL_BASES, type LegalBasis } from './types';

describe('requiresConsent', () => {
  it.each(LEGAL_BASES.map((b) => [b, b === 'CONSENT'] as const))(
    'legal basis %s requires consent: %s',
    (legalBasis, expected) => {
      expect(requiresConsent({ legalBasis })).toBe(expected);
    },
  );
});

describe('isActive', () => {
  const retiredAt = t('2026-06-01T00:00:00.000Z');
  const rows: Array<[string, Date | null, Date | undefined, boolean]> = [
    ['a purpose never retired is active', null, undefined, true],
    ['a purpose never retired is active at any instant', null, t('2000-01-01T00:00:00.000Z'), true],
    ['a retired purpose is inactive now', retiredAt, undefined, false],
    ['a retired purpose was active before its retirement', retiredAt, t('2026-05-31T23:59:59.999Z'), true],
    ['a retired purpose is inactive exactly at its retirement', retiredAt, retiredAt, false],
    ['a retired purpose is inactive after its retirement', retiredAt, t('2027-01-01T00:00:00.000Z'), false],
  ];
  it.each(rows)('%s', (_rule, retired, at, expected) => {
    expect(isActive(purpose({ retiredAt: retired }), at)).toBe(expected);
  });
});

describe('legalBasisExplanation', () => {
  it('explains the contract basis as needed for the service', () => {
    expect(legalBasisExplanation('CONTRACT')).toBe('Needed to provide the service you signed up for.');
  });

  it.each([...LEGAL_BASES])('explains %s in one distinct plain sentence', (b: LegalBasis) => {
    const text = legalBasisExplanation(b);
    expect(text).toMatch(/^[A-Z][^\n]*\.$/);
    expect(LEGAL_BASES.filter((other) => legalBasisExplanation(other) === text)).toEqual([b]);
  });
});
