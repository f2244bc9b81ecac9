import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssentError } from './errors';
import { ZSubjectId } from './schemas';
import { gpcRecordsByPurpose, planGpc } from './gpc';
import { content, notice, plus, purpose, t } from './test-fixtures';
import { DECISION_ACTIONS, type ConsentAction, type ConsentRecordContent } from './types';
import {
  base64url,
  isVisitorSubjectId,
  newVisitorSubjectId,
  planLinkVisitor,
  type PlanLinkVisitorOptions,
  type SubjectDecisionTime,
} from './visitor';

function thrown(f: () => unknown): AssentError {
  try {
    f();
  } catch (e) {
    if (e instanceof AssentError) return e;
    throw e;
  }
  throw new Error('expected an AssentError');
}

describe('base64url', () => {
  it('agrees with RFC 4648 §5 without padding for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(base64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      }),
    );
  });
});

describe('newVisitorSubjectId', () => {
  it("is 'v_' and 22 base64url characters of 16 random bytes", () => {
    const asked: number[] = [];
    const id = newVisitorSubjectId((n) => {
      asked.push(n);
      return new Uint8Array(n).fill(0xff);
    });
    expect(asked).toEqual([16]);
    expect(id).toBe('v_' + '_'.repeat(21) + 'w');
  });

  it('makes ids that isVisitorSubjectId and ZSubjectId accept, from any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const id = newVisitorSubjectId(() => bytes);
        expect(id).toMatch(/^v_[A-Za-z0-9_-]{22}$/);
        expect(isVisitorSubjectId(id)).toBe(true);
        expect(ZSubjectId.safeParse(id).success).toBe(true);
      }),
    );
  });

  it('gives different ids for different bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (a, b) => {
          fc.pre(Buffer.compare(a, b) !== 0);
          expect(newVisitorSubjectId(() => a)).not.toBe(newVisitorSubjectId(() => b));
        },
      ),
    );
  });

  it('refuses a random source that returns fewer than 16 bytes', () => {
    expect(() => newVisitorSubjectId(() => new Uint8Array(15))).toThrow('randomBytes returned 15 bytes, 16 needed');
  });
});

describe('isVisitorSubjectId', () => {
  it.each([
    ['v_AAAAAAAAAAAAAAAAAAAAAA', true],
    ['v_-_aZ09-_aZ09-_aZ09-_aZ', true],
    [`v_${'A'.repeat(254)}`, true],
    [`v_${'A'.repeat(255)}`, false],
    ['v_AAAAAAAAAAAAAAAAAAAAA', false],
    ['V_AAAAAAAAAAAAAAAAAAAAAA', false],
    ['v-AAAAAAAAAAAAAAAAAAAAAA', false],
    ['v_AAAAAAAAAAAAAAAAAAAAA=', false],
    ['v_AAAAAAAAAAAAAAAAAAAAA+', false],
    ['ada@example.com', false],
    ['', false],
  ])('%s → %s', (id, expected) => {
    expect(isVisitorSubjectId(id)).toBe(expected);
  });
});

