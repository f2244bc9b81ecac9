import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssentError } from './errors';
import {
  GPC_SIGNALS,
  gpcRecordsByPurpose,
  parseGpcSignal,
  planGpc,
  type GpcPurposeRecords,
  type GpcStateRecord,
} from './gpc';
import { content, notice, plus, purpose, t } from './test-fixtures';
import { DECISION_ACTIONS, type ConsentAction, type ConsentRecordContent, type Purpose } from './types';

const now = t('2026-06-01T12:00:00.000Z');
const v1 = notice(1, '2026-01-01T00:00:00.000Z', {
  ads: false,
  'ad-profiles': false,
  analytics: false,
  'sell-data': false,
});
const v2 = notice(
  2,
  '2026-05-01T00:00:00.000Z',
  { ads: false, 'ad-profiles': false, analytics: false, 'sell-data': true },
  '2026-05-15T00:00:00.000Z',
);
const v3 = notice(
  3,
  '2026-06-01T00:00:00.000Z',
  { ads: true, 'ad-profiles': false, analytics: false, 'sell-data': false },
  '2026-07-01T00:00:00.000Z',
);
const notices = [v1, v2, v3];

const ads = purpose({ key: 'ads', gpcOptOut: true });

const rec = (action: ConsentAction, method: string, occurredAt: string, noticeVersion = 1): GpcStateRecord => ({
  recordId: `${action}-${occurredAt}`,
  action,
  noticeVersion,
  occurredAt: t(occurredAt),
  recordedAt: t(occurredAt),
  method,
});
const at = (iso: string) => ({ occurredAt: t(iso), recordedAt: t(iso) });
const MAR = '2026-03-01T00:00:00.000Z';
const APR = '2026-04-01T00:00:00.000Z';

function thrown(f: () => unknown): AssentError {
  try {
    f();
  } catch (e) {
    if (e instanceof AssentError) return e;
    throw e;
  }
  throw new Error('expected an AssentError');
}

describe('planGpc for one purpose', () => {
  const rows: Array<{
    rule: string;
    purpose?: Purpose;
    records: GpcPurposeRecords | null;
    expected: 'REFUSE' | 'WITHDRAW' | null;
  }> = [
    { rule: 'a gpcOptOut purpose never decided is refused', records: null, expected: 'REFUSE' },
    {
      rule: 'a gpcOptOut purpose granted explicitly before any signal is withdrawn',
      records: { current: rec('GRANT', 'banner/accept-all', MAR), lastGpc: null },
      expected: 'WITHDRAW',
    },
    {
      rule: 'a grant that a published, not yet effective notice will make lapse is still GRANTED, so it is withdrawn',
      purpose: purpose({ key: 'ads', gpcOptOut: true }),
      records: { current: rec('GRANT', 'banner/save', MAR), lastGpc: null },
      expected: 'WITHDRAW',
    },
    {
      rule: 'a lapsed grant (RECONSENT_REQUIRED) is left alone',
      purpose: purpose({ key: 'sell-data', gpcOptOut: true }),
      records: { current: rec('GRANT', 'banner/save', MAR), lastGpc: null },
      expected: null,
    },
    {
      rule: 'a refusal is left alone',
      records: { current: rec('REFUSE', 'banner/reject-all', MAR), lastGpc: null },
      expected: null,
    },
    {
      rule: 'a withdrawal is left alone',
      records: { current: rec('WITHDRAW', 'privacy-center/toggle', MAR), lastGpc: null },
      expected: null,
    },
    {
      rule: 'the signal already recorded (a gpc refusal) records nothing again',
      records: { current: rec('REFUSE', 'gpc', MAR), lastGpc: at(MAR) },
      expected: null,
    },
    {
      rule: 'the signal already recorded (a gpc withdrawal) records nothing again',
      records: { current: rec('WITHDRAW', 'gpc', MAR), lastGpc: at(MAR) },
      expected: null,
    },
    {
      rule: 'an explicit grant after the last gpc record wins over the signal',
      records: { current: rec('GRANT', 'privacy-center/toggle', APR), lastGpc: at(MAR) },
      expected: null,
    },
    {
      rule: 'a grant not after the last gpc record does not win',
      records: { current: rec('GRANT', 'privacy-center/toggle', MAR), lastGpc: at(APR) },
      expected: 'WITHDRAW',
    },
    {
      rule: 'a grant at the same instant as the last gpc record does not win',
      records: { current: rec('GRANT', 'privacy-center/toggle', MAR), lastGpc: at(MAR) },
      expected: 'WITHDRAW',
    },
    // The contract keys the exception on the purpose's own gpc records: a purpose the subject had refused explicitly
    // got none when the signal came, so a later grant of it looks like one made before any signal.
    {
      rule: 'a grant with no gpc record of its purpose before it is withdrawn, whatever the signal did to other purposes',
      records: { current: rec('GRANT', 'privacy-center/toggle', APR), lastGpc: null },
      expected: 'WITHDRAW',
    },
    {
      rule: 'an ERASE record counts as no decision',
      records: { current: rec('ERASE', 'system/erase', MAR), lastGpc: null },
      expected: 'REFUSE',
    },
    {
      rule: 'a purpose without gpcOptOut is left alone',
      purpose: purpose({ key: 'analytics' }),
      records: null,
      expected: null,
    },
    {
      rule: 'a granted purpose without gpcOptOut is left alone',
      purpose: purpose({ key: 'analytics' }),
      records: { current: rec('GRANT', 'banner/save', MAR), lastGpc: null },
      expected: null,
    },
    {
      rule: 'a gpcOptOut purpose resting on another legal basis takes no consent, so nothing is recorded',
      purpose: purpose({ key: 'ads', gpcOptOut: true, legalBasis: 'LEGITIMATE_INTERESTS' }),
      records: null,
      expected: null,
    },
    {
      rule: 'a retired gpcOptOut purpose is left alone',
      purpose: purpose({ key: 'ads', gpcOptOut: true, retiredAt: t(APR) }),
      records: { current: rec('GRANT', 'banner/save', MAR), lastGpc: null },
      expected: null,
    },
  ];

  it.each(rows)('$rule', ({ purpose: p = ads, records, expected }) => {
    const planned = planGpc({
      signal: 'Sec-GPC',
      purposes: [p],
      records: new Map(records === null ? [] : [[p.key, records]]),
      notices,
      now,
    });
    expect(planned).toEqual(
      expected === null
        ? []
        : [{ purposeKey: p.key, action: expected, method: 'gpc', evidence: { signal: 'Sec-GPC' } }],
    );
  });
});

