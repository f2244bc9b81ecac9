import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKey,
  counts,
  startTestServer,
  subjectToken,
  suiteKind,
  type GqlResult,
  type TestServer,
} from './harness.ts';

/** Contract 1.1: Global Privacy Control (applyGpc, gpcSignal) and visitor sessions (startVisitorSession, linkVisitor). */

const RECORD =
  'id subjectId purposeKey action method channel evidence occurredAt noticeVersion { version } actor { kind id }';
const GPC = `mutation($s: String!) { applyGpc(signal: $s) { ${RECORD} } }`;
const GRANT = `mutation($i: ConsentInput!) { grantConsent(input: $i) { ${RECORD} } }`;
const CHOICES = `mutation($i: ChoicesInput!) { recordChoices(input: $i) { ${RECORD} } }`;
const START = 'mutation($t: Int) { startVisitorSession(ttlSeconds: $t) { token expiresAt } }';
const LINK = `mutation($v: ID!, $s: ID!) { linkVisitor(visitorSubjectId: $v, subjectId: $s) { ${RECORD} } }`;
const ME = '{ me { subjectId needsPrompt purposes { purpose { key } status needsPrompt } } }';
const BUDGET = 3;

interface Rec {
  id: string;
  subjectId: string;
  purposeKey: string;
  action: string;
  method: string;
  channel: string;
  evidence: unknown;
  occurredAt: string;
  actor: { kind: string; id: string };
}
interface Raw<T> extends GqlResult<T> {
  headers: Headers;
}

let s: TestServer;
let service: string;

beforeAll(async () => {
  // A proxy is trusted here, so each test can speak from its own address (X-Forwarded-For) with its own budget.
  s = await startTestServer({ ASSENT_RATE_LIMIT_VISITOR_SESSIONS: String(BUDGET), ASSENT_TRUST_PROXY: 'on' });
  service = await apiKey(s, 'SERVICE');
});
afterAll(async () => s?.close());

/** A POST /graphql with extra headers; `contentType` other than plain JSON takes the express path. */
async function post<T>(
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): Promise<Raw<T>> {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: GqlResult<T>['errors'] };
  return { status: res.status, data: body.data, errors: body.errors, headers: res.headers };
}
const visitor = async (ip: string) => {
  const r = await post<{ startVisitorSession: { token: string; expiresAt: string } }>(
    START,
    {},
    { 'x-forwarded-for': ip },
  );
  expect(r.errors).toBeUndefined();
  const token = r.data!.startVisitorSession.token;
  const me = await s.gql<{ me: { subjectId: string } }>(ME, {}, token);
  return { token, subjectId: me.data!.me.subjectId };
};
const statusOf = async (token: string, key: string) =>
  (
    await s.gql<{ me: { purposes: { purpose: { key: string }; status: string }[] } }>(ME, {}, token)
  ).data!.me.purposes.find((p) => p.purpose.key === key)?.status;

