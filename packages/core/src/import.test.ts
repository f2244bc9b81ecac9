import { describe, expect, it } from 'vitest';
import { importNotice, importOrder, planImport } from './import';
import { notice, purpose, t } from './test-fixtures';

const v1 = notice(1, '2026-01-01T00:00:00.000Z', { 'marketing-email': false, analytics: false });
const v2 = notice(2, '2026-06-01T00:00:00.000Z', { 'marketing-email': false });
const purposes = [
  purpose(),
  purpose({ key: 'analytics' }),
  purpose({ key: 'tax-records', legalBasis: 'LEGAL_OBLIGATION' }),
];
const o = { purposes, notices: [v1, v2], now: t('2026-12-01T00:00:00.000Z') };
const row = (over: Record<string, unknown> = {}) => ({
  importId: 'imp-1',
  subjectId: 'alice',
  purposeKey: 'marketing-email',
  action: 'GRANT',
  channel: 'OFFLINE',
  method: 'paper-form',
  occurredAt: '2026-03-01T00:00:00.000Z',
  evidence: { form: 'F-17' },
  ...over,
});

describe('planImport', () => {
  it('a good row rests on the notice in force at occurredAt', () => {
    const { planned, issues } = planImport(
      [row(), row({ importId: 'imp-2', occurredAt: '2026-07-01T00:00:00.000Z' })],
      o,
    );
    expect(issues).toEqual([]);
    expect(planned.map((p) => p.noticeVersion)).toEqual([1, 2]);
  });

  it('a consent given before the first notice rests on the first notice', () => {
    expect(planImport([row({ occurredAt: '2025-01-01T00:00:00.000Z' })], o).planned[0]).toMatchObject({
      noticeVersion: 1,
    });
    expect(importNotice([v2, v1], t('2020-01-01T00:00:00.000Z'))?.version).toBe(1);
  });

  it.each([
    ['an unknown purpose', { purposeKey: 'no-such-purpose' }, 'purposeKey', /no purpose/],
    ['a purpose on another legal basis', { purposeKey: 'tax-records' }, 'purposeKey', /LEGAL_OBLIGATION, not consent/],
    ['a date that is not ISO-8601', { occurredAt: '01/03/2026' }, 'occurredAt', /ISO-8601/],
    ['a date in the future', { occurredAt: '2027-01-01T00:00:00.000Z' }, 'occurredAt', /future/],
    ['a zero date', { occurredAt: '0001-01-01T00:00:00.000Z' }, 'occurredAt', /before 1970/],
    ['missing evidence', { evidence: undefined }, 'evidence', /required/],
    ['empty evidence', { evidence: {} }, 'evidence', /required/],
    ['an unknown notice', { noticeVersionId: 'notice-9' }, 'noticeVersionId', /no notice version/],
    [
      'a notice that does not describe the purpose',
      { purposeKey: 'analytics', noticeVersionId: 'notice-2' },
      'noticeVersionId',
      /does not describe/,
    ],
    ['an action that is not a decision', { action: 'ERASE' }, 'action', /GRANT, REFUSE or WITHDRAW/],
    ['a blank importId', { importId: '  ' }, 'importId', /blank/],
    ['a method with a line break', { method: 'paper\nform' }, 'method', /line breaks/],
  ])('reports %s with its index, field and reason', (_name, over, field, reason) => {
    const { issues } = planImport([row({ importId: 'ok' }), row(over)], o);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ index: 1, path: `records[1].${field}`, reason: expect.stringMatching(reason) });
    expect(issues[0]!.message).toBe(issues[0]!.reason);
  });

  it('reports every bad row, not just the first', () => {
    const { issues } = planImport(
      [
        row({ purposeKey: 'nope' }),
        row({ importId: 'b' }),
        row({ importId: 'c', evidence: null }),
        row({ importId: 'd', occurredAt: 'x' }),
      ],
      o,
    );
    expect(issues.map((i) => i.index)).toEqual([0, 2, 3]);
  });

  it('the same importId twice in one call is a bad row', () => {
    expect(planImport([row(), row()], o).issues).toEqual([
      expect.objectContaining({ index: 1, path: 'records[1].importId' }),
    ]);
  });
});

describe('importOrder', () => {
  it("appends each subject's rows by occurredAt, keeping the call's order for ties and for subjects", () => {
    const rows = [
      { id: 'b-late', subjectId: 'bob', occurredAt: t('2026-05-01T00:00:00.000Z') },
      { id: 'a-late', subjectId: 'alice', occurredAt: t('2026-05-01T00:00:00.000Z') },
      { id: 'b-early', subjectId: 'bob', occurredAt: t('2026-01-01T00:00:00.000Z') },
      { id: 'a-tie-1', subjectId: 'alice', occurredAt: t('2026-02-01T00:00:00.000Z') },
      { id: 'a-tie-2', subjectId: 'alice', occurredAt: t('2026-02-01T00:00:00.000Z') },
    ];
    expect(importOrder(rows).map((r) => r.id)).toEqual(['b-early', 'b-late', 'a-tie-1', 'a-tie-2', 'a-late']);
  });
});
