import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  changesStatus,
  compareEffect,
  deriveStatus,
  effectiveRecord,
  supersedes,
  type DerivedStatus,
  type EffectTime,
} from './consent-status';
import { noticeInForce } from './notice';
import { notice, plus, purpose, state, t } from './test-fixtures';
import { CONSENT_ACTIONS, LEGAL_BASES, type NoticeVersion, type Purpose, type StateRecord } from './types';

// v1: marketing-email and analytics. v2: published Mar 1, effective Mar 15, materially changes marketing-email and
// adds profiling. v3: published and effective May 1, materially changes analytics.
const v1 = notice(1, '2026-01-01T00:00:00.000Z', { 'marketing-email': false, analytics: false });
const v2 = notice(
  2,
  '2026-03-01T00:00:00.000Z',
  { 'marketing-email': true, analytics: false, profiling: false },
  '2026-03-15T00:00:00.000Z',
);
const v3 = notice(3, '2026-05-01T00:00:00.000Z', { 'marketing-email': false, analytics: true, profiling: false });
const notices = [v1, v2, v3];

const marketing = purpose({ key: 'marketing-email' });
const analytics = purpose({ key: 'analytics' });
const profiling = purpose({ key: 'profiling' });
const retiredMay = (p: Purpose): Purpose => ({ ...p, retiredAt: t('2026-05-01T00:00:00.000Z') });

const GRANTED: DerivedStatus = { status: 'GRANTED', needsPrompt: false, lapsedBy: null };
const GRANTED_ASK: DerivedStatus = { status: 'GRANTED', needsPrompt: true, lapsedBy: null };
const NOT_GIVEN: DerivedStatus = { status: 'NOT_GIVEN', needsPrompt: false, lapsedBy: null };
const NOT_GIVEN_ASK: DerivedStatus = { status: 'NOT_GIVEN', needsPrompt: true, lapsedBy: null };
const NOT_APPLICABLE: DerivedStatus = { status: 'NOT_APPLICABLE', needsPrompt: false, lapsedBy: null };
const lapsed = (by: number, needsPrompt = true): DerivedStatus => ({
  status: 'RECONSENT_REQUIRED',
  needsPrompt,
  lapsedBy: by,
});

interface Row {
  rule: string;
  purpose: Purpose;
  record: StateRecord | null;
  at: string;
  lastSeen?: number | null;
  notices?: readonly NoticeVersion[];
  expected: DerivedStatus;
}

const grantV1 = state('GRANT', 1, '2026-01-10T00:00:00.000Z');

