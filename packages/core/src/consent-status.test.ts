import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareEffect, deriveStatus, effectiveRecord, supersedes, type DerivedStatus, type EffectTime } from './consent-status';
import { notice, plus, purpose, state, t } from './test-fixtures';
import { LEGAL_BASES, type NoticeVersion, type Purpose, type StateRecord } from './types';

// v1: marketing-email and analytics. v2: published Mar 1, effective Mar 15, materially changes marketing-email and
// adds profiling. v3: published and effective May 1, materially changes analytics.
const v1 = notice(1, '2026-01-01T00:00:00.000Z', { 'marketing-email': false, analytics: false });
const v2 = notice(2, '2026-03-01T00:00:00.000Z', { 'marketing-email': true, analytics: false, profiling: false }, '2026-03-15T00:00:00.000Z');
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
const WITHDRAWN: DerivedStatus = { status: 'WITHDRAWN', needsPrompt: false, lapsedBy: null };
const NOT_APPLICABLE: DerivedStatus = { status: 'NOT_APPLICABLE', needsPrompt: false, lapsedBy: null };
const lapsed = (by: number, needsPrompt = true): DerivedStatus => ({ status: 'RECONSENT_REQUIRED', needsPrompt, lapsedBy: by });

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

const rows: Row[] = [
  // Never recorded.
  { rule: 'no record makes the status NOT_GIVEN', purpose: marketing, record: null, at: '2026-02-01T00:00:00.000Z', expected: NOT_GIVEN },
  { rule: 'a subject who never decided anything is not prompted by needsPrompt', purpose: profiling, record: null, at: '2026-04-01T00:00:00.000Z', lastSeen: null, expected: NOT_GIVEN },

  // Grants and withdrawals.
  { rule: 'a grant makes the status GRANTED', purpose: marketing, record: grantV1, at: '2026-02-01T00:00:00.000Z', expected: GRANTED },
  { rule: 'a withdrawal makes the status WITHDRAWN', purpose: marketing, record: state('WITHDRAW', 1, '2026-01-10T00:00:00.000Z'), at: '2026-02-01T00:00:00.000Z', expected: WITHDRAWN },
  { rule: 'a withdrawal is never prompted again, even after a material notice change', purpose: marketing, record: state('WITHDRAW', 1, '2026-01-10T00:00:00.000Z'), at: '2026-04-01T00:00:00.000Z', expected: WITHDRAWN },

  // A material change (requiresReconsent) for this purpose: published Mar 1, effective Mar 15.
  { rule: 'a grant one millisecond before the re-consent notice is published is simply GRANTED', purpose: marketing, record: grantV1, at: '2026-02-28T23:59:59.999Z', expected: GRANTED },
  { rule: 'a grant is prompted again from the instant the re-consent notice is published', purpose: marketing, record: grantV1, at: '2026-03-01T00:00:00.000Z', expected: GRANTED_ASK },
  { rule: 'a grant still counts one millisecond before the re-consent notice takes effect', purpose: marketing, record: grantV1, at: '2026-03-14T23:59:59.999Z', expected: GRANTED_ASK },
  { rule: 'a grant lapses exactly at effectiveAt of the re-consent notice', purpose: marketing, record: grantV1, at: '2026-03-15T00:00:00.000Z', expected: lapsed(2) },
  { rule: 'a lapsed grant stays lapsed under later notices that do not change the purpose', purpose: marketing, record: grantV1, at: '2026-06-01T00:00:00.000Z', expected: lapsed(2) },
  { rule: 'a grant under the re-consent notice itself counts', purpose: marketing, record: state('GRANT', 2, '2026-03-20T00:00:00.000Z'), at: '2026-06-01T00:00:00.000Z', expected: GRANTED },
  { rule: 'a grant given under the old version after the new one was published still lapses', purpose: marketing, record: state('GRANT', 1, '2026-03-05T00:00:00.000Z'), at: '2026-03-15T00:00:00.000Z', expected: lapsed(2) },

  // Notice changes that do not require re-consent for this purpose.
  { rule: 'a notice change without requiresReconsent for this purpose keeps the grant', purpose: analytics, record: state('GRANT', 1, '2026-01-10T00:00:00.000Z'), at: '2026-04-01T00:00:00.000Z', expected: GRANTED },
  { rule: 'a later material change for this purpose lapses the grant at once when effective on publication', purpose: analytics, record: state('GRANT', 1, '2026-01-10T00:00:00.000Z'), at: '2026-05-01T00:00:00.000Z', expected: lapsed(3) },
  { rule: 'a grant under an intermediate version lapses with the next material change', purpose: analytics, record: state('GRANT', 2, '2026-03-20T00:00:00.000Z'), at: '2026-05-01T00:00:00.000Z', expected: lapsed(3) },
  { rule: 'a grant under the newest material change counts', purpose: analytics, record: state('GRANT', 3, '2026-05-02T00:00:00.000Z'), at: '2026-06-01T00:00:00.000Z', expected: GRANTED },

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
  { rule: 'the order of the notices list does not matter', purpose: marketing, record: grantV1, notices: [v3, v1, v2], at: '2026-03-15T00:00:00.000Z', expected: lapsed(2) },

  // Purposes new since the subject last decided.
  { rule: 'a purpose added since the notice the subject last decided under is prompted', purpose: profiling, record: null, at: '2026-03-01T00:00:00.000Z', lastSeen: 1, expected: NOT_GIVEN_ASK },
  { rule: 'a new purpose is not prompted before the notice adding it is published', purpose: profiling, record: null, at: '2026-02-28T23:59:59.999Z', lastSeen: 1, expected: NOT_GIVEN },
  { rule: 'a purpose the subject already saw and left unanswered is not prompted', purpose: profiling, record: null, at: '2026-06-01T00:00:00.000Z', lastSeen: 2, expected: NOT_GIVEN },
  { rule: 'a purpose in the notice the subject last decided under is not prompted', purpose: marketing, record: null, at: '2026-06-01T00:00:00.000Z', lastSeen: 1, expected: NOT_GIVEN },
  { rule: 'a purpose absent from the notice in force is not prompted', purpose: purpose({ key: 'sms' }), record: null, at: '2026-06-01T00:00:00.000Z', lastSeen: 1, expected: NOT_GIVEN },
  { rule: 'an unknown last-seen version prompts nothing', purpose: profiling, record: null, at: '2026-06-01T00:00:00.000Z', lastSeen: 99, expected: NOT_GIVEN },
  { rule: 'a new purpose already answered follows its record', purpose: profiling, record: state('WITHDRAW', 2, '2026-03-02T00:00:00.000Z'), at: '2026-06-01T00:00:00.000Z', lastSeen: 1, expected: WITHDRAWN },

  // Retired purposes keep their status but are never prompted.
  { rule: 'a retired purpose keeps its GRANTED status but is not prompted', purpose: retiredMay(marketing), record: state('GRANT', 2, '2026-03-20T00:00:00.000Z'), at: '2026-06-01T00:00:00.000Z', expected: GRANTED },
  { rule: 'a retired purpose with a lapsed grant is RECONSENT_REQUIRED but not prompted', purpose: retiredMay(marketing), record: grantV1, at: '2026-06-01T00:00:00.000Z', expected: lapsed(2, false) },
  { rule: 'a retired purpose new since the last notice is not prompted', purpose: retiredMay(profiling), record: null, at: '2026-06-01T00:00:00.000Z', lastSeen: 1, expected: NOT_GIVEN },
  { rule: 'a purpose retired later is still prompted before its retirement', purpose: retiredMay(marketing), record: grantV1, at: '2026-04-30T23:59:59.999Z', expected: lapsed(2) },
  { rule: 'a purpose is no longer prompted exactly at its retirement', purpose: retiredMay(marketing), record: grantV1, at: '2026-05-01T00:00:00.000Z', expected: lapsed(2, false) },

  // Other legal bases never take consent.
  ...LEGAL_BASES.filter((b) => b !== 'CONSENT').flatMap((legalBasis): Row[] => [
    { rule: `a ${legalBasis} purpose is NOT_APPLICABLE without records`, purpose: purpose({ legalBasis }), record: null, at: '2026-04-01T00:00:00.000Z', lastSeen: 1, expected: NOT_APPLICABLE },
    { rule: `a ${legalBasis} purpose is NOT_APPLICABLE whatever its records say`, purpose: purpose({ legalBasis }), record: grantV1, at: '2026-04-01T00:00:00.000Z', expected: NOT_APPLICABLE },
    { rule: `a retired ${legalBasis} purpose is NOT_APPLICABLE`, purpose: retiredMay(purpose({ legalBasis })), record: null, at: '2026-06-01T00:00:00.000Z', expected: NOT_APPLICABLE },
  ]),
];

