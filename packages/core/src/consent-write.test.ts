import { describe, expect, it } from 'vitest';
import { isEmptyEvidence, planConsentWrite, type ConsentWritePlan, type WriteActor } from './consent-write';
import { AssentError, type ErrorCode } from './errors';
import type { TConsentInput } from './schemas';
import { plus, t } from './test-fixtures';

const now = t('2026-06-01T12:00:00.000Z');
const past = t('2026-05-20T09:30:00.000Z');

const subject: WriteActor = { role: 'SUBJECT', kind: 'SUBJECT', id: 'token-1', subjectId: 'ada' };
const service: WriteActor = { role: 'SERVICE', kind: 'SERVICE', id: 'key-svc' };
const admin: WriteActor = { role: 'ADMIN', kind: 'ADMIN', id: 'key-admin' };
const support: WriteActor = { role: 'SUPPORT', kind: 'SUPPORT', id: 'key-support' };

const web: TConsentInput = { purposeKey: 'marketing-email', channel: 'WEB', method: 'privacy-center/toggle' };
const form = { form: 'paper-2026-04', page: 3 };
const onBehalf: TConsentInput = { ...web, subjectId: 'ada', evidence: form };
const offline: TConsentInput = { ...onBehalf, channel: 'OFFLINE', method: 'support/phone' };

type Expect = ConsentWritePlan | [ErrorCode, RegExp];