// Refusals and withdrawals follow the same prompting rule: one set of rows for each.
const declines = (['REFUSE', 'WITHDRAW'] as const).flatMap((action): Row[] => {
  const status = action === 'REFUSE' ? 'REFUSED' : 'WITHDRAWN';
  const word = action === 'REFUSE' ? 'refusal' : 'withdrawal';
  const settled: DerivedStatus = { status, needsPrompt: false, lapsedBy: null };
  const reasked: DerivedStatus = { status, needsPrompt: true, lapsedBy: null };
  const underV1 = state(action, 1, '2026-01-10T00:00:00.000Z');
  return [
    {
      rule: `a ${word} makes the status ${status} and is not asked again`,
      purpose: marketing,
      record: underV1,
      at: '2026-02-01T00:00:00.000Z',
      expected: settled,
    },
    {
      rule: `a ${word} is not asked again when a later notice changes other purposes only`,
      purpose: analytics,
      record: state(action, 1, '2026-01-10T00:00:00.000Z'),
      at: '2026-04-01T00:00:00.000Z',
      expected: settled,
    },
    {
      rule: `a ${word} is not asked again one millisecond before a notice marking the purpose requiresReconsent is published`,
      purpose: marketing,
      record: underV1,
      at: '2026-02-28T23:59:59.999Z',
      expected: settled,
    },
    {
      rule: `a ${word} is asked again from the instant a later notice marking the purpose requiresReconsent is published, and stays ${status}`,
      purpose: marketing,
      record: underV1,
      at: '2026-03-01T00:00:00.000Z',
      expected: reasked,
    },
    {
      rule: `a ${word} re-asked stays asked after that notice takes effect and under later notices`,
      purpose: marketing,
      record: underV1,
      at: '2026-06-01T00:00:00.000Z',
      expected: reasked,
    },
    {
      rule: `a ${word} made under the re-consent notice itself is not asked again`,
      purpose: marketing,
      record: state(action, 2, '2026-03-20T00:00:00.000Z'),
      at: '2026-06-01T00:00:00.000Z',
      expected: settled,
    },
    {
      rule: `a ${word} made on an older version after the re-consent notice was published is asked again`,
      purpose: marketing,
      record: state(action, 1, '2026-03-05T00:00:00.000Z'),
      at: '2026-03-10T00:00:00.000Z',
      expected: reasked,
    },
    {
      rule: `a ${word} under an intermediate version is asked again with the next material change`,
      purpose: analytics,
      record: state(action, 2, '2026-03-20T00:00:00.000Z'),
      at: '2026-05-01T00:00:00.000Z',
      expected: reasked,
    },
    {
      rule: `a ${word} of a retired purpose is never asked again`,
      purpose: retiredMay(marketing),
      record: underV1,
      at: '2026-06-01T00:00:00.000Z',
      expected: settled,
    },
    {
      rule: `a ${word} of a purpose retired later is asked again before its retirement`,
      purpose: retiredMay(marketing),
      record: underV1,
      at: '2026-04-30T23:59:59.999Z',
      expected: reasked,
    },
  ];
});