describe('deriveStatus', () => {
  it.each(rows)('$rule', (row) => {
    expect(
      deriveStatus({ purpose: row.purpose, record: row.record, notices: row.notices ?? notices, at: t(row.at), lastSeenNoticeVersion: row.lastSeen }),
    ).toEqual(row.expected);
  });

  it('treats an undefined record like no record', () => {
    expect(deriveStatus({ purpose: marketing, record: undefined, notices, at: t('2026-02-01T00:00:00.000Z') })).toEqual(NOT_GIVEN);
  });
});

const e = (occurredAt: string, recordedAt: string = occurredAt): EffectTime => ({ occurredAt: t(occurredAt), recordedAt: t(recordedAt) });

describe('compareEffect', () => {
  const rows: Array<[string, EffectTime, EffectTime, number]> = [
    ['the earlier occurrence comes first', e('2026-01-01T00:00:00.000Z'), e('2026-01-02T00:00:00.000Z'), -1],
    ['occurredAt wins over recordedAt', e('2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z'), e('2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'), 1],
    ['on equal occurredAt the earlier recording comes first', e('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'), e('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.001Z'), -1],
    ['identical instants compare equal', e('2026-01-01T00:00:00.000Z'), e('2026-01-01T00:00:00.000Z'), 0],
  ];
  it.each(rows)('%s', (_rule, a, b, expected) => {
    expect(compareEffect(a, b)).toBe(expected);
    expect(compareEffect(b, a)).toBe(-expected || 0);
  });
});