describe('planGpc over several purposes', () => {
  const purposes = [
    purpose({ key: 'analytics' }),
    purpose({ key: 'ads', gpcOptOut: true }),
    purpose({ key: 'ad-profiles', gpcOptOut: true }),
    purpose({ key: 'billing', legalBasis: 'CONTRACT', gpcOptOut: true }),
  ];

  it('records, in the order of the purposes, only for the gpcOptOut consent purposes, with the signal as evidence', () => {
    const records = new Map([['ad-profiles', { current: rec('GRANT', 'banner/accept-all', MAR), lastGpc: null }]]);
    expect(planGpc({ signal: 'navigator.globalPrivacyControl', purposes, records, notices, now })).toEqual([
      { purposeKey: 'ads', action: 'REFUSE', method: 'gpc', evidence: { signal: 'navigator.globalPrivacyControl' } },
      {
        purposeKey: 'ad-profiles',
        action: 'WITHDRAW',
        method: 'gpc',
        evidence: { signal: 'navigator.globalPrivacyControl' },
      },
    ]);
  });

  it('records nothing when no purpose has gpcOptOut', () => {
    expect(
      planGpc({ signal: 'Sec-GPC', purposes: [purpose({ key: 'analytics' })], records: new Map(), notices, now }),
    ).toEqual([]);
  });
});

describe('parseGpcSignal', () => {
  it.each(GPC_SIGNALS)('accepts %s', (signal) => {
    expect(parseGpcSignal(signal)).toBe(signal);
  });

  it.each([['sec-gpc'], ['Sec-GPC: 1'], ['1'], [''], ['globalPrivacyControl'], [null], [undefined], [1], [true]])(
    'refuses %j with BAD_USER_INPUT naming the field',
    (signal) => {
      const e = thrown(() => parseGpcSignal(signal));
      expect(e.code).toBe('BAD_USER_INPUT');
      expect(e.message).toBe("signal: must be 'Sec-GPC' or 'navigator.globalPrivacyControl'");
    },
  );

  it('planGpc refuses a bad signal even when there is nothing to record', () => {
    expect(thrown(() => planGpc({ signal: 'yes', purposes: [], records: new Map(), notices, now })).code).toBe(
      'BAD_USER_INPUT',
    );
  });
});

describe('gpcRecordsByPurpose', () => {
  it('finds per purpose the status-setting record with its method and the newest gpc record', () => {
    const ledger = [
      content(0, { purposeKey: 'ads', action: 'REFUSE', method: 'gpc' }),
      content(1, { purposeKey: 'ads', action: 'GRANT', method: 'privacy-center/toggle' }),
      content(2, { purposeKey: 'analytics', action: 'GRANT', method: 'banner/accept-all' }),
      content(3, { purposeKey: 'ads', action: 'ERASE', method: 'system/erase' }),
    ];
    const byPurpose = gpcRecordsByPurpose(ledger);
    expect(byPurpose.get('ads')).toEqual({
      current: {
        recordId: 'rec-1',
        action: 'GRANT',
        noticeVersion: 1,
        occurredAt: ledger[1]!.occurredAt,
        recordedAt: ledger[1]!.recordedAt,
        method: 'privacy-center/toggle',
      },
      lastGpc: { occurredAt: ledger[0]!.occurredAt, recordedAt: ledger[0]!.recordedAt },
    });
    expect(byPurpose.get('analytics')).toMatchObject({
      current: { recordId: 'rec-2', method: 'banner/accept-all' },
      lastGpc: null,
    });
    expect(byPurpose.has('billing')).toBe(false);
  });

  it('answers for an instant when given one', () => {
    const ledger = [
      content(0, { purposeKey: 'ads', action: 'REFUSE', method: 'gpc' }),
      content(1, { purposeKey: 'ads', action: 'GRANT', method: 'banner/save' }),
    ];
    expect(gpcRecordsByPurpose(ledger, ledger[0]!.occurredAt).get('ads')?.current).toMatchObject({
      recordId: 'rec-0',
      method: 'gpc',
    });
  });
});

