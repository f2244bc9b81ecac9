import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_TOKEN, apiKey, counts, startTestServer, subjectToken, suiteKind, type TestServer } from './harness.ts';

let s: TestServer;
const tokens = {} as Record<'ADMIN' | 'SERVICE' | 'SUPPORT' | 'SUBJECT', string>;

interface Reply {
  status: number;
  text: string;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** POSTs a raw body to /graphql and keeps the status and the exact text (to look for leaks). */
async function post(body: string, token: string | null = ADMIN_TOKEN): Promise<Reply> {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await res.text();
  let parsed: Reply['body'] = {};
  try {
    parsed = JSON.parse(text) as Reply['body'];
  } catch {
    /* asserted by the caller */
  }
  return { status: res.status, text, body: parsed };
}
const gql = (query: string, variables?: Record<string, unknown>, token: string | null = ADMIN_TOKEN) =>
  post(JSON.stringify({ query, variables }), token);

/** No stack trace, file path or driver detail reaches a client. */
function expectNoInternals(r: Reply) {
  for (const e of r.body.errors ?? []) expect(e.extensions ?? {}).not.toHaveProperty('stacktrace');
  expect(r.text).not.toMatch(/\bat .+\.(ts|js|mjs):\d+/);
  expect(r.text).not.toMatch(/node_modules|prisma|sqlite|postgres/i);
}

const GRANT = 'mutation($i: ConsentInput!) { grantConsent(input: $i) { id } }';
const WITHDRAW = 'mutation($i: ConsentInput!) { withdrawConsent(input: $i) { id } }';
const EVIDENCE = { ticket: 'ERR-1' };
const onBehalf = (extra: Record<string, unknown> = {}) => ({
  i: {
    subjectId: 'err-subj',
    purposeKey: 'analytics',
    channel: 'API',
    method: 'errors-test',
    evidence: EVIDENCE,
    ...extra,
  },
});
const inSeconds = (sec: number) => new Date(Date.now() + sec * 1000).toISOString();
async function activePurposes() {
  const r = await gql('{ purposes { key active } }');
  return (r.body.data as { purposes: { key: string; active: boolean }[] }).purposes
    .filter((p) => p.active)
    .map((p) => p.key);
}
const noticeText = (purposeKey: string) => ({
  purposeKey,
  title: purposeKey,
  description: `About ${purposeKey}`,
  requiresReconsent: false,
});
const PUBLISH = 'mutation($i: PublishNoticeInput!) { publishNotice(input: $i) { version } }';

type Case = {
  rule: string;
  query: string;
  variables?: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  as?: keyof typeof tokens;
  code: string;
};

/** Bad input that reaches a resolver: HTTP 200, data null, one error with this code, nothing written. */
const RESOLVER_ERRORS: Case[] = [
  {
    rule: 'an unknown purpose is NOT_FOUND',
    query: GRANT,
    variables: () => onBehalf({ purposeKey: 'no-such-purpose' }),
    as: 'SERVICE',
    code: 'NOT_FOUND',
  },
  {
    rule: 'withdrawing an unknown purpose is NOT_FOUND',
    query: WITHDRAW,
    variables: () => onBehalf({ purposeKey: 'no-such-purpose' }),
    as: 'SERVICE',
    code: 'NOT_FOUND',
  },
  {
    rule: 'an unknown noticeVersionId is NOT_FOUND',
    query: GRANT,
    variables: () => onBehalf({ noticeVersionId: 'notice-v99' }),
    as: 'SERVICE',
    code: 'NOT_FOUND',
  },
  {
    rule: 'a notice version that does not describe the purpose is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ purposeKey: 'err-not-in-notice', noticeVersionId: 'notice-v1' }),
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'a method of whitespace only is BAD_USER_INPUT (it would be chained into the ledger for good)',
    query: GRANT,
    variables: () => onBehalf({ method: '  \t ' }),
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'a method with a zero-width space is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ method: 'toggle\u200b' }),
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'a notice whose summary is blank is BAD_USER_INPUT (notices are append-only: it could never be mended)',
    query: PUBLISH,
    variables: async () => ({ i: { summary: ' ', purposes: (await activePurposes()).map(noticeText) } }),
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'a notice purpose title with a control character is BAD_USER_INPUT',
    query: PUBLISH,
    variables: async () => ({
      i: {
        summary: 'Texts',
        purposes: (await activePurposes()).map((k) => ({ ...noticeText(k), title: `${k}\u0007` })),
      },
    }),
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'a purpose whose title is blank is BAD_USER_INPUT',
    query:
      'mutation { definePurpose(input: { key: "err-blank", title: "   ", description: "D", legalBasis: CONSENT }) { key } }',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'a webhook filtered on a purpose that rests on another legal basis is BAD_USER_INPUT (it would never match)',
    query: 'mutation($i: WebhookInput!) { registerWebhook(input: $i) { secret } }',
    variables: () => ({ i: { url: 'http://127.0.0.1:9/hook', purposeKeys: ['tax-records'] } }),
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'a webhook URL with a line break is BAD_USER_INPUT (it would be stored as given)',
    query: 'mutation($i: WebhookInput!) { registerWebhook(input: $i) { secret } }',
    variables: () => ({ i: { url: 'http://127.0.0.1:9/hook\n' } }),
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'a webhook URL carrying a user name and password is BAD_USER_INPUT (stored in clear, shown to every admin)',
    query: 'mutation($i: WebhookInput!) { registerWebhook(input: $i) { secret } }',
    variables: () => ({ i: { url: 'http://user:secret@127.0.0.1:9/hook' } }),
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'a malformed purpose slug is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ purposeKey: 'Marketing_Email' }),
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'occurredAt 120 s in the future is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ occurredAt: inSeconds(120) }),
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'occurredAt 0001-01-01 (a zero date from an export) is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ occurredAt: '0001-01-01T00:00:00.000Z' }),
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'a SUBJECT sending occurredAt is BAD_USER_INPUT',
    query: GRANT,
    variables: () => ({ i: { purposeKey: 'analytics', channel: 'WEB', method: 'toggle', occurredAt: inSeconds(-60) } }),
    as: 'SUBJECT',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'SERVICE without evidence is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ evidence: undefined }),
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'SERVICE with empty evidence {} is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ evidence: {} }),
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'SERVICE with blank evidence "" is BAD_USER_INPUT',
    query: WITHDRAW,
    variables: () => onBehalf({ evidence: '  ' }),
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'SUPPORT without evidence is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ channel: 'OFFLINE', evidence: null }),
    as: 'SUPPORT',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'ADMIN without evidence is BAD_USER_INPUT',
    query: WITHDRAW,
    variables: () => onBehalf({ evidence: null }),
    as: 'ADMIN',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'SERVICE without subjectId is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ subjectId: undefined }),
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'evidence over 16 KB is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ evidence: { scan: 'x'.repeat(16_400) } }),
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'evidence of 16 KB counted in UTF-8 bytes, not characters, is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ evidence: { scan: 'é'.repeat(8_200) } }),
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'evidence nested more than 64 levels is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ evidence: JSON.parse('['.repeat(70) + ']'.repeat(70)) }),
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'an empty subjectId is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ subjectId: '' }),
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'a subjectId with surrounding spaces is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ subjectId: ' err-subj ' }),
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'an empty method is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ method: '' }),
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'granting a purpose on another legal basis is CONSENT_NOT_APPLICABLE',
    query: GRANT,
    variables: () => onBehalf({ purposeKey: 'tax-records' }),
    as: 'SERVICE',
    code: 'CONSENT_NOT_APPLICABLE',
  },
  {
    rule: 'granting a retired purpose is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ purposeKey: 'err-retired' }),
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'a SUBJECT recording for another subject is FORBIDDEN',
    query: GRANT,
    variables: () => ({ i: { subjectId: 'someone-else', purposeKey: 'analytics', channel: 'WEB', method: 'toggle' } }),
    as: 'SUBJECT',
    code: 'FORBIDDEN',
  },
  {
    rule: 'SUPPORT recording through WEB is FORBIDDEN',
    query: GRANT,
    variables: () => onBehalf({ channel: 'WEB' }),
    as: 'SUPPORT',
    code: 'FORBIDDEN',
  },
  {
    rule: 'decide on an unknown purpose is NOT_FOUND',
    query: '{ decide(subjectId: "err-subj", purposeKey: "no-such-purpose") { allowed } }',
    as: 'SERVICE',
    code: 'NOT_FOUND',
  },
  {
    rule: 'decide on a malformed purpose slug is BAD_USER_INPUT',
    query: '{ decide(subjectId: "err-subj", purposeKey: "NOT A SLUG") { allowed } }',
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'decideMany with 1001 requests is BAD_USER_INPUT',
    query: 'query($r: [DecideInput!]!) { decideMany(requests: $r) { allowed } }',
    as: 'SERVICE',
    code: 'BAD_USER_INPUT',
    variables: () => ({
      r: Array.from({ length: 1001 }, (_, i) => ({ subjectId: `s-${i}`, purposeKey: 'analytics' })),
    }),
  },
  {
    rule: 'decideMany naming an unknown purpose is NOT_FOUND',
    query: 'query($r: [DecideInput!]!) { decideMany(requests: $r) { allowed } }',
    as: 'SERVICE',
    code: 'NOT_FOUND',
    variables: () => ({
      r: [
        { subjectId: 'a', purposeKey: 'analytics' },
        { subjectId: 'a', purposeKey: 'no-such-purpose' },
      ],
    }),
  },
  {
    rule: 'definePurpose with a key that exists is CONFLICT',
    query:
      'mutation { definePurpose(input: { key: "analytics", title: "Again", description: "Again", legalBasis: CONSENT }) { key } }',
    code: 'CONFLICT',
  },
  {
    rule: 'definePurpose with a malformed key is BAD_USER_INPUT',
    query:
      'mutation { definePurpose(input: { key: "Bad Key", title: "T", description: "D", legalBasis: CONSENT }) { key } }',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'publishNotice missing an active purpose is BAD_USER_INPUT',
    query: PUBLISH,
    code: 'BAD_USER_INPUT',
    variables: async () => ({
      i: { summary: 'Missing one', purposes: (await activePurposes()).filter((k) => k !== 'research').map(noticeText) },
    }),
  },
  {
    rule: 'publishNotice naming an unknown purpose is NOT_FOUND',
    query: PUBLISH,
    code: 'NOT_FOUND',
    variables: async () => ({
      i: { summary: 'Unknown one', purposes: [...(await activePurposes()), 'no-such-purpose'].map(noticeText) },
    }),
  },
  {
    rule: 'publishNotice naming a retired purpose is BAD_USER_INPUT',
    query: PUBLISH,
    code: 'BAD_USER_INPUT',
    variables: async () => ({
      i: { summary: 'Retired one', purposes: [...(await activePurposes()), 'err-retired'].map(noticeText) },
    }),
  },
  {
    rule: 'publishNotice listing a purpose twice is BAD_USER_INPUT',
    query: PUBLISH,
    code: 'BAD_USER_INPUT',
    variables: async () => ({
      i: { summary: 'Twice', purposes: [...(await activePurposes()), 'analytics'].map(noticeText) },
    }),
  },
  {
    rule: 'publishNotice effective in the past is BAD_USER_INPUT',
    query: PUBLISH,
    code: 'BAD_USER_INPUT',
    variables: async () => ({
      i: { summary: 'Back-dated', effectiveAt: inSeconds(-3600), purposes: (await activePurposes()).map(noticeText) },
    }),
  },
  {
    rule: 'createApiKey for role SUBJECT is BAD_USER_INPUT',
    query: 'mutation { createApiKey(role: SUBJECT, name: "nope") { id } }',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'createApiKey with an empty name is BAD_USER_INPUT',
    query: 'mutation { createApiKey(role: SERVICE, name: "") { id } }',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'revokeApiKey of an unknown key is NOT_FOUND',
    query: 'mutation { revokeApiKey(id: "no-such-key") { id } }',
    code: 'NOT_FOUND',
  },
  {
    rule: 'retirePurpose of an unknown purpose is NOT_FOUND',
    query: 'mutation { retirePurpose(key: "no-such-purpose") { key } }',
    code: 'NOT_FOUND',
  },
  {
    rule: 'issueSubjectToken with ttlSeconds 0 is BAD_USER_INPUT',
    query: 'mutation { issueSubjectToken(subjectId: "a", ttlSeconds: 0) { token } }',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'issueSubjectToken with ttlSeconds over a day is BAD_USER_INPUT',
    query: 'mutation { issueSubjectToken(subjectId: "a", ttlSeconds: 86401) { token } }',
    code: 'BAD_USER_INPUT',
  },
];

/** Requests GraphQL refuses before any resolver runs: HTTP 400, no data at all. */
const REQUEST_ERRORS: Case[] = [
  {
    rule: 'an invalid DateTime variable is BAD_USER_INPUT',
    query: 'query($at: DateTime) { decide(subjectId: "a", purposeKey: "analytics", at: $at) { allowed } }',
    variables: () => ({ at: 'yesterday' }),
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'a DateTime without a time zone is BAD_USER_INPUT',
    query: 'query($at: DateTime) { decide(subjectId: "a", purposeKey: "analytics", at: $at) { allowed } }',
    variables: () => ({ at: '2026-01-01T10:00:00' }),
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'an invalid occurredAt inside ConsentInput is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ occurredAt: 'not-a-date' }),
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'an unknown Channel value is BAD_USER_INPUT',
    query: GRANT,
    variables: () => onBehalf({ channel: 'FAX' }),
    code: 'BAD_USER_INPUT',
  },
  {
    // Bad input as the same value sent as a variable is (#18, probe 6), though GraphQL finds it while validating.
    rule: 'an invalid DateTime literal is BAD_USER_INPUT',
    query: '{ decide(subjectId: "a", purposeKey: "analytics", at: "2026-01-01") { allowed } }',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'an unknown field is GRAPHQL_VALIDATION_FAILED',
    query: '{ purposes { key secretField } }',
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  { rule: 'a GraphQL syntax error is GRAPHQL_PARSE_FAILED', query: '{ purposes { key ', code: 'GRAPHQL_PARSE_FAILED' },
  {
    rule: 'a document of more than 30000 tokens is GRAPHQL_PARSE_FAILED',
    query: `{ ${'__typename '.repeat(30_001)} }`,
    code: 'GRAPHQL_PARSE_FAILED',
  },
];

beforeAll(async () => {
  s = await startTestServer();
  tokens.ADMIN = await apiKey(s, 'ADMIN');
  tokens.SERVICE = await apiKey(s, 'SERVICE');
  tokens.SUPPORT = await apiKey(s, 'SUPPORT');
  tokens.SUBJECT = await subjectToken(s, 'err-subj');
  for (const key of ['err-not-in-notice', 'err-retired']) {
    const r = await gql(
      'mutation($k: ID!) { definePurpose(input: { key: $k, title: "T", description: "D", legalBasis: CONSENT }) { key } }',
      { k: key },
    );
    expect(r.body.errors).toBeUndefined();
  }
  expect((await gql('mutation { retirePurpose(key: "err-retired") { active } }')).body.data).toEqual({
    retirePurpose: { active: false },
  });
  // err-not-in-notice is active, so notices must list it; publish v2 with it so the ledger has a notice for it.
  expect(
    (
      await gql(PUBLISH, {
        i: { summary: 'With err-not-in-notice', purposes: (await activePurposes()).map(noticeText) },
      })
    ).body.data,
  ).toEqual({ publishNotice: { version: 2 } });
  // A record to exist, so a leak of any of it would show.
  expect((await gql(GRANT, onBehalf(), tokens.SERVICE)).body.errors).toBeUndefined();
});
afterAll(async () => s?.close());

describe(`bad input is refused with a code and writes nothing (${suiteKind})`, () => {
  for (const c of RESOLVER_ERRORS) {
    it(c.rule, async () => {
      const before = await counts(s);
      const r = await gql(c.query, await c.variables?.(), c.as ? tokens[c.as] : ADMIN_TOKEN);
      expect(r.status).toBe(200);
      expect(r.body.errors?.map((e) => e.extensions?.code)).toEqual([c.code]);
      expect(r.body.data).toBeNull();
      expect(r.body.errors![0]!.message.length).toBeGreaterThan(0);
      expectNoInternals(r);
      expect(await counts(s)).toEqual(before);
    });
  }

  for (const c of REQUEST_ERRORS) {
    it(`${c.rule} (HTTP 400)`, async () => {
      const before = await counts(s);
      const r = await gql(c.query, await c.variables?.(), c.as ? tokens[c.as] : ADMIN_TOKEN);
      expect(r.status).toBe(400);
      expect(r.body.errors?.map((e) => e.extensions?.code)).toEqual([c.code]);
      expect(r.body).not.toHaveProperty('data');
      expectNoInternals(r);
      expect(await counts(s)).toEqual(before);
    });
  }

  it('a refusal that names one field says so in extensions.issues, as the schema checks do', async () => {
    const r = await gql(GRANT, onBehalf({ evidence: undefined }), tokens.SERVICE);
    expect(r.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [{ path: 'evidence', message: expect.stringMatching(/evidence/) }],
    });
  });

  it('the limits are where they say: 30 s ahead, 16 KB of evidence and 1000 requests are accepted', async () => {
    const a = await gql(GRANT, onBehalf({ occurredAt: inSeconds(30) }), tokens.SERVICE);
    expect(a.body.errors).toBeUndefined();
    const evidence = { scan: 'x'.repeat(16_384 - JSON.stringify({ scan: '' }).length) };
    expect(Buffer.byteLength(JSON.stringify(evidence))).toBe(16_384);
    const b = await gql(GRANT, onBehalf({ evidence }), tokens.SERVICE);
    expect(b.body.errors).toBeUndefined();
    const c = await gql(
      'query($r: [DecideInput!]!) { decideMany(requests: $r) { allowed } }',
      { r: Array.from({ length: 1000 }, (_, i) => ({ subjectId: `s-${i}`, purposeKey: 'analytics' })) },
      tokens.SERVICE,
    );
    expect((c.body.data as { decideMany: unknown[] }).decideMany).toHaveLength(1000);
  });
});

describe(`requests that are not GraphQL (${suiteKind})`, () => {
  it('a malformed JSON body is HTTP 400 BAD_REQUEST and writes nothing', async () => {
    const before = await counts(s);
    const r = await post('{"query": "mutation { grantConsent(input: {}) { id } }", ');
    expect(r.status).toBe(400);
    expect(r.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_REQUEST']);
    expectNoInternals(r);
    expect(await counts(s)).toEqual(before);
  });

  it('a JSON body that is not an object or an array is HTTP 400 BAD_REQUEST', async () => {
    for (const body of ['"{ health { ok } }"', '42', 'null']) {
      const r = await post(body);
      expect(r.status).toBe(400);
      expect(r.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_REQUEST']);
    }
  });

  it('both HTTP paths answer alike: plain JSON (node:http path), a gzip body and a charset parameter (express path)', async () => {
    const query = JSON.stringify({ query: '{ health { ok } }' });
    const send = async (headers: Record<string, string>, body: string | Uint8Array) => {
      const res = await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
        body,
      });
      return {
        status: res.status,
        cache: res.headers.get('cache-control'),
        type: res.headers.get('content-type'),
        body: (await res.json()) as unknown,
      };
    };
    const plain = await send({ 'content-type': 'application/json' }, query);
    expect(plain).toEqual({
      status: 200,
      cache: 'no-store',
      type: 'application/json; charset=utf-8',
      body: { data: { health: { ok: true } } },
    });
    expect(await send({ 'content-type': 'application/json; charset=utf-8' }, query)).toEqual(plain);
    expect(await send({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(query))).toEqual(
      plain,
    );
    // Not JSON: Apollo's CSRF prevention refuses it on the express path, as before.
    const text = await send({ 'content-type': 'text/plain' }, query);
    expect(text.status).toBe(400);
  });

  it('a streamed body over 1 MB without a Content-Length is HTTP 413 too', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent === 0) c.enqueue(new TextEncoder().encode('{"query": "{ health { ok } }", "pad": "'));
        if (sent++ < 20) c.enqueue(chunk);
        else {
          c.enqueue(new TextEncoder().encode('"}'));
          c.close();
        }
      },
    });
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'BAD_REQUEST',
    );
  });

  it('a body over 1 MB is HTTP 413 and writes nothing; a body just under 1 MB is served', async () => {
    const before = await counts(s);
    const big = await post(
      JSON.stringify({ query: GRANT, variables: { ...onBehalf(), pad: 'x'.repeat(1_100_000) } }),
      tokens.SERVICE,
    );
    expect(big.status).toBe(413);
    expect(big.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_REQUEST']);
    expect(await counts(s)).toEqual(before);
    const body = JSON.stringify({ query: '{ purposes { key } }', variables: { pad: 'x'.repeat(1_000_000 - 80) } });
    expect(body.length).toBeLessThan(1_000_000);
    const fits = await post(body);
    expect(fits.status).toBe(200);
    expect(fits.body.errors).toBeUndefined();
  });

  const deepOfType = () => {
    let q = 'name';
    for (let i = 0; i < 30; i++) q = `ofType { ${q} }`;
    return `{ __type(name: "Query") { ${q} } }`;
  };
  const deepFragments = () => {
    let f = 'fragment F0 on __Type { name }\n';
    for (let i = 1; i < 30; i++) f += `fragment F${i} on __Type { ofType { ...F${i - 1} } }\n`;
    return `{ __type(name: "Query") { ...F29 } }\n${f}`;
  };
  const deepSchema = () => {
    let q = 'name';
    for (let i = 0; i < 15; i++) q = `fields { type { ${q} } }`;
    return `{ __schema { types { ${q} } } }`;
  };
  const manyAliases = () => `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: purposes { key }`).join(' ')} }`;
  for (const [what, query] of [
    ['30 levels of __type ofType', deepOfType],
    ['30 levels through fragments', deepFragments],
    ['15 levels of __schema fields/type', deepSchema],
    ['40 aliases', manyAliases],
  ] as const) {
    it(`a query with ${what} is refused with GRAPHQL_VALIDATION_FAILED and no stack trace`, async () => {
      const r = await gql(query(), undefined, null);
      expect(r.status).toBe(400);
      expect(r.body).not.toHaveProperty('data');
      expect(r.body.errors!.length).toBeGreaterThan(0);
      expect(new Set(r.body.errors!.map((e) => e.extensions?.code))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
      expectNoInternals(r);
    });
  }

  it('an unexpected failure is INTERNAL_SERVER_ERROR with a generic message: no stack trace, no cause', async () => {
    const spy = vi
      .spyOn(s.app.core.repos.ledger, 'findState')
      .mockRejectedValue(new Error('connect ECONNREFUSED db-internal-host:5432 (password=hunter2)'));
    try {
      const r = await gql('{ decide(subjectId: "err-subj", purposeKey: "analytics") { allowed } }', {}, tokens.SERVICE);
      // A document's first execution runs on graphql-js (graphql/executor.ts compiles on the second).
      expect(spy).toHaveBeenCalledTimes(1);
      expect(r.status).toBe(200);
      expect(r.body.data).toBeNull();
      expect(r.body.errors).toEqual([
        {
          message: 'Unexpected error.',
          locations: [{ line: 1, column: 3 }],
          path: ['decide'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ]);
      expect(r.text).not.toMatch(/ECONNREFUSED|db-internal-host|hunter2/);
      expectNoInternals(r);
    } finally {
      spy.mockRestore();
    }
  });
});
