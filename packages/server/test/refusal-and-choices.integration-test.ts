import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey, counts, startTestServer, subjectToken, suiteKind, type TestServer } from './harness.ts';
import { readStream, startReceiver, waitFor, type Receiver } from './propagation-helpers.ts';

/** Contract 1.1: refusal as its own decision, and several decisions in one atomic call (recordChoices). */

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const RECORD =
  'id subjectId purposeKey action method channel evidence occurredAt recordedAt hash previousHash noticeVersion { version } actor { kind id }';
const REFUSE = `mutation($i: ConsentInput!) { refuseConsent(input: $i) { ${RECORD} } }`;
const CHOICES = `mutation($i: ChoicesInput!) { recordChoices(input: $i) { ${RECORD} } }`;
const DECIDE = 'query($s: ID!, $p: ID!) { decide(subjectId: $s, purposeKey: $p) { allowed reason record { id } } }';
const SUBJECT = 'query($id: ID!) { subject(id: $id) { needsPrompt purposes { purpose { key } status needsPrompt } } }';

interface Rec {
  id: string;
  subjectId: string;
  purposeKey: string;
  action: string;
  method: string;
  evidence: unknown;
  hash: string;
  previousHash: string | null;
  actor: { kind: string; id: string };
}

let s: TestServer;
let service: string;
let receiver: Receiver;
const since = new Date(Date.now() - 1000);

beforeAll(async () => {
  s = await startTestServer({ NATS_URL });
  service = await apiKey(s, 'SERVICE');
  receiver = await startReceiver(() => 200);
  const r = await s.gql('mutation($i: WebhookInput!) { registerWebhook(input: $i) { webhook { id } } }', {
    i: { url: receiver.url, eventTypes: ['CONSENT_REFUSED'] },
  });
  expect(r.errors).toBeUndefined();
});
afterAll(async () => {
  await receiver?.close();
  await s?.close();
});

const status = async (subjectId: string, key: string) =>
  (
    await s.gql<{ subject: { purposes: { purpose: { key: string }; status: string; needsPrompt: boolean }[] } }>(
      SUBJECT,
      { id: subjectId },
      service,
    )
  ).data!.subject.purposes.find((p) => p.purpose.key === key);