describe(`applyGpc (${suiteKind})`, () => {
  it('refuses each undecided gpcOptOut purpose with method gpc and evidence { signal }; a second signal records nothing', async () => {
    const token = await subjectToken(s, 'gpc-1');
    const first = await s.gql<{ applyGpc: Rec[] }>(GPC, { s: 'Sec-GPC' }, token);
    expect(first.errors).toBeUndefined();
    expect(first.data!.applyGpc).toEqual([
      expect.objectContaining({
        subjectId: 'gpc-1',
        purposeKey: 'third-party-sharing',
        action: 'REFUSE',
        method: 'gpc',
        channel: 'WEB',
        evidence: { signal: 'Sec-GPC' },
        actor: { kind: 'SUBJECT', id: 'gpc-1' },
      }),
    ]);
    expect(await statusOf(token, 'third-party-sharing')).toBe('REFUSED');
    const before = await counts(s);
    const second = await s.gql<{ applyGpc: Rec[] }>(GPC, { s: 'navigator.globalPrivacyControl' }, token);
    expect(second.data!.applyGpc).toEqual([]);
    expect(await counts(s)).toEqual(before);
  });

  it('an explicit grant after the signal wins: the next applyGpc leaves it GRANTED', async () => {
    const token = await subjectToken(s, 'gpc-1');
    const grant = await s.gql<{ grantConsent: Rec }>(
      GRANT,
      { i: { purposeKey: 'third-party-sharing', channel: 'WEB', method: 'privacy-center/toggle' } },
      token,
    );
    expect(grant.errors).toBeUndefined();
    const again = await s.gql<{ applyGpc: Rec[] }>(GPC, { s: 'Sec-GPC' }, token);
    expect(again.data!.applyGpc).toEqual([]);
    expect(await statusOf(token, 'third-party-sharing')).toBe('GRANTED');
  });

  it('a grant made before any signal is withdrawn by the signal (WITHDRAW, method gpc)', async () => {
    const token = await subjectToken(s, 'gpc-2');
    await s.gql(
      GRANT,
      { i: { purposeKey: 'third-party-sharing', channel: 'WEB', method: 'privacy-center/toggle' } },
      token,
    );
    const r = await s.gql<{ applyGpc: Rec[] }>(GPC, { s: 'navigator.globalPrivacyControl' }, token);
    expect(r.data!.applyGpc.map((x) => [x.purposeKey, x.action, x.method, x.evidence])).toEqual([
      ['third-party-sharing', 'WITHDRAW', 'gpc', { signal: 'navigator.globalPrivacyControl' }],
    ]);
    expect(await statusOf(token, 'third-party-sharing')).toBe('WITHDRAWN');
  });

  it("an unknown signal is BAD_USER_INPUT and a service key is FORBIDDEN (GPC is the subject's own signal); nothing is written", async () => {
    const token = await subjectToken(s, 'gpc-3');
    const before = await counts(s);
    expect((await s.gql(GPC, { s: 'yes please' }, token)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await s.gql(GPC, { s: 'Sec-GPC' }, service)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await counts(s)).toEqual(before);
  });

  it('gpcSignal is true exactly when the request carried Sec-GPC: 1, with or without a token', async () => {
    expect((await post<{ gpcSignal: boolean }>('{ gpcSignal }', {}, { 'sec-gpc': '1' })).data).toEqual({
      gpcSignal: true,
    });
    expect((await post<{ gpcSignal: boolean }>('{ gpcSignal }', {})).data).toEqual({ gpcSignal: false });
    expect((await post<{ gpcSignal: boolean }>('{ gpcSignal }', {}, { 'sec-gpc': '0' })).data).toEqual({
      gpcSignal: false,
    });
  });

  it('definePurpose round-trips gpcOptOut, dpvPurpose and consentMode', async () => {
    const i = {
      key: 'ad-retargeting',
      title: 'Ads on other sites',
      description: 'We show you our ads on partner sites.',
      legalBasis: 'CONSENT',
      gpcOptOut: true,
      dpvPurpose: 'https://w3id.org/dpv#TargetedAdvertising',
      consentMode: ['ad_storage', 'ad_personalization'],
    };
    const fields = 'key gpcOptOut dpvPurpose consentMode';
    const made = await s.gql<{ definePurpose: unknown }>(
      `mutation($i: PurposeInput!) { definePurpose(input: $i) { ${fields} } }`,
      { i },
    );
    const want = { key: i.key, gpcOptOut: true, dpvPurpose: i.dpvPurpose, consentMode: i.consentMode };
    expect(made.data!.definePurpose).toEqual(want);
    const listed = await s.gql<{ purposes: { key: string }[] }>(`{ purposes { ${fields} } }`);
    expect(listed.data!.purposes.find((p) => p.key === i.key)).toEqual(want);
  });
});

describe(`startVisitorSession (${suiteKind})`, () => {
  it("gives a new 'v_' subject a token that works for me and recordChoices; a new visitor is asked (needsPrompt)", async () => {
    const r = await post<{ startVisitorSession: { token: string; expiresAt: string } }>(
      START,
      {},
      { 'x-forwarded-for': '203.0.113.10' },
    );
    const { token, expiresAt } = r.data!.startVisitorSession;
    expect(Math.abs(Date.parse(expiresAt) - (Date.now() + 31_536_000_000))).toBeLessThan(60_000);
    const me = await s.gql<{ me: { subjectId: string; needsPrompt: boolean } }>(ME, {}, token);
    expect(me.data!.me.subjectId).toMatch(/^v_[A-Za-z0-9_-]{22,}$/);
    expect(me.data!.me.needsPrompt).toBe(true);
    const other = await visitor('203.0.113.10');
    expect(other.subjectId).not.toBe(me.data!.me.subjectId);
    const choices = await s.gql<{ recordChoices: Rec[] }>(
      CHOICES,
      { i: { channel: 'WEB', method: 'banner/accept-all', choices: [{ purposeKey: 'analytics', action: 'GRANT' }] } },
      token,
    );
    expect(choices.data!.recordChoices[0]).toMatchObject({
      subjectId: me.data!.me.subjectId,
      action: 'GRANT',
      actor: { kind: 'SUBJECT' },
    });
  });

  it('a visitor token used for another subject is FORBIDDEN and writes nothing', async () => {
    const v = await visitor('203.0.113.11');
    const before = await counts(s);
    const choices = await s.gql(
      CHOICES,
      {
        i: {
          subjectId: 'somebody',
          channel: 'WEB',
          method: 'banner/accept-all',
          choices: [{ purposeKey: 'analytics', action: 'GRANT' }],
        },
      },
      v.token,
    );
    const grant = await s.gql(
      GRANT,
      { i: { subjectId: 'somebody', purposeKey: 'analytics', channel: 'WEB', method: 'banner/save' } },
      v.token,
    );
    expect([choices.errors?.[0]?.extensions?.code, grant.errors?.[0]?.extensions?.code]).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
    expect(await counts(s)).toEqual(before);
  });

  it.each([59, 31_536_001, 0])(
    'ttlSeconds %i is outside 60..31536000: BAD_USER_INPUT naming ttlSeconds, and no session budget spent',
    async (ttl) => {
      const ip = `198.51.100.${ttl % 250}`;
      for (let i = 0; i < BUDGET + 2; i++) {
        const r = await post(START, { t: ttl }, { 'x-forwarded-for': ip });
        expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(r.errors?.[0]?.message).toMatch(/^ttlSeconds: /);
      }
      expect((await post(START, {}, { 'x-forwarded-for': ip })).status).toBe(200);
    },
  );

  it.each([
    ['the node:http fast path', 'application/json', '192.0.2.1'],
    ['the express path', 'application/json; profile=x', '192.0.2.2'],
  ])(
    'over the per-IP budget (%s): HTTP 429, Retry-After, RATE_LIMITED with retryAfterSeconds, no token; other addresses are unaffected',
    async (_path, contentType, ip) => {
      for (let i = 0; i < BUDGET; i++)
        expect((await post(START, {}, { 'x-forwarded-for': `${ip}, 10.0.0.1` }, contentType)).status).toBe(200);
      const before = await counts(s);
      const over = await post<{ startVisitorSession: unknown }>(START, {}, { 'x-forwarded-for': ip }, contentType);
      expect(over.status).toBe(429);
      const retry = Number(over.headers.get('retry-after'));
      expect(retry).toBeGreaterThanOrEqual(1);
      expect(retry).toBeLessThanOrEqual(60);
      expect(over.errors).toHaveLength(1);
      expect(over.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: retry });
      expect(over.data ?? null).toBeNull();
      expect(await counts(s)).toEqual(before);
      expect((await post(START, {}, { 'x-forwarded-for': '192.0.2.99' }, contentType)).status).toBe(200);
    },
  );
});

