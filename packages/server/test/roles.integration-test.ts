import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ADMIN_TOKEN,
  counts,
  startTestServer,
  subjectToken,
  suiteKind,
  type GqlResult,
  type TestServer,
} from './harness.ts';

const SUBJECT_TOKEN_SECRET = 'roles-test-subject-token-secret-0123456789';
const OWN = 'subj-1';
const OTHER = 'subj-2';
const EVIDENCE = { ticket: 'ROLES-1' };

const ROLES = ['anonymous', 'SUBJECT', 'SERVICE', 'SUPPORT', 'ADMIN', 'bootstrap ADMIN'] as const;
type RoleName = (typeof ROLES)[number];
type Outcome = 'allowed' | 'FORBIDDEN' | 'UNAUTHENTICATED';
const ok: Outcome = 'allowed';
const F: Outcome = 'FORBIDDEN';
const U: Outcome = 'UNAUTHENTICATED';

let s: TestServer;
const token = {} as Record<RoleName, string | null>;
/** API key ids by role (the actor id recorded for their writes). */
const keyId = {} as Record<'SERVICE' | 'SUPPORT' | 'ADMIN', string>;
/** One throwaway API key per role, for revokeApiKey. */
const throwawayKey = {} as Record<RoleName, string>;
const slug = (role: RoleName) => role.toLowerCase().replace(/ /g, '-');

async function createKey(role: 'ADMIN' | 'SERVICE' | 'SUPPORT', name: string) {
  const r = await s.gql<{ createApiKey: { id: string; secret: string } }>(
    'mutation($r: Role!, $n: String!) { createApiKey(role: $r, name: $n) { id secret } }',
    { r: role, n: name },
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.createApiKey;
}

/** The data of one of two dozen different operations; each row's check asserts its exact shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Data = Record<string, any>;

const CONSENT_RECORD = 'id subjectId purposeKey action channel actor { kind id } evidence';

/** The consent input a role sends when recording for `subjectId` (a SUBJECT recording for itself omits it). */
function consentInput(role: RoleName, subjectId: string | null, channel?: 'WEB' | 'API' | 'OFFLINE') {
  if (role === 'SUBJECT')
    return {
      ...(subjectId ? { subjectId } : {}),
      purposeKey: 'analytics',
      channel: channel ?? 'WEB',
      method: 'privacy-center/toggle',
    };
  return {
    subjectId: subjectId ?? OWN,
    purposeKey: 'analytics',
    channel: channel ?? (role === 'SUPPORT' ? 'OFFLINE' : 'API'),
    method: 'roles-test',
    evidence: EVIDENCE,
  };
}

/** The actor a role's writes are recorded as. */
function actorOf(role: RoleName) {
  switch (role) {
    case 'SUBJECT':
      return { kind: 'SUBJECT', id: OWN };
    case 'SERVICE':
    case 'SUPPORT':
    case 'ADMIN':
      return { kind: role, id: keyId[role] };
    case 'bootstrap ADMIN':
      return { kind: 'ADMIN', id: 'bootstrap-admin' };
    case 'anonymous':
      throw new Error('anonymous writes nothing');
  }
}

interface Operation {
  op: string;
  mutation: boolean;
  /** Outcome per role, in the order of ROLES. */
  expect: readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];
  request: (
    role: RoleName,
  ) =>
    | Promise<{ query: string; variables?: Record<string, unknown> }>
    | { query: string; variables?: Record<string, unknown> };
  /** Asserts the data of an allowed call. */
  check: (data: Data, role: RoleName) => void | Promise<void>;
  /** Asserts a refused call changed nothing beyond what counts() sees. */
  unchanged?: (role: RoleName) => Promise<void>;
}