describe(`refuseConsent (${suiteKind})`, () => {
  it('a refusal makes decide deny with CONSENT_REFUSED, the status REFUSED, and the purpose is not asked again', async () => {
    const token = await subjectToken(s, 'refuser-1');
    const r = await s.gql<{ refuseConsent: Rec }>(
      REFUSE,
      { i: { purposeKey: 'marketing-email', channel: 'WEB', method: 'privacy-center/say-no' } },
      token,
    );
    expect(r.errors).toBeUndefined();
    const rec = r.data!.refuseConsent;
    expect(rec).toMatchObject({
      subjectId: 'refuser-1',
      purposeKey: 'marketing-email',
      action: 'REFUSE',
      actor: { kind: 'SUBJECT', id: 'refuser-1' },
    });
    expect((await s.gql(DECIDE, { s: 'refuser-1', p: 'marketing-email' }, service)).data).toEqual({
      decide: { allowed: false, reason: 'CONSENT_REFUSED', record: { id: rec.id } },
    });
    expect(await status('refuser-1', 'marketing-email')).toMatchObject({ status: 'REFUSED', needsPrompt: false });
  });

  it('purposeStats counts a refusal as refused, not as withdrawn or not given', async () => {
    const r = await s.gql<{
      purposeStats: {
        purposes: { purpose: { key: string }; granted: number; withdrawn: number; refused: number; notGiven: number }[];
      };
    }>('{ purposeStats { purposes { purpose { key } granted withdrawn refused notGiven } } }');
    expect(r.data!.purposeStats.purposes.find((p) => p.purpose.key === 'marketing-email')).toEqual({
      purpose: { key: 'marketing-email' },
      granted: 0,
      withdrawn: 0,
      refused: 1,
      notGiven: 0,
    });
  });

  it('a refusal is announced as assent.consent.refused: on NATS as assent.consent.<key>.refused, to webhooks as CONSENT_REFUSED', async () => {
    const r = await s.gql<{ refuseConsent: Rec }>(
      REFUSE,
      {
        i: {
          subjectId: 'refuser-2',
          purposeKey: 'research',
          channel: 'API',
          method: 'crm-sync',
          evidence: { form: 'survey-optin', ticked: false },
        },
      },
      service,
    );
    expect(r.errors).toBeUndefined();
    const id = r.data!.refuseConsent.id;
    const outbox = await s.app.core.db.prisma.outboxEvent.findFirst({ where: { recordId: id } });
    expect(outbox?.type).toBe('assent.consent.refused');
    const seen = await readStream(NATS_URL, since, (xs) => xs.some((x) => x.event.id === outbox!.eventId));
    expect(seen.find((x) => x.event.id === outbox!.eventId)).toMatchObject({
      subject: 'assent.consent.research.refused',
      event: { type: 'assent.consent.refused', subject: 'refuser-2' },
    });
    const delivered = await waitFor('the refusal at the webhook', () =>
      receiver.delivered().find((q) => q.event.data.record?.id === id),
    );
    expect(delivered.event.type).toBe('assent.consent.refused');
    const deliveries = await s.gql<{ webhooks: { id: string }[] }>('{ webhooks { id } }');
    const ds = await s.gql<{ webhookDeliveries: { eventType: string; eventId: string }[] }>(
      'query($id: ID!) { webhookDeliveries(webhookId: $id) { eventType eventId } }',
      { id: deliveries.data!.webhooks[0]!.id },
    );
    expect(ds.data!.webhookDeliveries.find((d) => d.eventId === outbox!.eventId)?.eventType).toBe('CONSENT_REFUSED');
  });

  it('a refusal on behalf of a subject needs evidence, as a grant does; a non-consent purpose is CONSENT_NOT_APPLICABLE; nothing is written', async () => {
    const before = await counts(s);
    const noEvidence = await s.gql(
      REFUSE,
      { i: { subjectId: 'refuser-3', purposeKey: 'research', channel: 'API', method: 'crm-sync' } },
      service,
    );
    expect(noEvidence.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const contract = await s.gql(
      REFUSE,
      {
        i: {
          subjectId: 'refuser-3',
          purposeKey: 'essential-service',
          channel: 'API',
          method: 'crm-sync',
          evidence: { x: 1 },
        },
      },
      service,
    );
    expect(contract.errors?.[0]?.extensions?.code).toBe('CONSENT_NOT_APPLICABLE');
    expect(await counts(s)).toEqual(before);
  });
});

describe(`clock skew (${suiteKind})`, () => {
  it("a grant stamped up to 60 s ahead is stored as written now: the subject's withdrawal a moment later takes effect", async () => {
    const ahead = new Date(Date.now() + 50_000).toISOString();
    const granted = await s.gql<{ grantConsent: { occurredAt: string; recordedAt: string } }>(
      'mutation($i: ConsentInput!) { grantConsent(input: $i) { occurredAt recordedAt } }',
      {
        i: {
          subjectId: 'skewed',
          purposeKey: 'analytics',
          channel: 'API',
          method: 'crm-sync',
          evidence: { ref: 'x' },
          occurredAt: ahead,
        },
      },
      service,
    );
    expect(granted.errors).toBeUndefined();
    expect(granted.data!.grantConsent.occurredAt).toBe(granted.data!.grantConsent.recordedAt);
    const token = await subjectToken(s, 'skewed');
    const withdrawn = await s.gql(
      'mutation($i: ConsentInput!) { withdrawConsent(input: $i) { id } }',
      { i: { purposeKey: 'analytics', channel: 'WEB', method: 'privacy-center/toggle' } },
      token,
    );
    expect(withdrawn.errors).toBeUndefined();
    expect((await s.gql(DECIDE, { s: 'skewed', p: 'analytics' }, service)).data).toMatchObject({
      decide: { allowed: false, reason: 'CONSENT_WITHDRAWN' },
    });
  });
});

describe(`recordChoices (${suiteKind})`, () => {
  it("history lists one call's records (one instant) newest first in append order, across pages too", async () => {
    const keys = ['analytics', 'marketing-email', 'third-party-sharing', 'personalization', 'research'];
    const token = await subjectToken(s, 'chooser-order');
    const r = await s.gql(
      CHOICES,
      {
        i: {
          channel: 'WEB',
          method: 'banner/save',
          choices: keys.map((purposeKey) => ({ purposeKey, action: 'GRANT' })),
        },
      },
      token,
    );
    expect(r.errors).toBeUndefined();
    const HISTORY =
      'query($s: ID!, $a: String) { consentHistory(subjectId: $s, first: 2, after: $a) { edges { node { purposeKey } } pageInfo { hasNextPage endCursor } } }';
    type HistoryPage = {
      consentHistory: {
        edges: { node: { purposeKey: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const h: Awaited<ReturnType<typeof s.gql<HistoryPage>>> = await s.gql<HistoryPage>(
        HISTORY,
        { s: 'chooser-order', a: after },
        service,
      );
      expect(h.errors).toBeUndefined();
      seen.push(...h.data!.consentHistory.edges.map((e) => e.node.purposeKey));
      if (!h.data!.consentHistory.pageInfo.hasNextPage) break;
      after = h.data!.consentHistory.pageInfo.endCursor;
    }
    expect(seen).toEqual([...keys].reverse());
  });

  it('records one record per choice in the order given, chained one after another, under one notice and instant', async () => {
    const token = await subjectToken(s, 'chooser-1');
    const r = await s.gql<{ recordChoices: Rec[] }>(
      CHOICES,
      {
        i: {
          channel: 'WEB',
          method: 'banner/save',
          choices: [
            { purposeKey: 'analytics', action: 'GRANT' },
            { purposeKey: 'marketing-email', action: 'REFUSE' },
            { purposeKey: 'research', action: 'GRANT' },
          ],
        },
      },
      token,
    );
    expect(r.errors).toBeUndefined();
    const recs = r.data!.recordChoices;
    expect(recs.map((x) => [x.purposeKey, x.action, x.method])).toEqual([
      ['analytics', 'GRANT', 'banner/save'],
      ['marketing-email', 'REFUSE', 'banner/save'],
      ['research', 'GRANT', 'banner/save'],
    ]);
    expect(recs[0]!.previousHash).toBeNull();
    expect(recs[1]!.previousHash).toBe(recs[0]!.hash);
    expect(recs[2]!.previousHash).toBe(recs[1]!.hash);
    const outbox = await s.app.core.db.prisma.outboxEvent.findMany({
      where: { subjectId: 'chooser-1' },
      orderBy: { seq: 'asc' },
    });
    expect(outbox.map((o) => [o.recordId, o.type])).toEqual([
      [recs[0]!.id, 'assent.consent.granted'],
      [recs[1]!.id, 'assent.consent.refused'],
      [recs[2]!.id, 'assent.consent.granted'],
    ]);
    expect(await status('chooser-1', 'marketing-email')).toMatchObject({ status: 'REFUSED', needsPrompt: false });
    expect((await s.gql(DECIDE, { s: 'chooser-1', p: 'analytics' }, service)).data).toMatchObject({
      decide: { allowed: true, reason: 'CONSENT_GRANTED' },
    });
    const verify = await s.gql<{ verifyLedger: { ok: boolean; recordsChecked: number } }>(
      'query($s: ID) { verifyLedger(subjectId: $s) { ok recordsChecked } }',
      { s: 'chooser-1' },
    );
    expect(verify.data!.verifyLedger).toEqual({ ok: true, recordsChecked: 3 });
  });

  it('a repeated decision (GRANT on GRANTED, REFUSE on REFUSED) is recorded: it is the answer to this prompt', async () => {
    const token = await subjectToken(s, 'chooser-1');
    const r = await s.gql<{ recordChoices: Rec[] }>(
      CHOICES,
      {
        i: {
          channel: 'WEB',
          method: 'banner/reject-all',
          choices: [
            { purposeKey: 'marketing-email', action: 'REFUSE' },
            { purposeKey: 'analytics', action: 'GRANT' },
          ],
        },
      },
      token,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.recordChoices.map((x) => x.action)).toEqual(['REFUSE', 'GRANT']);
    expect(await s.app.core.repos.ledger.count('chooser-1')).toBe(5);
  });

  it('a service records choices on behalf of a subject with evidence; without a subjectId or evidence it is BAD_USER_INPUT', async () => {
    const ok = await s.gql<{ recordChoices: Rec[] }>(
      CHOICES,
      {
        i: {
          subjectId: 'chooser-2',
          channel: 'API',
          method: 'signup-form',
          evidence: { form: 'signup-v3' },
          choices: [{ purposeKey: 'analytics', action: 'GRANT' }],
        },
      },
      service,
    );
    expect(ok.data!.recordChoices[0]).toMatchObject({
      subjectId: 'chooser-2',
      actor: { kind: 'SERVICE' },
      evidence: { form: 'signup-v3' },
    });
    const before = await counts(s);
    const noSubject = await s.gql(
      CHOICES,
      {
        i: { channel: 'API', method: 'x', evidence: { a: 1 }, choices: [{ purposeKey: 'analytics', action: 'GRANT' }] },
      },
      service,
    );
    const noEvidence = await s.gql(
      CHOICES,
      {
        i: {
          subjectId: 'chooser-2',
          channel: 'API',
          method: 'x',
          choices: [{ purposeKey: 'analytics', action: 'GRANT' }],
        },
      },
      service,
    );
    expect([noSubject.errors?.[0]?.extensions?.code, noEvidence.errors?.[0]?.extensions?.code]).toEqual([
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
    ]);
    expect(await counts(s)).toEqual(before);
  });

  it('a subject token records for itself only: another subjectId is FORBIDDEN and nothing is written', async () => {
    const token = await subjectToken(s, 'chooser-3');
    const same = await s.gql(
      CHOICES,
      {
        i: {
          subjectId: 'chooser-3',
          channel: 'WEB',
          method: 'banner/save',
          choices: [{ purposeKey: 'analytics', action: 'REFUSE' }],
        },
      },
      token,
    );
    expect(same.errors).toBeUndefined();
    const before = await counts(s);
    const other = await s.gql(
      CHOICES,
      {
        i: {
          subjectId: 'someone-else',
          channel: 'WEB',
          method: 'banner/save',
          choices: [{ purposeKey: 'analytics', action: 'GRANT' }],
        },
      },
      token,
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(other.data).toBeNull();
    expect(await counts(s)).toEqual(before);
  });

  it.each([
    [
      'an unknown purpose among good ones is NOT_FOUND',
      [
        { purposeKey: 'analytics', action: 'GRANT' },
        { purposeKey: 'no-such-purpose', action: 'GRANT' },
      ],
      'NOT_FOUND',
    ],
    [
      'a purpose chosen twice is BAD_USER_INPUT',
      [
        { purposeKey: 'analytics', action: 'GRANT' },
        { purposeKey: 'analytics', action: 'REFUSE' },
      ],
      'BAD_USER_INPUT',
    ],
    [
      'a purpose that rests on another legal basis is CONSENT_NOT_APPLICABLE',
      [
        { purposeKey: 'analytics', action: 'GRANT' },
        { purposeKey: 'tax-records', action: 'REFUSE' },
      ],
      'CONSENT_NOT_APPLICABLE',
    ],
    ['an empty list is BAD_USER_INPUT', [], 'BAD_USER_INPUT'],
    ['ERASE is not a choice: BAD_USER_INPUT', [{ purposeKey: 'analytics', action: 'ERASE' }], 'BAD_USER_INPUT'],
  ])(
    'all or nothing: %s, and not one record, projection row or outbox row is written',
    async (_rule, choices, code) => {
      const token = await subjectToken(s, 'atomic-1');
      const before = await counts(s);
      const r = await s.gql(CHOICES, { i: { channel: 'WEB', method: 'banner/save', choices } }, token);
      expect(r.errors?.[0]?.extensions?.code).toBe(code);
      expect(r.data).toBeNull();
      expect(await counts(s)).toEqual(before);
      expect(await s.app.core.repos.ledger.count('atomic-1')).toBe(0);
    },
  );
});
