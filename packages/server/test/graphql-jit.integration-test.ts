import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../src/env.ts';
import { startApp, type App } from '../src/http/server.ts';
import { createLogger } from '../src/logger.ts';
import { ADMIN_TOKEN, apiKey, startTestServer, subjectToken, suiteKind, type TestServer } from './harness.ts';

// decide and decideMany run as graphql-jit functions by default (ASSENT_GRAPHQL_JIT): the same
// requests, against a second server on the same database with the JIT off, answer byte for byte alike.

let jit: TestServer;
let plain: App;
const tokens = {} as Record<'SERVICE' | 'SUPPORT' | 'SUBJECT', string>;
const AT = '2030-01-01T00:00:00.000Z';

async function post(url: string, body: unknown, token: string | null) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

const GRANT = 'mutation($i: ConsentInput!) { grantConsent(input: $i) { id } }';
const WITHDRAW = 'mutation($i: ConsentInput!) { withdrawConsent(input: $i) { id } }';
const input = (subjectId: string, purposeKey: string) => ({
  i: { subjectId, purposeKey, channel: 'API', method: 'jit-test', evidence: { ticket: 'JIT-1' } },
});
const RECORD =
  'record { id subjectId purposeKey action channel method noticeVersion { id version } actor { kind id } evidence recordedAt hash previousHash }';

beforeAll(async () => {
  jit = await startTestServer();
  plain = await startApp(
    parseEnv({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: jit.app.core.env.DATABASE_URL,
      ASSENT_ADMIN_TOKEN: ADMIN_TOKEN,
      ASSENT_SEED: 'none',
      LOG_LEVEL: 'silent',
      ASSENT_GRAPHQL_JIT: 'off',
      ASSENT_DISPATCHER: 'off',
      ASSENT_WARM_PROJECTION: 'off',
    }),
    { logger: createLogger('silent') },
  );
  tokens.SERVICE = await apiKey(jit, 'SERVICE');
  tokens.SUPPORT = await apiKey(jit, 'SUPPORT');
  tokens.SUBJECT = await subjectToken(jit, 'jit-a');
  for (const [q, s, p] of [
    [GRANT, 'jit-a', 'analytics'],
    [GRANT, 'jit-a', 'marketing-email'],
    [WITHDRAW, 'jit-a', 'marketing-email'],
    [GRANT, 'jit-b', 'research'],
    [WITHDRAW, 'jit-c', 'analytics'],
  ] as const) {
    const r = await jit.gql(q, input(s, p), tokens.SERVICE);
    expect(r.errors).toBeUndefined();
  }
});
afterAll(async () => {
  await plain?.close();
  await jit?.close();
});

const requests = ['jit-a', 'jit-b', 'jit-c', 'nobody'].flatMap((subjectId) =>
  ['essential-service', 'analytics', 'marketing-email', 'research', 'tax-records', 'fraud-prevention'].map(
    (purposeKey) => ({ subjectId, purposeKey }),
  ),
);