describe('planGpc laws over arbitrary ledgers', () => {
  const purposes = [
    purpose({ key: 'ads', gpcOptOut: true }),
    purpose({ key: 'ad-profiles', gpcOptOut: true }),
    purpose({ key: 'analytics' }),
    purpose({ key: 'sell-data', gpcOptOut: true }),
  ];
  const start = t('2026-01-02T00:00:00.000Z');
  const arbLedger = fc
    .array(
      fc.record({
        purposeKey: fc.constantFrom('ads', 'ad-profiles', 'analytics', 'sell-data'),
        action: fc.constantFrom(...DECISION_ACTIONS),
        method: fc.constantFrom('banner/save', 'privacy-center/toggle', 'gpc'),
        noticeVersion: fc.constantFrom(1, 2, 3),
        minutes: fc.integer({ min: 0, max: 200_000 }),
      }),
      { maxLength: 12 },
    )
    // gpc records are only ever refusals or withdrawals.
    .map((rows) => rows.filter((r) => r.method !== 'gpc' || r.action !== 'GRANT'))
    .map((rows) =>
      rows.map((r, i): ConsentRecordContent => {
        const occurredAt = plus(start, r.minutes * 60_000);
        return content(i, {
          purposeKey: r.purposeKey,
          action: r.action,
          method: r.method,
          noticeVersion: r.noticeVersion,
          occurredAt,
          recordedAt: occurredAt,
        });
      }),
    );
  const arbSignal = fc.constantFrom(...GPC_SIGNALS);

  // As the server would append the planned records: now, after everything else.
  function append(ledger: ConsentRecordContent[], signal: string, when: Date): ConsentRecordContent[] {
    const planned = planGpc({ signal, purposes, records: gpcRecordsByPurpose(ledger, when), notices, now: when });
    return [
      ...ledger,
      ...planned.map((p, i) =>
        content(ledger.length + i, {
          purposeKey: p.purposeKey,
          action: p.action,
          method: p.method,
          evidence: p.evidence,
          noticeVersion: 3,
          occurredAt: when,
          recordedAt: when,
        }),
      ),
    ];
  }

  it('applying the signal twice records once', () => {
    fc.assert(
      fc.property(arbLedger, arbSignal, arbSignal, (ledger, first, second) => {
        const once = append(ledger, first, now);
        const later = plus(now, 60_000);
        expect(
          planGpc({ signal: second, purposes, records: gpcRecordsByPurpose(once, later), notices, now: later }),
        ).toEqual([]);
      }),
    );
  });

  it('an explicit grant after a gpc record of its purpose survives the next signal', () => {
    fc.assert(
      fc.property(arbLedger, arbSignal, fc.constantFrom('ads', 'ad-profiles', 'sell-data'), (ledger, signal, key) => {
        const afterGpc = append(ledger, signal, now);
        fc.pre(afterGpc.some((r) => r.purposeKey === key && r.method === 'gpc'));
        const grantAt = plus(now, 60_000);
        const granted = [
          ...afterGpc,
          content(afterGpc.length, {
            purposeKey: key,
            action: 'GRANT',
            method: 'privacy-center/toggle',
            noticeVersion: 3,
            occurredAt: grantAt,
            recordedAt: grantAt,
          }),
        ];
        const next = plus(now, 120_000);
        const planned = planGpc({ signal, purposes, records: gpcRecordsByPurpose(granted, next), notices, now: next });
        expect(planned.map((p) => p.purposeKey)).not.toContain(key);
      }),
    );
  });

  it('only ever refuses what was never decided and withdraws what was granted, for gpcOptOut purposes', () => {
    fc.assert(
      fc.property(arbLedger, arbSignal, (ledger, signal) => {
        const records = gpcRecordsByPurpose(ledger, now);
        for (const p of planGpc({ signal, purposes, records, notices, now })) {
          expect(purposes.find((x) => x.key === p.purposeKey)?.gpcOptOut).toBe(true);
          const current = records.get(p.purposeKey)?.current ?? null;
          expect(p.action).toBe(current === null ? 'REFUSE' : 'WITHDRAW');
          if (current !== null) expect(current.action).toBe('GRANT');
          expect(p).toMatchObject({ method: 'gpc', evidence: { signal } });
        }
      }),
    );
  });
});