function consentWrite(
  op: 'grantConsent' | 'withdrawConsent',
  subjectId: string | null,
  channel?: 'WEB',
): Operation['request'] {
  return (role) => ({
    query: `mutation($i: ConsentInput!) { ${op}(input: $i) { ${CONSENT_RECORD} } }`,
    variables: { i: consentInput(role, subjectId, channel) },
  });
}
function checkWrite(action: 'GRANT' | 'WITHDRAW', subjectId: string, channel?: 'WEB') {
  return (d: Data, role: RoleName) => {
    const r = d[action === 'GRANT' ? 'grantConsent' : 'withdrawConsent'];
    expect(r).toMatchObject({ subjectId, purposeKey: 'analytics', action, actor: actorOf(role) });
    expect(r.channel).toBe(channel ?? (role === 'SUBJECT' ? 'WEB' : role === 'SUPPORT' ? 'OFFLINE' : 'API'));
  };
}

//                                   anonymous SUBJECT SERVICE SUPPORT ADMIN bootstrap
const OPERATIONS: Operation[] = [
  {
    op: 'purposes',
    mutation: false,
    expect: [ok, ok, ok, ok, ok, ok],
    request: () => ({ query: '{ purposes { key legalBasis requiresConsent active } }' }),
    check: (d) =>
      expect(d.purposes).toEqual(
        expect.arrayContaining([
          { key: 'analytics', legalBasis: 'CONSENT', requiresConsent: true, active: true },
          { key: 'essential-service', legalBasis: 'CONTRACT', requiresConsent: false, active: true },
        ]),
      ),
  },
  {
    op: 'currentNotice',
    mutation: false,
    expect: [ok, ok, ok, ok, ok, ok],
    request: () => ({ query: '{ currentNotice { version purposes { purposeKey } } }' }),
    check: (d) =>
      expect(d.currentNotice.purposes.map((p: { purposeKey: string }) => p.purposeKey)).toContain('analytics'),
  },
  {
    op: 'noticeVersions',
    mutation: false,
    expect: [ok, ok, ok, ok, ok, ok],
    request: () => ({ query: '{ noticeVersions { version } }' }),
    check: (d) => expect(d.noticeVersions.at(-1)).toEqual({ version: 1 }),
  },
  {
    op: 'me',
    mutation: false,
    expect: [U, ok, F, F, F, F],
    request: () => ({ query: '{ me { subjectId purposes { purpose { key } status } } }' }),
    check: (d) => expect(d.me.subjectId).toBe(OWN),
  },
  {
    op: `subject(${OWN})`,
    mutation: false,
    expect: [U, F, ok, ok, ok, ok],
    request: () => ({ query: 'query($id: ID!) { subject(id: $id) { subjectId } }', variables: { id: OWN } }),
    check: (d) => expect(d.subject).toEqual({ subjectId: OWN }),
  },
  {
    op: 'consentHistory of its own subject',
    mutation: false,
    expect: [U, ok, ok, ok, ok, ok],
    request: () => ({
      query: 'query($s: ID!) { consentHistory(subjectId: $s) { totalCount edges { node { subjectId } } } }',
      variables: { s: OWN },
    }),
    check: (d) => {
      expect(d.consentHistory.totalCount).toBeGreaterThanOrEqual(1);
      expect(new Set(d.consentHistory.edges.map((e: { node: { subjectId: string } }) => e.node.subjectId))).toEqual(
        new Set([OWN]),
      );
    },
  },
  {
    op: 'consentHistory of another subject',
    mutation: false,
    expect: [U, F, ok, ok, ok, ok],
    request: () => ({
      query: 'query($s: ID!) { consentHistory(subjectId: $s) { totalCount edges { node { subjectId } } } }',
      variables: { s: OTHER },
    }),
    check: (d) =>
      expect(new Set(d.consentHistory.edges.map((e: { node: { subjectId: string } }) => e.node.subjectId))).toEqual(
        new Set([OTHER]),
      ),
  },
  {
    op: 'decide for its own subject',
    mutation: false,
    expect: [U, ok, ok, ok, ok, ok],
    request: () => ({
      query:
        'query($s: ID!) { decide(subjectId: $s, purposeKey: "essential-service") { subjectId purposeKey allowed reason } }',
      variables: { s: OWN },
    }),
    check: (d) =>
      expect(d.decide).toEqual({
        subjectId: OWN,
        purposeKey: 'essential-service',
        allowed: true,
        reason: 'OTHER_LEGAL_BASIS',
      }),
  },
  {
    op: 'decide for another subject',
    mutation: false,
    expect: [U, F, ok, ok, ok, ok],
    request: () => ({
      query: 'query($s: ID!) { decide(subjectId: $s, purposeKey: "essential-service") { subjectId allowed } }',
      variables: { s: OTHER },
    }),
    check: (d) => expect(d.decide).toEqual({ subjectId: OTHER, allowed: true }),
  },
  {
    op: 'decideMany with another subject among the requests',
    mutation: false,
    expect: [U, F, ok, ok, ok, ok],
    request: () => ({
      query: 'query($r: [DecideInput!]!) { decideMany(requests: $r) { subjectId purposeKey } }',
      variables: {
        r: [
          { subjectId: OWN, purposeKey: 'tax-records' },
          { subjectId: OTHER, purposeKey: 'analytics' },
        ],
      },
    }),
    check: (d) =>
      expect(d.decideMany).toEqual([
        { subjectId: OWN, purposeKey: 'tax-records' },
        { subjectId: OTHER, purposeKey: 'analytics' },
      ]),
  },
  {
    op: 'decideMany about oneself',
    mutation: false,
    expect: [U, ok, ok, ok, ok, ok],
    request: () => ({
      query: 'query($r: [DecideInput!]!) { decideMany(requests: $r) { subjectId purposeKey } }',
      variables: {
        r: [
          { subjectId: OWN, purposeKey: 'tax-records' },
          { subjectId: OWN, purposeKey: 'analytics' },
        ],
      },
    }),
    check: (d) =>
      expect(d.decideMany).toEqual([
        { subjectId: OWN, purposeKey: 'tax-records' },
        { subjectId: OWN, purposeKey: 'analytics' },
      ]),
  },
  {
    op: 'verifyLedger',
    mutation: false,
    expect: [U, F, F, ok, ok, ok],
    request: () => ({ query: '{ verifyLedger { ok firstBrokenRecordId } }' }),
    check: (d) => expect(d.verifyLedger).toEqual({ ok: true, firstBrokenRecordId: null }),
  },
  {
    op: 'apiKeys',
    mutation: false,
    expect: [U, F, F, F, ok, ok],
    request: () => ({ query: '{ apiKeys { id role } }' }),
    check: (d) =>
      expect(d.apiKeys).toEqual(
        expect.arrayContaining([
          { id: keyId.SERVICE, role: 'SERVICE' },
          { id: keyId.SUPPORT, role: 'SUPPORT' },
          { id: keyId.ADMIN, role: 'ADMIN' },
        ]),
      ),
  },
  {
    op: "grantConsent for itself (SUBJECT, no subjectId) or on the subject's behalf with evidence (SUPPORT: OFFLINE)",
    mutation: true,
    expect: [U, ok, ok, ok, ok, ok],
    request: consentWrite('grantConsent', null),
    check: checkWrite('GRANT', OWN),
  },
  {
    op: "withdrawConsent for itself (SUBJECT, no subjectId) or on the subject's behalf with evidence (SUPPORT: OFFLINE)",
    mutation: true,
    expect: [U, ok, ok, ok, ok, ok],
    request: consentWrite('withdrawConsent', null),
    check: checkWrite('WITHDRAW', OWN),
  },
  {
    op: 'grantConsent for another subject',
    mutation: true,
    expect: [U, F, ok, ok, ok, ok],
    request: consentWrite('grantConsent', OTHER),
    check: checkWrite('GRANT', OTHER),
  },
  {
    op: 'withdrawConsent for another subject',
    mutation: true,
    expect: [U, F, ok, ok, ok, ok],
    request: consentWrite('withdrawConsent', OTHER),
    check: checkWrite('WITHDRAW', OTHER),
  },
  {
    op: 'grantConsent through channel WEB (support records OFFLINE only)',
    mutation: true,
    expect: [U, ok, ok, F, ok, ok],
    request: consentWrite('grantConsent', OWN, 'WEB'),
    check: checkWrite('GRANT', OWN, 'WEB'),
  },
  {
    op: 'withdrawConsent through channel WEB (support records OFFLINE only)',
    mutation: true,
    expect: [U, ok, ok, F, ok, ok],
    request: consentWrite('withdrawConsent', OWN, 'WEB'),
    check: checkWrite('WITHDRAW', OWN, 'WEB'),
  },
  {
    op: 'definePurpose',
    mutation: true,
    expect: [U, F, F, F, ok, ok],
    request: (role) => ({
      query: 'mutation($i: PurposeInput!) { definePurpose(input: $i) { key legalBasis active } }',
      variables: { i: { key: `defined-by-${slug(role)}`, title: 'T', description: 'D', legalBasis: 'CONSENT' } },
    }),
    check: (d, role) =>
      expect(d.definePurpose).toEqual({ key: `defined-by-${slug(role)}`, legalBasis: 'CONSENT', active: true }),
  },
  {
    op: 'publishNotice',
    mutation: true,
    expect: [U, F, F, F, ok, ok],
    request: async () => {
      const active = (
        await s.gql<{ purposes: { key: string; active: boolean }[] }>('{ purposes { key active } }')
      ).data!.purposes.filter((p) => p.active);
      return {
        query: 'mutation($i: PublishNoticeInput!) { publishNotice(input: $i) { version purposes { purposeKey } } }',
        variables: {
          i: {
            summary: 'Roles test notice',
            purposes: active.map((p) => ({
              purposeKey: p.key,
              title: p.key,
              description: `About ${p.key}`,
              requiresReconsent: false,
            })),
          },
        },
      };
    },
    check: async (d) => {
      const versions = (await s.gql<{ noticeVersions: { version: number }[] }>('{ noticeVersions { version } }')).data!
        .noticeVersions;
      expect(d.publishNotice.version).toBe(versions[0]!.version);
      expect(d.publishNotice.purposes.map((p: { purposeKey: string }) => p.purposeKey)).toContain('analytics');
    },
  },
  {
    op: 'createApiKey',
    mutation: true,
    expect: [U, F, F, F, ok, ok],
    request: (role) => ({
      query: 'mutation($n: String!) { createApiKey(role: SERVICE, name: $n) { role name secret } }',
      variables: { n: `made by ${role}` },
    }),
    check: (d, role) => {
      expect(d.createApiKey).toMatchObject({ role: 'SERVICE', name: `made by ${role}` });
      expect(d.createApiKey.secret).toMatch(/^assent_sk_[A-Za-z0-9_-]{43}$/);
    },
  },
  {
    op: 'issueSubjectToken',
    mutation: true,
    expect: [U, F, ok, F, ok, ok],
    request: () => ({
      query: 'mutation { issueSubjectToken(subjectId: "subj-9", ttlSeconds: 120) { token expiresAt } }',
    }),
    check: async (d) => {
      const expiresIn = Date.parse(d.issueSubjectToken.expiresAt) - Date.now();
      expect(expiresIn).toBeGreaterThan(100_000);
      expect(expiresIn).toBeLessThanOrEqual(120_000);
      const me = await s.gql<{ me: { subjectId: string } }>('{ me { subjectId } }', {}, d.issueSubjectToken.token);
      expect(me.data?.me.subjectId).toBe('subj-9');
    },
  },
  {
    op: 'retirePurpose',
    mutation: true,
    expect: [U, F, F, F, ok, ok],
    request: (role) => ({
      query: 'mutation($k: ID!) { retirePurpose(key: $k) { key active } }',
      variables: { k: `retire-me-${slug(role)}` },
    }),
    check: (d, role) => expect(d.retirePurpose).toEqual({ key: `retire-me-${slug(role)}`, active: false }),
    unchanged: async (role) => {
      const purposes = (await s.gql<{ purposes: { key: string; active: boolean }[] }>('{ purposes { key active } }'))
        .data!.purposes;
      expect(purposes.find((p) => p.key === `retire-me-${slug(role)}`)?.active).toBe(true);
    },
  },
  {
    op: 'revokeApiKey',
    mutation: true,
    expect: [U, F, F, F, ok, ok],
    request: (role) => ({
      query: 'mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }',
      variables: { id: throwawayKey[role] },
    }),
    check: (d, role) => {
      expect(d.revokeApiKey.id).toBe(throwawayKey[role]);
      expect(Date.now() - Date.parse(d.revokeApiKey.revokedAt)).toBeLessThan(10_000);
    },
    unchanged: async (role) => {
      const keys = (
        await s.gql<{ apiKeys: { id: string; revokedAt: string | null }[] }>('{ apiKeys { id revokedAt } }')
      ).data!.apiKeys;
      expect(keys.find((k) => k.id === throwawayKey[role])).toEqual({ id: throwawayKey[role], revokedAt: null });
    },
  },
];