describe(`linkVisitor (${suiteKind})`, () => {
  it("carries the visitor's decisions to the signed-in subject with evidence { linkedFrom, records }; linking twice records once", async () => {
    const v = await visitor('203.0.113.20');
    const made = await s.gql<{ recordChoices: Rec[] }>(
      CHOICES,
      {
        i: {
          channel: 'WEB',
          method: 'banner/save',
          choices: [
            { purposeKey: 'analytics', action: 'GRANT' },
            { purposeKey: 'marketing-email', action: 'REFUSE' },
          ],
        },
      },
      v.token,
    );
    const [grant, refusal] = made.data!.recordChoices;
    const linked = await s.gql<{ linkVisitor: Rec[] }>(LINK, { v: v.subjectId, s: 'linked-1' }, service);
    expect(linked.errors).toBeUndefined();
    const byKey = new Map(linked.data!.linkVisitor.map((x) => [x.purposeKey, x]));
    expect(byKey.size).toBe(2);
    expect(byKey.get('analytics')).toMatchObject({
      subjectId: 'linked-1',
      action: 'GRANT',
      method: 'banner/save',
      channel: 'WEB',
      occurredAt: grant!.occurredAt,
      actor: { kind: 'SERVICE' },
      evidence: { linkedFrom: v.subjectId, records: [grant!.id] },
    });
    expect(byKey.get('marketing-email')).toMatchObject({
      action: 'REFUSE',
      evidence: { linkedFrom: v.subjectId, records: [refusal!.id] },
    });
    const decide = await s.gql(
      'query { a: decide(subjectId: "linked-1", purposeKey: "analytics") { allowed reason } m: decide(subjectId: "linked-1", purposeKey: "marketing-email") { allowed reason } }',
      {},
      service,
    );
    expect(decide.data).toEqual({
      a: { allowed: true, reason: 'CONSENT_GRANTED' },
      m: { allowed: false, reason: 'CONSENT_REFUSED' },
    });

    const before = await counts(s);
    const again = await s.gql<{ linkVisitor: Rec[] }>(LINK, { v: v.subjectId, s: 'linked-1' }, service);
    expect(again.data!.linkVisitor).toEqual([]);
    expect(await counts(s)).toEqual(before);
  });

  it("a visitor's explicit grant after GPC stays the subject's after linking: the subject's next signal leaves it", async () => {
    const v = await visitor('203.0.113.24');
    const gpc = await s.gql<{ applyGpc: Rec[] }>(GPC, { s: 'Sec-GPC' }, v.token);
    expect(gpc.data!.applyGpc.map((r) => [r.purposeKey, r.action])).toContainEqual(['third-party-sharing', 'REFUSE']);
    await s.gql(
      CHOICES,
      {
        i: { channel: 'WEB', method: 'banner/save', choices: [{ purposeKey: 'third-party-sharing', action: 'GRANT' }] },
      },
      v.token,
    );
    const linked = await s.gql<{ linkVisitor: Rec[] }>(LINK, { v: v.subjectId, s: 'linked-gpc' }, service);
    expect(
      linked.data!.linkVisitor.filter((r) => r.purposeKey === 'third-party-sharing').map((r) => [r.action, r.method]),
    ).toEqual([
      ['REFUSE', 'gpc'],
      ['GRANT', 'banner/save'],
    ]);
    const subject = await subjectToken(s, 'linked-gpc');
    const next = await s.gql<{ applyGpc: Rec[] }>(GPC, { s: 'Sec-GPC' }, subject);
    expect(next.errors).toBeUndefined();
    expect(next.data!.applyGpc).toEqual([]);
    expect(await statusOf(subject, 'third-party-sharing')).toBe('GRANTED');
  });

  it("the subject's own newer decision wins over the visitor's", async () => {
    const v = await visitor('203.0.113.21');
    await s.gql(
      CHOICES,
      {
        i: {
          channel: 'WEB',
          method: 'banner/accept-all',
          choices: [
            { purposeKey: 'research', action: 'GRANT' },
            { purposeKey: 'analytics', action: 'GRANT' },
          ],
        },
      },
      v.token,
    );
    const own = await subjectToken(s, 'linked-2');
    await s.gql(
      CHOICES,
      {
        i: {
          channel: 'WEB',
          method: 'privacy-center/reject-all',
          choices: [{ purposeKey: 'research', action: 'REFUSE' }],
        },
      },
      own,
    );
    const linked = await s.gql<{ linkVisitor: Rec[] }>(LINK, { v: v.subjectId, s: 'linked-2' }, service);
    expect(linked.data!.linkVisitor.map((x) => [x.purposeKey, x.action])).toEqual([['analytics', 'GRANT']]);
    expect(await statusOf(own, 'research')).toBe('REFUSED');
  });

  it('a subject token is FORBIDDEN; a subjectId that is itself a visitor, or a visitor id that is not one, is BAD_USER_INPUT; nothing is written', async () => {
    const v = await visitor('203.0.113.22');
    const w = await visitor('203.0.113.22');
    const before = await counts(s);
    expect((await s.gql(LINK, { v: v.subjectId, s: 'linked-3' }, v.token)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await s.gql(LINK, { v: v.subjectId, s: w.subjectId }, service)).errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await s.gql(LINK, { v: 'linked-1', s: 'linked-3' }, service)).errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    expect(await counts(s)).toEqual(before);
  });
});
