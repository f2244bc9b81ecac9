import { describe, expect, it } from 'vitest';
import { decide } from './decide';
import { rowDecider, snapshotOutcomes, ZSnapshotFirst, ZSnapshotPurposeKeys } from './snapshot';
import { notice, purpose, t } from './test-fixtures';
import { CONSENT_ACTIONS, DECISION_ACTIONS } from './types';

const v1 = notice(1, '2026-01-01T00:00:00.000Z', { 'marketing-email': false, analytics: false });
const v2 = notice(
  2,
  '2026-03-01T00:00:00.000Z',
  { 'marketing-email': true, analytics: false },
  '2026-03-15T00:00:00.000Z',
);
const notices = [v1, v2];

describe('rowDecider', () => {
  const cases = [
    { name: 'consent purpose before the re-consent notice takes effect', p: purpose(), at: '2026-03-10T00:00:00.000Z' },
    { name: 'consent purpose after the re-consent notice took effect', p: purpose(), at: '2026-04-01T00:00:00.000Z' },
    {
      name: 'a purpose on another legal basis',
      p: purpose({ key: 'analytics', legalBasis: 'CONTRACT' }),
      at: '2026-04-01T00:00:00.000Z',
    },
    {
      name: 'a retired purpose',
      p: purpose({ retiredAt: t('2026-02-01T00:00:00.000Z') }),
      at: '2026-04-01T00:00:00.000Z',
    },
  ];
  it.each(cases)('answers exactly as decide for every action and notice version: $name', ({ p, at }) => {
    const row = rowDecider(p, notices, t(at));
    for (const action of DECISION_ACTIONS) {
      for (const version of [1, 2]) {
        const record = {
          recordId: 'r',
          action,
          noticeVersion: version,
          occurredAt: t('2026-01-02T00:00:00.000Z'),
          recordedAt: t('2026-01-02T00:00:00.000Z'),
        };
        expect(row(action, version)).toEqual(decide({ purpose: p, record, notices, at: t(at) }));
      }
    }
  });

  it('decides each (action, version) once and hands out the same answer afterwards', () => {
    const row = rowDecider(purpose(), notices, t('2026-04-01T00:00:00.000Z'));
    expect(row('GRANT', 1)).toBe(row('GRANT', 1));
    expect(row('GRANT', 1)).toMatchObject({ allowed: false, reason: 'RECONSENT_REQUIRED' });
    expect(row('GRANT', 2)).toMatchObject({ allowed: true, reason: 'CONSENT_GRANTED' });
  });
});

describe('snapshotOutcomes', () => {
  it('lists, for each purpose, action and notice version up to the newest, exactly what rowDecider answers', () => {
    const at = t('2026-04-01T00:00:00.000Z');
    const purposes = [purpose(), purpose({ key: 'analytics', legalBasis: 'CONTRACT' })];
    const outcomes = snapshotOutcomes(purposes, notices, at);
    expect(outcomes).toHaveLength(purposes.length * CONSENT_ACTIONS.length * 3);
    for (const o of outcomes) {
      const d = rowDecider(
        purposes.find((p) => p.key === o.purposeKey)!,
        notices,
        at,
      )(o.action, o.noticeVersion);
      expect(o).toMatchObject({ status: d.status, allowed: d.allowed });
    }
    expect(outcomes).toContainEqual({
      purposeKey: purpose().key,
      action: 'GRANT',
      noticeVersion: 1,
      status: 'RECONSENT_REQUIRED',
      allowed: false,
    });
  });
});

describe('snapshot arguments', () => {
  it.each([
    [0, false],
    [1, true],
    [10_000, true],
    [10_001, false],
    [1.5, false],
  ])('first = %s is accepted: %s', (first, ok) => {
    expect(ZSnapshotFirst.safeParse(first).success).toBe(ok);
  });
  it('purpose keys must be at least one, each once', () => {
    expect(ZSnapshotPurposeKeys.safeParse([]).success).toBe(false);
    expect(ZSnapshotPurposeKeys.safeParse(['analytics', 'analytics']).success).toBe(false);
    expect(ZSnapshotPurposeKeys.safeParse(['analytics', 'marketing-email']).success).toBe(true);
  });
});