const rows: Array<[string, WriteActor, TConsentInput, Expect]> = [
  // Subjects.
  [
    'a subject records for itself, stamped now, as SUBJECT with its own id',
    subject,
    web,
    { subjectId: 'ada', occurredAt: now, evidence: null, actorKind: 'SUBJECT', actorId: 'ada' },
  ],
  [
    'a subject may name itself',
    subject,
    { ...web, subjectId: 'ada' },
    { subjectId: 'ada', occurredAt: now, evidence: null, actorKind: 'SUBJECT', actorId: 'ada' },
  ],
  [
    'a subject may attach evidence',
    subject,
    { ...web, evidence: { banner: 'v2' } },
    { subjectId: 'ada', occurredAt: now, evidence: { banner: 'v2' }, actorKind: 'SUBJECT', actorId: 'ada' },
  ],
  ['a subject may not record for another subject', subject, { ...web, subjectId: 'bob' }, ['FORBIDDEN', /own subject/]],
  [
    'a subject that sends occurredAt gets BAD_USER_INPUT',
    subject,
    { ...web, occurredAt: past },
    ['BAD_USER_INPUT', /occurredAt/],
  ],
  [
    'a subject that sends occurredAt of now still gets BAD_USER_INPUT',
    subject,
    { ...web, occurredAt: now },
    ['BAD_USER_INPUT', /occurredAt/],
  ],
  [
    'a subject token without a subject is refused',
    { ...subject, subjectId: undefined },
    web,
    ['FORBIDDEN', /names no subject/],
  ],

  // Services and admins.
  [
    'a service records on behalf of a subject, stamped now, as SERVICE with its key id',
    service,
    onBehalf,
    { subjectId: 'ada', occurredAt: now, evidence: form, actorKind: 'SERVICE', actorId: 'key-svc' },
  ],
  [
    'an admin records on behalf of a subject as ADMIN',
    admin,
    onBehalf,
    { subjectId: 'ada', occurredAt: now, evidence: form, actorKind: 'ADMIN', actorId: 'key-admin' },
  ],
  [
    'a service may back-date with occurredAt',
    service,
    { ...onBehalf, occurredAt: past },
    { subjectId: 'ada', occurredAt: past, evidence: form, actorKind: 'SERVICE', actorId: 'key-svc' },
  ],
  [
    'a service may use any channel',
    service,
    { ...onBehalf, channel: 'EMAIL' },
    { subjectId: 'ada', occurredAt: now, evidence: form, actorKind: 'SERVICE', actorId: 'key-svc' },
  ],
  ['a service must name the subject', service, { ...web, evidence: form }, ['BAD_USER_INPUT', /subjectId/]],
  ['a service must give evidence', service, { ...web, subjectId: 'ada' }, ['BAD_USER_INPUT', /evidence/]],
  ['an admin must give evidence', admin, { ...web, subjectId: 'ada' }, ['BAD_USER_INPUT', /evidence/]],
  ['empty-object evidence is no evidence', service, { ...onBehalf, evidence: {} }, ['BAD_USER_INPUT', /evidence/]],
  ['empty-string evidence is no evidence', service, { ...onBehalf, evidence: '' }, ['BAD_USER_INPUT', /evidence/]],
  ['blank-string evidence is no evidence', service, { ...onBehalf, evidence: '   ' }, ['BAD_USER_INPUT', /evidence/]],
  ['empty-array evidence is no evidence', service, { ...onBehalf, evidence: [] }, ['BAD_USER_INPUT', /evidence/]],
  // A bare number or boolean proves nothing (issue 18, outside probe): evidence is an object, text, or a list of them.
  ['a number is no evidence', service, { ...onBehalf, evidence: 0 }, ['BAD_USER_INPUT', /evidence/]],
  ['a large number is no evidence', service, { ...onBehalf, evidence: 42 }, ['BAD_USER_INPUT', /evidence/]],
  ['false is no evidence', service, { ...onBehalf, evidence: false }, ['BAD_USER_INPUT', /evidence/]],
  ['true is no evidence', service, { ...onBehalf, evidence: true }, ['BAD_USER_INPUT', /evidence/]],
  [
    'an array of empties is no evidence',
    service,
    { ...onBehalf, evidence: [{}, '', 0] },
    ['BAD_USER_INPUT', /evidence/],
  ],
  [
    'a non-blank string counts as evidence',
    service,
    { ...onBehalf, evidence: 'ticket 17' },
    { subjectId: 'ada', occurredAt: now, evidence: 'ticket 17', actorKind: 'SERVICE', actorId: 'key-svc' },
  ],
  [
    'an array holding an object counts as evidence',
    service,
    { ...onBehalf, evidence: [form] },
    { subjectId: 'ada', occurredAt: now, evidence: [form], actorKind: 'SERVICE', actorId: 'key-svc' },
  ],

  // Support staff.
  [
    'support staff record offline consent as SUPPORT',
    support,
    offline,
    { subjectId: 'ada', occurredAt: now, evidence: form, actorKind: 'SUPPORT', actorId: 'key-support' },
  ],
  [
    'support staff may back-date offline consent',
    support,
    { ...offline, occurredAt: past },
    { subjectId: 'ada', occurredAt: past, evidence: form, actorKind: 'SUPPORT', actorId: 'key-support' },
  ],
  [
    'support staff record offline consent only',
    support,
    onBehalf,
    ['FORBIDDEN', /^support staff record offline consent only$/],
  ],
  ['support staff must give evidence', support, { ...offline, evidence: undefined }, ['BAD_USER_INPUT', /evidence/]],
  [
    'support staff must name the subject',
    support,
    { ...offline, subjectId: undefined },
    ['BAD_USER_INPUT', /subjectId/],
  ],

  // The future.
  [
    'occurredAt up to 60 s ahead is accepted as clock skew, and stored as now (it cannot take effect later)',
    service,
    { ...onBehalf, occurredAt: plus(now, 60_000) },
    { subjectId: 'ada', occurredAt: now, evidence: form, actorKind: 'SERVICE', actorId: 'key-svc' },
  ],
  [
    'occurredAt more than 60 s ahead is BAD_USER_INPUT',
    service,
    { ...onBehalf, occurredAt: plus(now, 60_001) },
    ['BAD_USER_INPUT', /future/],
  ],
  [
    'occurredAt far ahead is BAD_USER_INPUT for support too',
    support,
    { ...offline, occurredAt: plus(now, 86_400_000) },
    ['BAD_USER_INPUT', /future/],
  ],

  // Zero dates.
  [
    "occurredAt 0001-01-01 (Go's zero time) is BAD_USER_INPUT",
    service,
    { ...onBehalf, occurredAt: new Date('0001-01-01T00:00:00.000Z') },
    ['BAD_USER_INPUT', /before 1970/],
  ],
  [
    'occurredAt at 1970-01-01 is taken',
    service,
    { ...onBehalf, occurredAt: new Date('1970-01-01T00:00:00.000Z') },
    {
      subjectId: 'ada',
      occurredAt: new Date('1970-01-01T00:00:00.000Z'),
      evidence: form,
      actorKind: 'SERVICE',
      actorId: 'key-svc',
    },
  ],
];

describe('planConsentWrite', () => {
  it.each(rows)('%s', (_rule, actor, input, expected) => {
    const run = () => planConsentWrite({ input, actor, now });
    if (!Array.isArray(expected)) {
      expect(run()).toEqual(expected);
      return;
    }
    const [code, message] = expected;
    expect(run).toThrow(AssentError);
    expect(run).toThrow(message);
    try {
      run();
    } catch (e) {
      expect((e as AssentError).code).toBe(code);
    }
  });
});

describe('isEmptyEvidence', () => {
  it('looks through arrays nested deeper than the call stack without overflowing', () => {
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(isEmptyEvidence(deep)).toBe(true);
    expect(isEmptyEvidence([[['form F-17']]])).toBe(false);
  });
});