const rows: Row[] = [
  // Never decided: a new subject is asked about every consent purpose the notice in force describes.
  {
    rule: 'a purpose never decided is NOT_GIVEN and asked',
    purpose: marketing,
    record: null,
    at: '2026-02-01T00:00:00.000Z',
    expected: NOT_GIVEN_ASK,
  },
  {
    rule: 'a purpose never decided is asked from the instant the first notice is published',
    purpose: marketing,
    record: null,
    at: '2026-01-01T00:00:00.000Z',
    expected: NOT_GIVEN_ASK,
  },
  {
    rule: 'nothing is asked before any notice is published',
    purpose: marketing,
    record: null,
    at: '2025-12-31T23:59:59.999Z',
    expected: NOT_GIVEN,
  },
  {
    rule: 'a purpose added by a later notice is asked from its publication',
    purpose: profiling,
    record: null,
    at: '2026-03-01T00:00:00.000Z',
    expected: NOT_GIVEN_ASK,
  },
  {
    rule: 'a purpose is not asked before a notice describing it is published',
    purpose: profiling,
    record: null,
    at: '2026-02-28T23:59:59.999Z',
    expected: NOT_GIVEN,
  },
  {
    rule: 'a purpose absent from the notice in force is not asked',
    purpose: purpose({ key: 'sms' }),
    record: null,
    at: '2026-06-01T00:00:00.000Z',
    expected: NOT_GIVEN,
  },
  {
    rule: 'a purpose never decided stays asked, however long ago it was added',
    purpose: profiling,
    record: null,
    at: '2026-06-01T00:00:00.000Z',
    expected: NOT_GIVEN_ASK,
  },
  {
    rule: 'lastSeenNoticeVersion is ignored: a purpose the subject left unanswered is still asked',
    purpose: profiling,
    record: null,
    at: '2026-06-01T00:00:00.000Z',
    lastSeen: 2,
    expected: NOT_GIVEN_ASK,
  },
  {
    rule: 'lastSeenNoticeVersion is ignored: an unknown version changes nothing',
    purpose: marketing,
    record: null,
    at: '2026-06-01T00:00:00.000Z',
    lastSeen: 99,
    expected: NOT_GIVEN_ASK,
  },
  {
    rule: 'an ERASE record sets no status: it answers as no record',
    purpose: marketing,
    record: state('ERASE', 1, '2026-01-10T00:00:00.000Z'),
    at: '2026-02-01T00:00:00.000Z',
    expected: NOT_GIVEN_ASK,
  },

  // Refusals and withdrawals.
  ...declines,

  // Grants.
  {
    rule: 'a grant makes the status GRANTED',
    purpose: marketing,
    record: grantV1,
    at: '2026-02-01T00:00:00.000Z',
    expected: GRANTED,
  },

  // A material change (requiresReconsent) for this purpose: published Mar 1, effective Mar 15.
  {
    rule: 'a grant one millisecond before the re-consent notice is published is simply GRANTED',
    purpose: marketing,
    record: grantV1,
    at: '2026-02-28T23:59:59.999Z',
    expected: GRANTED,
  },
  {
    rule: 'a grant is prompted again from the instant the re-consent notice is published',
    purpose: marketing,
    record: grantV1,
    at: '2026-03-01T00:00:00.000Z',
    expected: GRANTED_ASK,
  },
  {
    rule: 'a grant still counts one millisecond before the re-consent notice takes effect',
    purpose: marketing,
    record: grantV1,
    at: '2026-03-14T23:59:59.999Z',
    expected: GRANTED_ASK,
  },
  {
    rule: 'a grant lapses exactly at effectiveAt of the re-consent notice',
    purpose: marketing,
    record: grantV1,
    at: '2026-03-15T00:00:00.000Z',
    expected: lapsed(2),
  },
  {
    rule: 'a lapsed grant stays lapsed under later notices that do not change the purpose',
    purpose: marketing,
    record: grantV1,
    at: '2026-06-01T00:00:00.000Z',
    expected: lapsed(2),
  },
  {
    rule: 'a grant under the re-consent notice itself counts',
    purpose: marketing,
    record: state('GRANT', 2, '2026-03-20T00:00:00.000Z'),
    at: '2026-06-01T00:00:00.000Z',
    expected: GRANTED,
  },
  {
    rule: 'a grant given under the old version after the new one was published still lapses',
    purpose: marketing,
    record: state('GRANT', 1, '2026-03-05T00:00:00.000Z'),
    at: '2026-03-15T00:00:00.000Z',
    expected: lapsed(2),
  },

  // Notice changes that do not require re-consent for this purpose.
  {
    rule: 'a notice change without requiresReconsent for this purpose keeps the grant',
    purpose: analytics,
    record: state('GRANT', 1, '2026-01-10T00:00:00.000Z'),
    at: '2026-04-01T00:00:00.000Z',
    expected: GRANTED,
  },
  {
    rule: 'a later material change for this purpose lapses the grant at once when effective on publication',
    purpose: analytics,
    record: state('GRANT', 1, '2026-01-10T00:00:00.000Z'),
    at: '2026-05-01T00:00:00.000Z',
    expected: lapsed(3),
  },
  {
    rule: 'a grant under an intermediate version lapses with the next material change',
    purpose: analytics,
    record: state('GRANT', 2, '2026-03-20T00:00:00.000Z'),
    at: '2026-05-01T00:00:00.000Z',
    expected: lapsed(3),
  },
  {
    rule: 'a grant under the newest material change counts',
    purpose: analytics,
    record: state('GRANT', 3, '2026-05-02T00:00:00.000Z'),
    at: '2026-06-01T00:00:00.000Z',
    expected: GRANTED,
  },

  // Unusual notice timelines.
  {
    rule: 'a notice effective before it was published lapses grants from publication',
    purpose: marketing,
    record: grantV1,
    notices: [v1, notice(2, '2026-03-01T00:00:00.000Z', { 'marketing-email': true }, '2026-02-01T00:00:00.000Z')],
    at: '2026-03-01T00:00:00.000Z',
    expected: lapsed(2),
  },
  {
    rule: 'a notice effective before it was published does not lapse grants before publication',
    purpose: marketing,
    record: grantV1,
    notices: [v1, notice(2, '2026-03-01T00:00:00.000Z', { 'marketing-email': true }, '2026-02-01T00:00:00.000Z')],
    at: '2026-02-15T00:00:00.000Z',
    expected: GRANTED,
  },
  {
    rule: 'a later material change that takes effect sooner than a pending one lapses the grant first',
    purpose: marketing,
    record: grantV1,
    notices: [
      v1,
      notice(2, '2026-03-01T00:00:00.000Z', { 'marketing-email': true }, '2026-12-01T00:00:00.000Z'),
      notice(3, '2026-04-01T00:00:00.000Z', { 'marketing-email': true }),
    ],
    at: '2026-04-01T00:00:00.000Z',
    expected: lapsed(3),
  },
  {
    rule: 'the order of the notices list does not matter',
    purpose: marketing,
    record: grantV1,
    notices: [v3, v1, v2],
    at: '2026-03-15T00:00:00.000Z',
    expected: lapsed(2),
  },
  {
    rule: 'a refusal is asked again whatever the order of the notices list',
    purpose: marketing,
    record: state('REFUSE', 1, '2026-01-10T00:00:00.000Z'),
    notices: [v3, v2, v1],
    at: '2026-03-01T00:00:00.000Z',
    expected: { status: 'REFUSED', needsPrompt: true, lapsedBy: null },
  },

  // Retired purposes keep their status but are never asked.
  {
    rule: 'a retired purpose keeps its GRANTED status but is not prompted',
    purpose: retiredMay(marketing),
    record: state('GRANT', 2, '2026-03-20T00:00:00.000Z'),
    at: '2026-06-01T00:00:00.000Z',
    expected: GRANTED,
  },
  {
    rule: 'a retired purpose with a lapsed grant is RECONSENT_REQUIRED but not prompted',
    purpose: retiredMay(marketing),
    record: grantV1,
    at: '2026-06-01T00:00:00.000Z',
    expected: lapsed(2, false),
  },
  {
    rule: 'a retired purpose never decided is not asked',
    purpose: retiredMay(profiling),
    record: null,
    at: '2026-06-01T00:00:00.000Z',
    expected: NOT_GIVEN,
  },
  {
    rule: 'a retired purpose never decided is not asked even while the notice in force still describes it',
    purpose: retiredMay(marketing),
    record: null,
    at: '2026-05-01T00:00:00.000Z',
    expected: NOT_GIVEN,
  },
  {
    rule: 'a purpose retired later is still asked before its retirement',
    purpose: retiredMay(marketing),
    record: null,
    at: '2026-04-30T23:59:59.999Z',
    expected: NOT_GIVEN_ASK,
  },
  {
    rule: 'a purpose retired later is still prompted for a lapsed grant before its retirement',
    purpose: retiredMay(marketing),
    record: grantV1,
    at: '2026-04-30T23:59:59.999Z',
    expected: lapsed(2),
  },
  {
    rule: 'a purpose is no longer prompted exactly at its retirement',
    purpose: retiredMay(marketing),
    record: grantV1,
    at: '2026-05-01T00:00:00.000Z',
    expected: lapsed(2, false),
  },

  // Other legal bases never take consent, so nobody is asked.
  ...LEGAL_BASES.filter((b) => b !== 'CONSENT').flatMap((legalBasis): Row[] => [
    {
      rule: `a ${legalBasis} purpose is NOT_APPLICABLE and not asked without records`,
      purpose: purpose({ legalBasis }),
      record: null,
      at: '2026-04-01T00:00:00.000Z',
      expected: NOT_APPLICABLE,
    },
    {
      rule: `a ${legalBasis} purpose is NOT_APPLICABLE whatever its records say (grant)`,
      purpose: purpose({ legalBasis }),
      record: grantV1,
      at: '2026-04-01T00:00:00.000Z',
      expected: NOT_APPLICABLE,
    },
    {
      rule: `a ${legalBasis} purpose is NOT_APPLICABLE whatever its records say (refusal under a changed notice)`,
      purpose: purpose({ legalBasis }),
      record: state('REFUSE', 1, '2026-01-10T00:00:00.000Z'),
      at: '2026-04-01T00:00:00.000Z',
      expected: NOT_APPLICABLE,
    },
    {
      rule: `a retired ${legalBasis} purpose is NOT_APPLICABLE`,
      purpose: retiredMay(purpose({ legalBasis })),
      record: null,
      at: '2026-06-01T00:00:00.000Z',
      expected: NOT_APPLICABLE,
    },
  ]),
];

