import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planChoices, type PlanChoicesOptions } from './choices';
import type { WriteActor } from './consent-write';
import { AssentError, type ErrorCode } from './errors';
import type { TChoiceInput, TChoicesInput } from './schemas';
import { notice, purpose, t } from './test-fixtures';
import { DECISION_ACTIONS, type DecisionAction } from './types';

const now = t('2026-06-01T12:00:00.000Z');
const past = t('2026-05-20T09:30:00.000Z');

const marketing = purpose({ key: 'marketing-email', title: 'Marketing e-mail' });
const analytics = purpose({ key: 'analytics', title: 'Analytics' });
const ads = purpose({ key: 'ads', title: 'Share with advertising partners', gpcOptOut: true });
const billing = purpose({ key: 'billing', title: 'Billing', legalBasis: 'CONTRACT' });
const oldSurvey = purpose({ key: 'survey', title: 'Surveys', retiredAt: t('2026-04-01T00:00:00.000Z') });
const purposes = [marketing, analytics, ads, billing, oldSurvey];

const v1 = notice(1, '2026-01-01T00:00:00.000Z', {
  'marketing-email': false,
  analytics: false,
  billing: false,
  survey: false,
});
const v2 = notice(2, '2026-03-01T00:00:00.000Z', {
  'marketing-email': false,
  analytics: false,
  ads: false,
  billing: false,
  survey: false,
});
const notices = [v1, v2];

const visitor: WriteActor = { role: 'SUBJECT', kind: 'SUBJECT', id: 'token-1', subjectId: 'v_AAAAAAAAAAAAAAAAAAAAAA' };
const service: WriteActor = { role: 'SERVICE', kind: 'SERVICE', id: 'key-svc' };

const c = (purposeKey: string, action: DecisionAction): TChoiceInput => ({ purposeKey, action });
const banner = (choices: TChoiceInput[], extra: Partial<TChoicesInput> = {}): TChoicesInput => ({
  channel: 'WEB',
  method: 'banner/save',
  choices,
  ...extra,
});

const plan = (input: TChoicesInput, overrides: Partial<PlanChoicesOptions> = {}) =>
  planChoices({ input, actor: visitor, now, purposes, notices, ...overrides });

function thrown(f: () => unknown): AssentError {
  try {
    f();
  } catch (e) {
    if (e instanceof AssentError) return e;
    throw e;
  }
  throw new Error('expected an AssentError');
}

describe('planChoices plans one record per choice', () => {
  it('"Reject all" plans a REFUSE for each consent purpose, in the order given, under the notice in force', () => {
    const records = plan(
      banner([c('marketing-email', 'REFUSE'), c('analytics', 'REFUSE'), c('ads', 'REFUSE')], {
        method: 'banner/reject-all',
        locale: 'de',
      }),
    );
    expect(records).toEqual(
      ['marketing-email', 'analytics', 'ads'].map((purposeKey) => ({
        subjectId: visitor.subjectId,
        purposeKey,
        action: 'REFUSE',
        noticeVersionId: 'notice-2',
        noticeVersion: 2,
        channel: 'WEB',
        method: 'banner/reject-all',
        actorKind: 'SUBJECT',
        actorId: visitor.subjectId,
        evidence: null,
        occurredAt: now,
        locale: 'de',
      })),
    );
  });

  it('"Save choices" keeps each action as chosen and the order given', () => {
    const records = plan(banner([c('ads', 'WITHDRAW'), c('marketing-email', 'GRANT'), c('analytics', 'REFUSE')]));
    expect(records.map((r) => [r.purposeKey, r.action])).toEqual([
      ['ads', 'WITHDRAW'],
      ['marketing-email', 'GRANT'],
      ['analytics', 'REFUSE'],
    ]);
  });

  it('rests the records on the notice version named, when one is', () => {
    const records = plan(banner([c('marketing-email', 'GRANT')], { noticeVersionId: 'notice-1' }));
    expect(records[0]).toMatchObject({ noticeVersionId: 'notice-1', noticeVersion: 1 });
  });

  it('leaves locale null when none is given', () => {
    expect(plan(banner([c('analytics', 'GRANT')]))[0]?.locale).toBeNull();
  });

  it('a service records on behalf with its evidence and back-dated instant', () => {
    const input = banner([c('analytics', 'GRANT'), c('ads', 'REFUSE')], {
      subjectId: 'ada',
      evidence: { form: 'kiosk-7' },
      occurredAt: past,
      channel: 'OFFLINE',
      method: 'kiosk/save',
    });
    for (const r of planChoices({ input, actor: service, now, purposes, notices })) {
      expect(r).toMatchObject({
        subjectId: 'ada',
        actorKind: 'SERVICE',
        actorId: 'key-svc',
        evidence: { form: 'kiosk-7' },
        occurredAt: past,
        channel: 'OFFLINE',
        method: 'kiosk/save',
      });
    }
  });

  it('a retired purpose may still be refused or withdrawn', () => {
    expect(plan(banner([c('survey', 'WITHDRAW'), c('analytics', 'GRANT')])).map((r) => r.action)).toEqual([
      'WITHDRAW',
      'GRANT',
    ]);
    expect(plan(banner([c('survey', 'REFUSE')]))).toHaveLength(1);
  });
});