beforeAll(async () => {
  s = await startTestServer({ ASSENT_SUBJECT_TOKEN_SECRET: SUBJECT_TOKEN_SECRET });
  for (const role of ['SERVICE', 'SUPPORT', 'ADMIN'] as const) {
    const k = await createKey(role, `${role} key`);
    keyId[role] = k.id;
    token[role] = k.secret;
  }
  token.anonymous = null;
  token['bootstrap ADMIN'] = ADMIN_TOKEN;
  token.SUBJECT = await subjectToken(s, OWN);
  for (const role of ROLES) {
    throwawayKey[role] = (await createKey('SUPPORT', `throwaway of ${role}`)).id;
    const r = await s.gql(
      'mutation($k: ID!) { definePurpose(input: { key: $k, title: "Throwaway", description: "Retired by the role matrix", legalBasis: CONSENT }) { key } }',
      { k: `retire-me-${slug(role)}` },
    );
    expect(r.errors).toBeUndefined();
  }
  for (const subjectId of [OWN, OTHER]) {
    const r = await s.gql('mutation($i: ConsentInput!) { grantConsent(input: $i) { id } }', {
      i: { subjectId, purposeKey: 'analytics', channel: 'API', method: 'setup', evidence: EVIDENCE },
    });
    expect(r.errors).toBeUndefined();
  }
});
afterAll(async () => s?.close());