const CASES: { name: string; as: keyof typeof tokens | 'ADMIN' | null; body: Record<string, unknown> }[] = [
  {
    name: 'decide, every field and the record behind it',
    as: 'SERVICE',
    body: {
      query: `query($s: ID!, $p: ID!, $at: DateTime) { decide(subjectId: $s, purposeKey: $p, at: $at) { subjectId purposeKey allowed legalBasis reason at ${RECORD} } }`,
      variables: { s: 'jit-a', p: 'analytics', at: AT },
    },
  },
  {
    name: 'decide on a withdrawn purpose, literals, __typename',
    as: 'SERVICE',
    body: {
      query: `{ decide(subjectId: "jit-a", purposeKey: "marketing-email", at: "${AT}") { __typename allowed reason record { action } } }`,
    },
  },
  {
    name: 'decideMany over subjects with and without records, every legal basis',
    as: 'SERVICE',
    body: {
      query: `query($r: [DecideInput!]!) { decideMany(requests: $r, at: "${AT}") { subjectId purposeKey allowed legalBasis reason at record { id action recordedAt } } }`,
      variables: { r: requests },
    },
  },
  {
    name: 'aliases, two root fields, @skip and @include',
    as: 'SERVICE',
    body: {
      query: `query($r: [DecideInput!]!, $yes: Boolean!) { one: decide(subjectId: "jit-b", purposeKey: "research", at: "${AT}") { allowed reason @include(if: $yes) } many: decideMany(requests: $r, at: "${AT}") { allowed record @skip(if: $yes) { id } } }`,
      variables: { r: requests.slice(0, 5), yes: true },
    },
  },
  {
    name: 'fragments and an inline fragment inside the decision, a variable default',
    as: 'SERVICE',
    body: {
      query: `query($p: ID! = "analytics") { decide(subjectId: "jit-a", purposeKey: $p, at: "${AT}") { ...D ... on Decision { record { ...R } } } } fragment D on Decision { allowed reason } fragment R on ConsentRecord { action noticeVersion { version } }`,
    },
  },
  {
    name: 'the operation named',
    as: 'SERVICE',
    body: {
      query: `query Health { health { ok } } query One { decide(subjectId: "jit-a", purposeKey: "analytics", at: "${AT}") { allowed } }`,
      operationName: 'One',
    },
  },
  {
    name: 'a subject deciding for itself',
    as: 'SUBJECT',
    body: { query: `{ decide(subjectId: "jit-a", purposeKey: "analytics", at: "${AT}") { allowed reason } }` },
  },
  {
    name: 'SUPPORT asking decideMany (staff may)',
    as: 'SUPPORT',
    body: {
      query: `query($r: [DecideInput!]!) { decideMany(requests: $r, at: "${AT}") { allowed } }`,
      variables: { r: requests.slice(0, 3) },
    },
  },
  {
    name: 'a subject deciding for another subject',
    as: 'SUBJECT',
    body: { query: `{ decide(subjectId: "jit-b", purposeKey: "research", at: "${AT}") { allowed } }` },
  },
  {
    name: 'no credentials',
    as: null,
    body: { query: `{ decide(subjectId: "jit-a", purposeKey: "analytics") { allowed } }` },
  },
  {
    name: 'an unknown purpose in decideMany',
    as: 'SERVICE',
    body: {
      query: 'query($r: [DecideInput!]!) { decideMany(requests: $r) { allowed } }',
      variables: { r: [...requests.slice(0, 3), { subjectId: 'jit-a', purposeKey: 'no-such-purpose' }] },
    },
  },
  {
    name: '1,001 requests',
    as: 'SERVICE',
    body: {
      query: 'query($r: [DecideInput!]!) { decideMany(requests: $r) { allowed } }',
      variables: { r: Array.from({ length: 1001 }, (_, i) => ({ subjectId: `s-${i}`, purposeKey: 'analytics' })) },
    },
  },
  {
    name: 'a request missing its purposeKey',
    as: 'SERVICE',
    body: {
      query: 'query($r: [DecideInput!]!) { decideMany(requests: $r) { allowed } }',
      variables: { r: [{ subjectId: 'jit-a' }] },
    },
  },
  {
    name: 'a number where an ID belongs',
    as: 'SERVICE',
    body: {
      query: 'query($r: [DecideInput!]!) { decideMany(requests: $r) { allowed } }',
      variables: { r: [{ subjectId: 1.5, purposeKey: 'analytics' }] },
    },
  },
  {
    name: 'a DateTime without a time zone',
    as: 'SERVICE',
    body: {
      query: 'query($at: DateTime) { decide(subjectId: "jit-a", purposeKey: "analytics", at: $at) { allowed } }',
      variables: { at: '2026-01-01T10:00:00' },
    },
  },
  {
    name: 'a required variable left out',
    as: 'SERVICE',
    body: { query: 'query($s: ID!) { decide(subjectId: $s, purposeKey: "analytics") { allowed } }', variables: {} },
  },
];

describe(`decide and decideMany compiled by graphql-jit answer as graphql-js does (${suiteKind})`, () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const token = c.as === null ? null : c.as === 'ADMIN' ? ADMIN_TOKEN : tokens[c.as];
      // The JIT compiles an operation on its second execution: ask twice.
      const [once, a, b] = [
        await post(jit.url, c.body, token),
        await post(jit.url, c.body, token),
        await post(plain.url, c.body, token),
      ];
      expect(once).toEqual(b);
      expect(a).toEqual(b);
      // The clean cases come first; from 'a subject deciding for another subject' on, each is refused.
      const clean = CASES.indexOf(c) < CASES.findIndex((x) => x.name === 'a subject deciding for another subject');
      expect(JSON.parse(a.text)).toHaveProperty(clean ? 'data' : 'errors');
      if (clean) expect(a.text).not.toContain('"errors"');
    });
  }

  it('answered the successful ones with compiled functions', () => {
    // The answers above prove something only if the JIT was really used: the server with the JIT on ran
    // the clean cases compiled the second time and the rest twice then, the one without it never compiled.
    expect(jit.app.graphqlStats().compiled).toBeGreaterThanOrEqual(6);
    expect(jit.app.graphqlStats().reran).toBeGreaterThanOrEqual(8);
    expect(plain.graphqlStats()).toMatchObject({ compiled: 0, reran: 0 });
  });
});