describe('deriveStatus', () => {
  it.each(rows)('$rule', (row) => {
    expect(
      deriveStatus({
        purpose: row.purpose,
        record: row.record,
        notices: row.notices ?? notices,
        at: t(row.at),
        lastSeenNoticeVersion: row.lastSeen,
      }),
    ).toEqual(row.expected);
  });

  it('treats an undefined record like no record', () => {
    expect(deriveStatus({ purpose: marketing, record: undefined, notices, at: t('2026-02-01T00:00:00.000Z') })).toEqual(
      NOT_GIVEN_ASK,
    );
  });

  const arbAction = fc.constantFrom(...CONSENT_ACTIONS);
  const arbInstant = fc
    .integer({ min: 0, max: 200 })
    .map((days) => plus(t('2025-12-15T00:00:00.000Z'), days * 86_400_000));
  const arbRecord = fc.option(
    fc
      .record({ action: arbAction, version: fc.integer({ min: 1, max: 3 }), occurredAt: arbInstant })
      .map((r): StateRecord => ({
        recordId: 'r',
        action: r.action,
        noticeVersion: r.version,
        occurredAt: r.occurredAt,
        recordedAt: r.occurredAt,
      })),
    { nil: null },
  );
  const arbPurpose = fc
    .record({
      key: fc.constantFrom('marketing-email', 'analytics', 'profiling', 'sms'),
      legalBasis: fc.constantFrom(...LEGAL_BASES),
      retiredAt: fc.option(arbInstant, { nil: null }),
    })
    .map((p) => purpose(p));

  it('never asks about a purpose resting on another legal basis, or retired', () => {
    fc.assert(
      fc.property(arbPurpose, arbRecord, arbInstant, (p, record, at) => {
        fc.pre(p.legalBasis !== 'CONSENT' || (p.retiredAt !== null && p.retiredAt <= at));
        expect(deriveStatus({ purpose: p, record, notices, at }).needsPrompt).toBe(false);
      }),
    );
  });

  it('always asks about an active consent purpose the notice in force describes and the subject never decided', () => {
    fc.assert(
      fc.property(arbPurpose, arbRecord, arbInstant, (p, record, at) => {
        fc.pre(
          p.legalBasis === 'CONSENT' &&
            (p.retiredAt === null || p.retiredAt > at) &&
            (record === null || record.action === 'ERASE'),
        );
        const describes = noticeInForce(notices, at)?.purposes.some((np) => np.purposeKey === p.key) ?? false;
        expect(deriveStatus({ purpose: p, record, notices, at })).toEqual({
          status: 'NOT_GIVEN',
          needsPrompt: describes,
          lapsedBy: null,
        });
      }),
    );
  });

  it('maps each decision to its status: GRANT to GRANTED or RECONSENT_REQUIRED, REFUSE to REFUSED, WITHDRAW to WITHDRAWN', () => {
    const expected = {
      GRANT: ['GRANTED', 'RECONSENT_REQUIRED'],
      REFUSE: ['REFUSED'],
      WITHDRAW: ['WITHDRAWN'],
      ERASE: ['NOT_GIVEN'],
    };
    fc.assert(
      fc.property(arbPurpose, arbRecord, arbInstant, (p, record, at) => {
        fc.pre(p.legalBasis === 'CONSENT' && record !== null);
        expect(expected[record!.action]).toContain(deriveStatus({ purpose: p, record, notices, at }).status);
      }),
    );
  });

  it('asks again about a decision exactly when a later notice marking the purpose requiresReconsent is published by then', () => {
    fc.assert(
      fc.property(arbPurpose, arbRecord, arbInstant, (p, record, at) => {
        fc.pre(p.legalBasis === 'CONSENT' && p.retiredAt === null && record !== null && record.action !== 'ERASE');
        const changed = notices.some(
          (n) =>
            n.version > record!.noticeVersion &&
            n.publishedAt <= at &&
            n.purposes.some((np) => np.purposeKey === p.key && np.requiresReconsent),
        );
        expect(deriveStatus({ purpose: p, record, notices, at }).needsPrompt).toBe(changed);
      }),
    );
  });
});