const cells = OPERATIONS.flatMap((operation) =>
  ROLES.map((role, i) => ({ operation, op: operation.op, role, expected: operation.expect[i]! })),
);

describe(`who may do what (${suiteKind})`, () => {
  for (const { operation, op, role, expected } of cells)
    it(`${role}: ${op} → ${expected}`, async () => {
      const { query, variables } = await operation.request(role);
      const before = operation.mutation ? await counts(s) : null;
      const r = await s.gql<Data>(query, variables, token[role]);
      if (expected === 'allowed') {
        expect(r.errors).toBeUndefined();
        await operation.check(r.data!, role);
        return;
      }
      expect(r.errors?.map((e) => e.extensions?.code)).toEqual([expected]);
      expect(r.data).toBeNull();
      if (operation.mutation) expect(await counts(s)).toEqual(before);
      await operation.unchanged?.(role);
    });
});

describe(`tokens (${suiteKind})`, () => {
  const sign = (secret: string, claims: { sub?: string; exp: number; iss?: string; aud?: string }) => {
    let jwt = new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(claims.exp - 900)
      .setExpirationTime(claims.exp);
    if (claims.sub) jwt = jwt.setSubject(claims.sub);
    jwt = jwt.setIssuer(claims.iss ?? 'assent').setAudience(claims.aud ?? 'assent:privacy-center');
    return jwt.sign(new TextEncoder().encode(secret));
  };
  const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
  const meWithHeader = async (authorization: string) => {
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: '{ me { subjectId } }' }),
    });
    return (await res.json()) as GqlResult<{ me: { subjectId: string } }>;
  };

  it('a subject token signed like the server signs it is accepted (so the refusals below are about what they vary)', async () => {
    const r = await meWithHeader(`Bearer ${await sign(SUBJECT_TOKEN_SECRET, { sub: 'forged-ok', exp: inAnHour() })}`);
    expect(r.data).toEqual({ me: { subjectId: 'forged-ok' } });
  });

  const badTokens = [
    { token: 'a garbage token', header: async () => 'Bearer not-a-token-at-all' },
    {
      token: 'an Authorization header that is not Bearer',
      header: async () => `Basic ${Buffer.from('a:b').toString('base64')}`,
    },
    { token: 'an unknown API key', header: async () => 'Bearer assent_sk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    {
      token: 'an expired subject token',
      header: async () =>
        `Bearer ${await sign(SUBJECT_TOKEN_SECRET, { sub: OWN, exp: Math.floor(Date.now() / 1000) - 5 })}`,
    },
    {
      token: 'a subject token signed with another secret',
      header: async () =>
        `Bearer ${await sign('some-other-secret-that-is-long-enough!!', { sub: OWN, exp: inAnHour() })}`,
    },
    {
      token: 'a subject token for another audience',
      header: async () =>
        `Bearer ${await sign(SUBJECT_TOKEN_SECRET, { sub: OWN, exp: inAnHour(), aud: 'somewhere-else' })}`,
    },
    {
      token: 'a subject token naming no subject',
      header: async () => `Bearer ${await sign(SUBJECT_TOKEN_SECRET, { exp: inAnHour() })}`,
    },
  ];
  for (const { token: what, header } of badTokens) {
    it(`${what} is UNAUTHENTICATED on me`, async () => {
      const r = await meWithHeader(await header());
      expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(r.data).toBeNull();
    });
  }

  it('a revoked API key stops working at once', async () => {
    const key = await createKey('SERVICE', 'revoked at once');
    const decide = () =>
      s.gql<{ decide: { allowed: boolean } }>(
        '{ decide(subjectId: "subj-1", purposeKey: "tax-records") { allowed } }',
        {},
        key.secret,
      );
    expect((await decide()).data).toEqual({ decide: { allowed: true } });
    const revoked = await s.gql('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: key.id });
    expect(revoked.errors).toBeUndefined();
    const after = await decide();
    expect(after.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(after.data).toBeNull();
  });

  it('apiKeys lists keys without their secrets, and lastUsedAt is set once a key is used', async () => {
    const started = Date.now();
    const key = await createKey('SUPPORT', 'listed key');
    const list = async () => {
      const res = await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify({ query: '{ apiKeys { id role name createdAt revokedAt lastUsedAt } }' }),
      });
      const text = await res.text();
      return { text, keys: (JSON.parse(text) as { data: { apiKeys: Record<string, unknown>[] } }).data.apiKeys };
    };
    const first = await list();
    expect(first.keys.find((k) => k.id === key.id)).toEqual({
      id: key.id,
      role: 'SUPPORT',
      name: 'listed key',
      createdAt: expect.any(String),
      revokedAt: null,
      lastUsedAt: null,
    });
    for (const secret of [key.secret, token.SERVICE!, token.SUPPORT!, token.ADMIN!])
      expect(first.text).not.toContain(secret);
    const noSecretField = await s.gql('{ apiKeys { id secret } }');
    expect(noSecretField.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);

    expect((await s.gql('{ verifyLedger { ok } }', {}, key.secret)).errors).toBeUndefined();
    await vi.waitFor(
      async () => {
        const lastUsedAt = (await list()).keys.find((k) => k.id === key.id)!.lastUsedAt as string | null;
        expect(lastUsedAt).not.toBeNull();
        expect(Date.parse(lastUsedAt!)).toBeGreaterThanOrEqual(started - 1000);
        expect(Date.parse(lastUsedAt!)).toBeLessThanOrEqual(Date.now());
      },
      { timeout: 10_000, interval: 50 },
    );
  });
});