describe('supersedes', () => {
  const current = e('2026-01-10T00:00:00.000Z', '2026-01-10T00:00:00.000Z');
  const rows: Array<[string, EffectTime, EffectTime | null | undefined, boolean]> = [
    ['the first record for a purpose sets the status', current, null, true],
    ['the first record for a purpose sets the status (undefined row)', current, undefined, true],
    ['a newer record replaces the current one', e('2026-01-11T00:00:00.000Z'), current, true],
    ['a back-dated record older than the current one is kept as evidence only', e('2026-01-09T00:00:00.000Z', '2026-02-01T00:00:00.000Z'), current, false],
    ['a back-dated record at the same instant but recorded later replaces it', e('2026-01-10T00:00:00.000Z', '2026-02-01T00:00:00.000Z'), current, true],
    ['a record identical in time replaces it (append order breaks the tie)', current, current, true],
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
  const rows: Array<[string, Array<EffectTime & { id: string }>, string | undefined, string | undefined]> = [
    ['no records give none', [], undefined, undefined],
    ['the newest occurrence wins', [grant, withdraw], undefined, 'withdraw'],
    ['the newest occurrence wins whatever the array order', [withdraw, grant], undefined, 'withdraw'],
    ['a back-dated record does not displace a newer occurrence', [grant, withdraw, backdated], undefined, 'withdraw'],
    ['a back-dated record counts at instants before the newer occurrence', [grant, withdraw, backdated], '2026-01-20T00:00:00.000Z', 'backdated'],
    ['a record counts exactly at its occurredAt', [grant, withdraw], '2026-02-01T00:00:00.000Z', 'withdraw'],
    ['a record does not count one millisecond before its occurredAt', [grant, withdraw], '2026-01-31T23:59:59.999Z', 'grant'],
    ['nothing counts before the first occurrence', [grant, withdraw], '2025-12-31T23:59:59.999Z', undefined],
    ['on a full tie the later appended record wins', [withdraw, tieLater], undefined, 'tie-later'],
  ];
  it.each(rows)('%s', (_rule, records, at, expected) => {
    expect(effectiveRecord(records, at === undefined ? undefined : t(at))?.id).toBe(expected);
  });

  const arbRecords = fc.array(
    fc.record({ occurredAt: fc.integer({ min: 0, max: 20 }), recordedAt: fc.integer({ min: 0, max: 20 }) }).map(({ occurredAt, recordedAt }) => ({
      occurredAt: plus(t('2026-01-01T00:00:00.000Z'), occurredAt),
      recordedAt: plus(t('2026-01-01T00:00:00.000Z'), recordedAt),
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

  it('at an instant, picks the newest record among those that occurred by then', () => {
    fc.assert(
      fc.property(arbRecords, fc.integer({ min: 0, max: 20 }), (records, offset) => {
        const at = plus(t('2026-01-01T00:00:00.000Z'), offset);
        const picked = effectiveRecord(records, at);
        const eligible = records.filter((r) => r.occurredAt <= at);
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