describe('planLinkVisitor', () => {
  const visitorId = 'v_AAAAAAAAAAAAAAAAAAAAAA';
  const purposes = [
    purpose({ key: 'marketing-email' }),
    purpose({ key: 'analytics' }),
    purpose({ key: 'ads', gpcOptOut: true }),
    purpose({ key: 'survey', retiredAt: t('2026-05-01T00:00:00.000Z') }),
    purpose({ key: 'billing', legalBasis: 'CONTRACT' }),
  ];
  const now = t('2026-06-01T00:00:00.000Z');
  const day = (d: number) => plus(t('2026-05-10T00:00:00.000Z'), d * 86_400_000);

  const visitorRec = (n: number, purposeKey: string, action: ConsentAction, d: number): ConsentRecordContent =>
    content(n, {
      id: `vis-${n}`,
      subjectId: visitorId,
      actorId: visitorId,
      purposeKey,
      action,
      method: 'banner/save',
      occurredAt: day(d),
      recordedAt: day(d),
    });
  const subjectRec = (purposeKey: string, action: ConsentAction, d: number): SubjectDecisionTime => ({
    purposeKey,
    action,
    occurredAt: day(d),
    recordedAt: day(d),
  });

  const link = (
    visitorRecords: ConsentRecordContent[],
    subjectRecords: SubjectDecisionTime[] = [],
    overrides: Partial<PlanLinkVisitorOptions> = {},
  ) =>
    planLinkVisitor({
      visitorSubjectId: visitorId,
      subjectId: 'ada',
      visitorRecords,
      subjectRecords,
      purposes,
      now,
      ...overrides,
    });

  it("a grant made after the GPC signal carries the signal's last record with it, so the subject's next applyGpc leaves the grant", () => {
    const gpc = { ...visitorRec(1, 'ads', 'REFUSE', 1), method: 'gpc' };
    const grant = visitorRec(2, 'ads', 'GRANT', 2);
    const planned = link([grant], [], { visitorGpcRecords: [gpc] });
    expect(planned.map((l) => [l.action, l.method, l.evidence.records])).toEqual([
      ['REFUSE', 'gpc', ['vis-1']],
      ['GRANT', 'banner/save', ['vis-2']],
    ]);
    // The subject's next applyGpc: its own gpc record is older than the carried grant, so the grant wins.
    const subjectRecords = planned.map((l, i) => ({
      ...content(10 + i, { subjectId: 'ada', purposeKey: l.purposeKey, action: l.action, method: l.method }),
      occurredAt: l.occurredAt,
      recordedAt: l.occurredAt,
    }));
    expect(
      planGpc({
        signal: 'Sec-GPC',
        purposes,
        records: gpcRecordsByPurpose(subjectRecords),
        notices: [notice(1, '2026-01-01T00:00:00.000Z', { ads: false })],
        now,
      }),
    ).toEqual([]);
  });

  it('no signal record is carried with a grant made before the signal, a refusal, or when the subject decided after the signal', () => {
    const gpc = { ...visitorRec(1, 'ads', 'WITHDRAW', 3), method: 'gpc' };
    expect(link([visitorRec(2, 'ads', 'GRANT', 2)], [], { visitorGpcRecords: [gpc] })).toHaveLength(1);
    expect(link([visitorRec(2, 'ads', 'REFUSE', 4)], [], { visitorGpcRecords: [gpc] })).toHaveLength(1);
    const later = link([visitorRec(2, 'ads', 'GRANT', 5)], [subjectRec('ads', 'REFUSE', 4)], {
      visitorGpcRecords: [gpc],
    });
    expect(later.map((l) => l.action)).toEqual(['GRANT']);
  });

  it("records each of the visitor's current decisions for a subject with none, oldest first, with evidence pointing at them", () => {
    const planned = link([
      visitorRec(0, 'analytics', 'GRANT', 3),
      visitorRec(1, 'marketing-email', 'REFUSE', 1),
      visitorRec(2, 'ads', 'WITHDRAW', 2),
    ]);
    expect(planned).toEqual([
      {
        subjectId: 'ada',
        purposeKey: 'marketing-email',
        action: 'REFUSE',
        noticeVersionId: 'notice-1',
        noticeVersion: 1,
        channel: 'WEB',
        method: 'banner/save',
        occurredAt: day(1),
        evidence: { linkedFrom: visitorId, records: ['vis-1'] },
      },
      {
        subjectId: 'ada',
        purposeKey: 'ads',
        action: 'WITHDRAW',
        noticeVersionId: 'notice-1',
        noticeVersion: 1,
        channel: 'WEB',
        method: 'banner/save',
        occurredAt: day(2),
        evidence: { linkedFrom: visitorId, records: ['vis-2'] },
      },
      {
        subjectId: 'ada',
        purposeKey: 'analytics',
        action: 'GRANT',
        noticeVersionId: 'notice-1',
        noticeVersion: 1,
        channel: 'WEB',
        method: 'banner/save',
        occurredAt: day(3),
        evidence: { linkedFrom: visitorId, records: ['vis-0'] },
      },
    ]);
  });

  const rows: Array<[string, ConsentRecordContent[], SubjectDecisionTime[], Array<[string, ConsentAction]>]> = [
    [
      'only the newest of the visitor’s records for a purpose is carried',
      [visitorRec(0, 'analytics', 'GRANT', 1), visitorRec(1, 'analytics', 'WITHDRAW', 2)],
      [],
      [['analytics', 'WITHDRAW']],
    ],
    [
      'a subject decision newer than the visitor’s wins',
      [visitorRec(0, 'analytics', 'GRANT', 1)],
      [subjectRec('analytics', 'REFUSE', 2)],
      [],
    ],
    [
      'a subject decision at the same instant wins',
      [visitorRec(0, 'analytics', 'GRANT', 1)],
      [subjectRec('analytics', 'REFUSE', 1)],
      [],
    ],
    [
      'a visitor decision newer than the subject’s is carried',
      [visitorRec(0, 'analytics', 'GRANT', 2)],
      [subjectRec('analytics', 'REFUSE', 1)],
      [['analytics', 'GRANT']],
    ],
    [
      'the subject’s newest record is the one compared',
      [visitorRec(0, 'analytics', 'GRANT', 2)],
      [subjectRec('analytics', 'REFUSE', 3), subjectRec('analytics', 'GRANT', 1)],
      [],
    ],
    [
      'a subject’s decision about another purpose does not block',
      [visitorRec(0, 'analytics', 'GRANT', 1)],
      [subjectRec('ads', 'REFUSE', 5)],
      [['analytics', 'GRANT']],
    ],
    [
      'a subject’s ERASE record is not a decision',
      [visitorRec(0, 'analytics', 'GRANT', 1)],
      [subjectRec('analytics', 'ERASE', 5)],
      [['analytics', 'GRANT']],
    ],
    [
      'a visitor’s ERASE record is not carried, the decision before it is',
      [visitorRec(0, 'analytics', 'REFUSE', 1), visitorRec(1, 'analytics', 'ERASE', 2)],
      [],
      [['analytics', 'REFUSE']],
    ],
    ['a grant of a retired purpose is not carried', [visitorRec(0, 'survey', 'GRANT', 1)], [], []],
    ['a refusal of a retired purpose is carried', [visitorRec(0, 'survey', 'REFUSE', 1)], [], [['survey', 'REFUSE']]],
    ['a record of an unknown purpose is not carried', [visitorRec(0, 'gone', 'GRANT', 1)], [], []],
    ['a record of a purpose resting on another basis is not carried', [visitorRec(0, 'billing', 'GRANT', 1)], [], []],
    ['a visitor with no records carries nothing', [], [subjectRec('analytics', 'GRANT', 1)], []],
  ];

  it.each(rows)('%s', (_rule, visitorRecords, subjectRecords, expected) => {
    expect(link(visitorRecords, subjectRecords).map((p) => [p.purposeKey, p.action])).toEqual(expected);
  });

  it.each([
    ['a visitor id that is not one', { visitorSubjectId: 'ada' }, 'visitorSubjectId: not a visitor subject id'],
    ['the visitor as its own subject', { subjectId: visitorId }, "subjectId: must be the signed-in subject's id"],
    [
      'another visitor as the subject',
      { subjectId: 'v_BBBBBBBBBBBBBBBBBBBBBB' },
      "subjectId: must be the signed-in subject's id",
    ],
  ])('refuses %s with BAD_USER_INPUT', (_rule, overrides, message) => {
    const e = thrown(() => link([], [], overrides));
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.message).toContain(message);
  });

  const arbRecords = (n: number) =>
    fc.array(
      fc.record({
        purposeKey: fc.constantFrom('marketing-email', 'analytics', 'ads', 'survey'),
        action: fc.constantFrom(...DECISION_ACTIONS),
        d: fc.integer({ min: 0, max: 20 }),
      }),
      { maxLength: n },
    );

  it('linking twice records once', () => {
    fc.assert(
      fc.property(arbRecords(8), arbRecords(6), (vis, sub) => {
        const visitorRecords = vis.map((r, i) => visitorRec(i, r.purposeKey, r.action, r.d));
        const subjectRecords = sub.map((r) => subjectRec(r.purposeKey, r.action, r.d));
        const first = link(visitorRecords, subjectRecords);
        // As the server appends them: occurredAt as planned, recorded at the time of linking.
        const after = [
          ...subjectRecords,
          ...first.map((p) => ({
            purposeKey: p.purposeKey,
            action: p.action,
            occurredAt: p.occurredAt,
            recordedAt: now,
          })),
        ];
        expect(link(visitorRecords, after)).toEqual([]);
      }),
    );
  });

  it('never carries a decision over a newer one of the subject, and carries at most one per purpose', () => {
    fc.assert(
      fc.property(arbRecords(8), arbRecords(6), (vis, sub) => {
        const planned = link(
          vis.map((r, i) => visitorRec(i, r.purposeKey, r.action, r.d)),
          sub.map((r) => subjectRec(r.purposeKey, r.action, r.d)),
        );
        expect(new Set(planned.map((p) => p.purposeKey)).size).toBe(planned.length);
        for (const p of planned) {
          for (const s of sub)
            if (s.purposeKey === p.purposeKey) expect(day(s.d).getTime()).toBeLessThanOrEqual(p.occurredAt.getTime());
          expect(p.evidence.linkedFrom).toBe(visitorId);
          expect(p.evidence.records).toHaveLength(1);
        }
      }),
    );
  });
});
