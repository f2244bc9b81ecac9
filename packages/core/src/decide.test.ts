import { describe, expect, it } from 'vitest';
import { effectiveRecord } from './consent-status';
import { consentKey, decide, type DecisionResult } from './decide';
import { notice, purpose, t } from './test-fixtures';
import {
  LEGAL_BASES,
  toStateRecord,
  type ConsentAction,
  type ConsentRecordContent,
  type LegalBasis,
  type Purpose,
} from './types';

const v1 = notice(1, '2026-01-01T00:00:00.000Z', { 'marketing-email': false });
const v2 = notice(2, '2026-03-01T00:00:00.000Z', { 'marketing-email': true }, '2026-03-15T00:00:00.000Z');
const notices = [v1, v2];
const marketing = purpose();

// [action, notice version, occurredAt, recordedAt?] in append order.
type Step = [ConsentAction, number, string, string?];

function ledger(steps: readonly Step[]): ConsentRecordContent[] {
  return steps.map(([action, noticeVersion, occurredAt, recordedAt], i) => ({
    id: `rec-${i}`,
    subjectId: 'subject-1',
    purposeKey: 'marketing-email',
    action,
    noticeVersionId: `notice-${noticeVersion}`,
    noticeVersion,
    channel: 'WEB',
    method: 'privacy-center/toggle',
    actorKind: 'SUBJECT',
    actorId: 'subject-1',
    evidence: null,
    occurredAt: t(occurredAt),
    recordedAt: t(recordedAt ?? occurredAt),
  }));
}

// As the server answers decide(at:): the record in effect at `at`, then the rules.
function decideAt(p: Purpose, steps: readonly Step[], at: string): DecisionResult & { recordId: string | null } {
  const record = effectiveRecord(ledger(steps), t(at));
  const result = decide({ purpose: p, record: record && toStateRecord(record), notices, at: t(at) });
  return { ...result, recordId: record?.id ?? null };
}

const allow = (reason: DecisionResult['reason'], status: DecisionResult['status']) => ({
  allowed: true,
  reason,
  status,
});
const deny = (reason: DecisionResult['reason'], status: DecisionResult['status']) => ({
  allowed: false,
  reason,
  status,
});

const JAN10 = '2026-01-10T00:00:00.000Z';
const JAN20 = '2026-01-20T00:00:00.000Z';
const FEB01 = '2026-02-01T00:00:00.000Z';
const FEB10 = '2026-02-10T00:00:00.000Z';