describe('changesStatus', () => {
  it.each(CONSENT_ACTIONS.map((a) => [a, a !== 'ERASE'] as const))(
    '%s changes a purpose status: %s',
    (action, expected) => {
      expect(changesStatus(action)).toBe(expected);
    },
  );
});

const e = (occurredAt: string, recordedAt: string = occurredAt): EffectTime => ({
  occurredAt: t(occurredAt),
  recordedAt: t(recordedAt),
});

describe('compareEffect', () => {
  const rows: Array<[string, EffectTime, EffectTime, number]> = [
    ['the earlier occurrence comes first', e('2026-01-01T00:00:00.000Z'), e('2026-01-02T00:00:00.000Z'), -1],
    [
      'occurredAt wins over recordedAt',
      e('2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z'),
      e('2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'),
      1,
    ],
    [
      'on equal occurredAt the earlier recording comes first',
      e('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
      e('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.001Z'),
      -1,
    ],
    ['identical instants compare equal', e('2026-01-01T00:00:00.000Z'), e('2026-01-01T00:00:00.000Z'), 0],
  ];
  it.each(rows)('%s', (_rule, a, b, expected) => {
    expect(compareEffect(a, b)).toBe(expected);
    expect(compareEffect(b, a)).toBe(-expected || 0);
  });
});

describe('supersedes', () => {
  const current = e('2026-01-10T00:00:00.000Z', '2026-01-10T00:00:00.000Z');
  const rows: Array<[string, EffectTime & { action?: string }, EffectTime | null | undefined, boolean]> = [
    ['the first record for a purpose sets the status', current, null, true],
    ['the first record for a purpose sets the status (undefined row)', current, undefined, true],
    ['a newer record replaces the current one', e('2026-01-11T00:00:00.000Z'), current, true],
    [
      'a back-dated record older than the current one is kept as evidence only',
      e('2026-01-09T00:00:00.000Z', '2026-02-01T00:00:00.000Z'),
      current,
      false,
    ],
    [
      'a back-dated record at the same instant but recorded later replaces it',
      e('2026-01-10T00:00:00.000Z', '2026-02-01T00:00:00.000Z'),
      current,
      true,
    ],
    ['a record identical in time replaces it (append order breaks the tie)', current, current, true],
    [
      'an ERASE record never replaces the current one',
      { ...e('2026-01-11T00:00:00.000Z'), action: 'ERASE' },
      current,
      false,
    ],
    [
      'an ERASE record never becomes the first row either',
      { ...e('2026-01-11T00:00:00.000Z'), action: 'ERASE' },
      null,
      false,
    ],
    [
      'a REFUSE record replaces an older one like any decision',
      { ...e('2026-01-11T00:00:00.000Z'), action: 'REFUSE' },
      current,
      true,
    ],
  ];
  it.each(rows)('%s', (_rule, candidate, row, expected) => {
    expect(supersedes(candidate, row)).toBe(expected);
  });
});

describe('effectiveRecord', () => {
  const grant = { ...e('2026-01-01T00:00:00.000Z'), id: 'grant' };
  const withdraw = { ...e('2026-02-01T00:00:00.000Z'), id: 'withdraw' };
  const backdated = { ...e('2026-01-15T00:00:00.000Z', '2026-03-01T00:00:00.000Z'), id: 'backdated' };
  const tieLater = { ...e('2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'), id: 'tie-later' };
  const erase = { ...e('2026-03-01T00:00:00.000Z'), id: 'erase', action: 'ERASE' };
  const rows: Array<
    [string, Array<EffectTime & { id: string; action?: string }>, string | undefined, string | undefined]
  > = [
    ['no records give none', [], undefined, undefined],
    ['the newest occurrence wins', [grant, withdraw], undefined, 'withdraw'],
    ['the newest occurrence wins whatever the array order', [withdraw, grant], undefined, 'withdraw'],
    ['a back-dated record does not displace a newer occurrence', [grant, withdraw, backdated], undefined, 'withdraw'],
    [
      'a back-dated record counts at instants before the newer occurrence',
      [grant, withdraw, backdated],
      '2026-01-20T00:00:00.000Z',
      'backdated',
    ],
    ['a record counts exactly at its occurredAt', [grant, withdraw], '2026-02-01T00:00:00.000Z', 'withdraw'],
    [
      'a record does not count one millisecond before its occurredAt',
      [grant, withdraw],
      '2026-01-31T23:59:59.999Z',
      'grant',
    ],
    ['nothing counts before the first occurrence', [grant, withdraw], '2025-12-31T23:59:59.999Z', undefined],
    ['on a full tie the later appended record wins', [withdraw, tieLater], undefined, 'tie-later'],
    [
      'an ERASE record is passed over: the newest decision before it still sets the status',
      [grant, withdraw, erase],
      undefined,
      'withdraw',
    ],
    ['an ERASE record alone sets nothing', [erase], undefined, undefined],
  ];
  it.each(rows)('%s', (_rule, records, at, expected) => {
    expect(effectiveRecord(records, at === undefined ? undefined : t(at))?.id).toBe(expected);
  });

  const arbRecords = fc.array(
    fc
      .record({
        occurredAt: fc.integer({ min: 0, max: 20 }),
        recordedAt: fc.integer({ min: 0, max: 20 }),
        action: fc.constantFrom(...CONSENT_ACTIONS),
      })
      .map(({ occurredAt, recordedAt, action }) => ({
        occurredAt: plus(t('2026-01-01T00:00:00.000Z'), occurredAt),
        recordedAt: plus(t('2026-01-01T00:00:00.000Z'), recordedAt),
        action,
      })),
    { maxLength: 12 },
  );

  it('agrees with the projection built by folding supersedes over the appends', () => {
    fc.assert(
      fc.property(arbRecords, (records) => {
        let row: (typeof records)[number] | undefined;
        for (const r of records) if (supersedes(r, row)) row = r;
        expect(effectiveRecord(records)).toBe(row);
      }),
    );
  });

  it('at an instant, picks the newest status-setting record among those that occurred by then', () => {
    fc.assert(
      fc.property(arbRecords, fc.integer({ min: 0, max: 20 }), (records, offset) => {
        const at = plus(t('2026-01-01T00:00:00.000Z'), offset);
        const picked = effectiveRecord(records, at);
        const eligible = records.filter((r) => r.occurredAt <= at && r.action !== 'ERASE');
        if (eligible.length === 0) {
          expect(picked).toBeUndefined();
        } else {
          expect(eligible).toContain(picked);
          for (const r of eligible) expect(compareEffect(r, picked as EffectTime)).toBeLessThanOrEqual(0);
        }
      }),
    );
  });
});