describe('planChoices refuses the whole call on any bad choice', () => {
  const rows: Array<[string, TChoicesInput, Partial<PlanChoicesOptions>, ErrorCode, string]> = [
    ['an empty list', banner([]), {}, 'BAD_USER_INPUT', 'choices: must hold at least one choice'],
    [
      'a purpose twice',
      banner([c('analytics', 'GRANT'), c('ads', 'REFUSE'), c('analytics', 'REFUSE')]),
      {},
      'BAD_USER_INPUT',
      "choices[2].purposeKey: 'analytics' is already chosen in choices[0]; each purpose at most once",
    ],
    [
      'ERASE as an action',
      banner([c('analytics', 'ERASE' as DecisionAction)]),
      {},
      'BAD_USER_INPUT',
      'choices[0].action: must be GRANT, REFUSE or WITHDRAW',
    ],
    [
      'an unknown purpose',
      banner([c('analytics', 'GRANT'), c('ads', 'GRANT'), c('newsletter', 'GRANT')]),
      {},
      'NOT_FOUND',
      "choices[2].purposeKey: no purpose with key 'newsletter'",
    ],
    [
      'a purpose resting on another legal basis',
      banner([c('billing', 'REFUSE')]),
      {},
      'CONSENT_NOT_APPLICABLE',
      "choices[0].purposeKey: 'billing' rests on CONTRACT, not consent",
    ],
    [
      'a grant of a retired purpose',
      banner([c('analytics', 'GRANT'), c('survey', 'GRANT')]),
      {},
      'BAD_USER_INPUT',
      "choices[1].action: 'survey' is retired and can no longer be granted",
    ],
    [
      'a purpose the notice does not describe',
      banner([c('ads', 'GRANT')], { noticeVersionId: 'notice-1' }),
      {},
      'BAD_USER_INPUT',
      "choices[0].purposeKey: notice version 1 does not describe 'ads'",
    ],
    [
      'an unknown notice version',
      banner([c('analytics', 'GRANT')], { noticeVersionId: 'notice-9' }),
      {},
      'NOT_FOUND',
      "noticeVersionId: no notice version with id 'notice-9'",
    ],
    [
      'no notice published yet',
      banner([c('analytics', 'GRANT')]),
      { notices: [] },
      'NOT_FOUND',
      'No notice has been published yet.',
    ],
    [
      'a subject token choosing for another subject',
      banner([c('analytics', 'GRANT')], { subjectId: 'bob' }),
      {},
      'FORBIDDEN',
      'own subject',
    ],
    [
      'a subject token sending occurredAt',
      banner([c('analytics', 'GRANT')], { occurredAt: past }),
      {},
      'BAD_USER_INPUT',
      'occurredAt',
    ],
    [
      'a service without evidence',
      banner([c('analytics', 'GRANT')], { subjectId: 'ada' }),
      { actor: service },
      'BAD_USER_INPUT',
      'evidence: required',
    ],
    [
      'a service without a subject',
      banner([c('analytics', 'GRANT')], { evidence: { form: 1 } }),
      { actor: service },
      'BAD_USER_INPUT',
      'subjectId: required',
    ],
  ];

  it.each(rows)('%s', (_rule, input, overrides, code, message) => {
    const e = thrown(() => plan(input, overrides));
    expect(e.code).toBe(code);
    expect(e.message).toContain(message);
  });

  it('tells an end user what to do, without field paths', () => {
    expect(thrown(() => plan(banner([c('newsletter', 'GRANT')]))).userMessage).toBe(
      'One of these choices is about a purpose that does not exist. Reload the page and choose again.',
    );
    expect(thrown(() => plan(banner([c('survey', 'GRANT')]))).userMessage).toBe(
      "'Surveys' is no longer offered. Reload the page and choose again.",
    );
  });

  it('names the field in details', () => {
    expect(thrown(() => plan(banner([c('analytics', 'GRANT'), c('billing', 'GRANT')]))).details).toEqual({
      field: 'choices[1].purposeKey',
    });
  });

  const offered = ['marketing-email', 'analytics', 'ads'];
  const arbChoices = fc
    .shuffledSubarray(offered, { minLength: 1 })
    .chain((keys) => fc.tuple(...keys.map((k) => fc.constantFrom(...DECISION_ACTIONS).map((a) => c(k, a)))));

  it('plans exactly the choices given, in their order, for any valid selection', () => {
    fc.assert(
      fc.property(arbChoices, (choices) => {
        const records = plan(banner(choices));
        expect(records.map((r) => ({ purposeKey: r.purposeKey, action: r.action }))).toEqual(choices);
        expect(
          new Set(records.map((r) => `${r.subjectId}|${r.occurredAt.toISOString()}|${r.noticeVersionId}`)).size,
        ).toBe(1);
      }),
    );
  });

  it('plans nothing when one choice anywhere in the list is bad', () => {
    const bad = fc.constantFrom<[TChoiceInput, ErrorCode]>(
      [c('newsletter', 'GRANT'), 'NOT_FOUND'],
      [c('billing', 'GRANT'), 'CONSENT_NOT_APPLICABLE'],
      [c('survey', 'GRANT'), 'BAD_USER_INPUT'],
    );
    fc.assert(
      fc.property(arbChoices, bad, fc.nat(), (choices, [badChoice, code], at) => {
        const list = [...choices];
        list.splice(at % (list.length + 1), 0, badChoice);
        expect(thrown(() => plan(banner(list))).code).toBe(code);
      }),
    );
  });
});