const rows: Array<{
  rule: string;
  steps: Step[];
  at: string;
  expected: ReturnType<typeof allow>;
  recordId?: string | null;
}> = [
  {
    rule: 'without any record the decision denies with NO_CONSENT',
    steps: [],
    at: FEB01,
    expected: deny('NO_CONSENT', 'NOT_GIVEN'),
    recordId: null,
  },
  {
    rule: 'a grant makes the decision allow with CONSENT_GRANTED',
    steps: [['GRANT', 1, JAN10]],
    at: FEB01,
    expected: allow('CONSENT_GRANTED', 'GRANTED'),
    recordId: 'rec-0',
  },
  {
    rule: 'a grant counts exactly at its occurredAt',
    steps: [['GRANT', 1, JAN10]],
    at: JAN10,
    expected: allow('CONSENT_GRANTED', 'GRANTED'),
  },
  {
    rule: 'a grant does not count one millisecond before its occurredAt',
    steps: [['GRANT', 1, JAN10]],
    at: '2026-01-09T23:59:59.999Z',
    expected: deny('NO_CONSENT', 'NOT_GIVEN'),
    recordId: null,
  },
  {
    rule: 'withdrawal after grant makes the decision deny with CONSENT_WITHDRAWN',
    steps: [
      ['GRANT', 1, JAN10],
      ['WITHDRAW', 1, JAN20],
    ],
    at: FEB01,
    expected: deny('CONSENT_WITHDRAWN', 'WITHDRAWN'),
    recordId: 'rec-1',
  },
  {
    rule: 'a withdrawal counts exactly at its occurredAt',
    steps: [
      ['GRANT', 1, JAN10],
      ['WITHDRAW', 1, JAN20],
    ],
    at: JAN20,
    expected: deny('CONSENT_WITHDRAWN', 'WITHDRAWN'),
  },
  {
    rule: 'before a withdrawal the earlier grant still answers',
    steps: [
      ['GRANT', 1, JAN10],
      ['WITHDRAW', 1, JAN20],
    ],
    at: '2026-01-19T23:59:59.999Z',
    expected: allow('CONSENT_GRANTED', 'GRANTED'),
    recordId: 'rec-0',
  },
  {
    rule: 'a grant after a withdrawal allows again',
    steps: [
      ['GRANT', 1, JAN10],
      ['WITHDRAW', 1, JAN20],
      ['GRANT', 1, FEB01],
    ],
    at: FEB10,
    expected: allow('CONSENT_GRANTED', 'GRANTED'),
    recordId: 'rec-2',
  },
  {
    rule: 'a back-dated withdrawal older than the newest grant does not change the decision',
    steps: [
      ['GRANT', 1, JAN20],
      ['WITHDRAW', 1, JAN10, FEB01],
    ],
    at: FEB10,
    expected: allow('CONSENT_GRANTED', 'GRANTED'),
    recordId: 'rec-0',
  },
  {
    rule: 'a back-dated withdrawal answers for the instants it covers',
    steps: [
      ['GRANT', 1, JAN20],
      ['WITHDRAW', 1, JAN10, FEB01],
    ],
    at: '2026-01-15T00:00:00.000Z',
    expected: deny('CONSENT_WITHDRAWN', 'WITHDRAWN'),
    recordId: 'rec-1',
  },
  {
    rule: 'a back-dated grant newer than the last withdrawal allows',
    steps: [
      ['WITHDRAW', 1, JAN10],
      ['GRANT', 1, JAN20, FEB01],
    ],
    at: FEB10,
    expected: allow('CONSENT_GRANTED', 'GRANTED'),
    recordId: 'rec-1',
  },
  {
    rule: 'on the same occurredAt the later recording wins',
    steps: [
      ['WITHDRAW', 1, JAN10, FEB01],
      ['GRANT', 1, JAN10, JAN20],
    ],
    at: FEB10,
    expected: deny('CONSENT_WITHDRAWN', 'WITHDRAWN'),
    recordId: 'rec-0',
  },
  {
    rule: 'on a full tie the later append wins',
    steps: [
      ['GRANT', 1, JAN10],
      ['WITHDRAW', 1, JAN10],
    ],
    at: FEB10,
    expected: deny('CONSENT_WITHDRAWN', 'WITHDRAWN'),
    recordId: 'rec-1',
  },
  {
    rule: 'a grant under a materially changed notice still allows before effectiveAt',
    steps: [['GRANT', 1, JAN10]],
    at: '2026-03-14T23:59:59.999Z',
    expected: allow('CONSENT_GRANTED', 'GRANTED'),
  },
  {
    rule: 'a grant under a materially changed notice denies with RECONSENT_REQUIRED exactly at effectiveAt',
    steps: [['GRANT', 1, JAN10]],
    at: '2026-03-15T00:00:00.000Z',
    expected: deny('RECONSENT_REQUIRED', 'RECONSENT_REQUIRED'),
    recordId: 'rec-0',
  },
  {
    rule: 'a fresh grant under the new notice allows again',
    steps: [
      ['GRANT', 1, JAN10],
      ['GRANT', 2, '2026-03-20T00:00:00.000Z'],
    ],
    at: '2026-04-01T00:00:00.000Z',
    expected: allow('CONSENT_GRANTED', 'GRANTED'),
    recordId: 'rec-1',
  },
  {
    rule: 'a withdrawal stays CONSENT_WITHDRAWN after a material notice change',
    steps: [
      ['GRANT', 1, JAN10],
      ['WITHDRAW', 1, JAN20],
    ],
    at: '2026-04-01T00:00:00.000Z',
    expected: deny('CONSENT_WITHDRAWN', 'WITHDRAWN'),
  },
  {
    rule: 'a refusal makes the decision deny with CONSENT_REFUSED',
    steps: [['REFUSE', 1, JAN10]],
    at: FEB01,
    expected: deny('CONSENT_REFUSED', 'REFUSED'),
    recordId: 'rec-0',
  },
  {
    rule: 'a refusal counts exactly at its occurredAt',
    steps: [['REFUSE', 1, JAN10]],
    at: JAN10,
    expected: deny('CONSENT_REFUSED', 'REFUSED'),
  },
  {
    rule: 'a grant after a refusal allows',
    steps: [
      ['REFUSE', 1, JAN10],
      ['GRANT', 1, JAN20],
    ],
    at: FEB01,
    expected: allow('CONSENT_GRANTED', 'GRANTED'),
    recordId: 'rec-1',
  },
  {
    rule: 'a refusal after a grant denies with CONSENT_REFUSED',
    steps: [
      ['GRANT', 1, JAN10],
      ['REFUSE', 1, JAN20],
    ],
    at: FEB01,
    expected: deny('CONSENT_REFUSED', 'REFUSED'),
    recordId: 'rec-1',
  },
  {
    rule: 'a withdrawal after a refusal denies with CONSENT_WITHDRAWN',
    steps: [
      ['REFUSE', 1, JAN10],
      ['WITHDRAW', 1, JAN20],
    ],
    at: FEB01,
    expected: deny('CONSENT_WITHDRAWN', 'WITHDRAWN'),
    recordId: 'rec-1',
  },
  {
    rule: 'a refusal stays CONSENT_REFUSED after a material notice change (it is asked again, not allowed)',
    steps: [['REFUSE', 1, JAN10]],
    at: '2026-04-01T00:00:00.000Z',
    expected: deny('CONSENT_REFUSED', 'REFUSED'),
  },
  {
    rule: 'a back-dated refusal older than the newest grant does not change the decision',
    steps: [
      ['GRANT', 1, JAN20],
      ['REFUSE', 1, JAN10, FEB01],
    ],
    at: FEB10,
    expected: allow('CONSENT_GRANTED', 'GRANTED'),
    recordId: 'rec-0',
  },
  {
    rule: 'an ERASE record changes no decision: the grant before it still answers',
    steps: [
      ['GRANT', 1, JAN10],
      ['ERASE', 1, JAN20],
    ],
    at: FEB01,
    expected: allow('CONSENT_GRANTED', 'GRANTED'),
    recordId: 'rec-0',
  },
  {
    rule: 'an ERASE record alone answers as no record',
    steps: [['ERASE', 1, JAN10]],
    at: FEB01,
    expected: deny('NO_CONSENT', 'NOT_GIVEN'),
    recordId: null,
  },
  {
    rule: 'a point in time before the notice change answers with the notice then in force',
    steps: [
      ['GRANT', 1, JAN10],
      ['GRANT', 2, '2026-03-20T00:00:00.000Z'],
    ],
    at: FEB10,
    expected: allow('CONSENT_GRANTED', 'GRANTED'),
    recordId: 'rec-0',
  },
];

describe('decide over a sequence of records', () => {
  it.each(rows)('$rule', ({ steps, at, expected, recordId }) => {
    const result = decideAt(marketing, steps, at);
    expect(result).toMatchObject({ ...expected, legalBasis: 'CONSENT' });
    if (recordId !== undefined) expect(result.recordId).toBe(recordId);
  });
});

describe('decide for purposes not resting on consent, or retired', () => {
  const retired = (p: Purpose): Purpose => ({ ...p, retiredAt: t('2026-02-01T00:00:00.000Z') });
  const others = LEGAL_BASES.filter((b): b is Exclude<LegalBasis, 'CONSENT'> => b !== 'CONSENT');

  it.each(others)('a %s purpose allows with OTHER_LEGAL_BASIS whatever the records say', (legalBasis) => {
    for (const steps of [[], [['WITHDRAW', 1, JAN10]], [['REFUSE', 1, JAN10]]] as Step[][]) {
      expect(decideAt(purpose({ legalBasis }), steps, FEB10)).toMatchObject({
        allowed: true,
        reason: 'OTHER_LEGAL_BASIS',
        status: 'NOT_APPLICABLE',
        legalBasis,
      });
    }
  });

  it.each(LEGAL_BASES)('a retired %s purpose denies with PURPOSE_INACTIVE', (legalBasis) => {
    expect(decideAt(retired(purpose({ legalBasis })), [['GRANT', 1, JAN10]], FEB10)).toMatchObject({
      allowed: false,
      reason: 'PURPOSE_INACTIVE',
      legalBasis,
      status: legalBasis === 'CONSENT' ? 'GRANTED' : 'NOT_APPLICABLE',
    });
  });

  it('a retired purpose denies with PURPOSE_INACTIVE exactly at its retirement', () => {
    expect(decideAt(retired(marketing), [['GRANT', 1, JAN10]], FEB01)).toMatchObject({
      allowed: false,
      reason: 'PURPOSE_INACTIVE',
    });
  });

  it('a retired purpose still answers from its records for instants before its retirement', () => {
    expect(decideAt(retired(marketing), [['GRANT', 1, JAN10]], '2026-01-31T23:59:59.999Z')).toMatchObject({
      allowed: true,
      reason: 'CONSENT_GRANTED',
    });
  });
});

describe('consentKey', () => {
  it('tells (subject, purpose) pairs apart that plain concatenation would merge', () => {
    expect(consentKey('ab', 'c')).not.toBe(consentKey('a', 'bc'));
    expect(consentKey('a', 'b')).toBe(consentKey('a', 'b'));
  });
});
