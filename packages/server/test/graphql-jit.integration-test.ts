import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../src/env.ts';
import { startApp, type App } from '../src/http/server.ts';
import { createLogger } from '../src/logger.ts';
import { WARM_UP_DOCUMENT } from '../src/http/warm-up.ts';
import { ADMIN_TOKEN, apiKey, startTestServer, subjectToken, suiteKind, type TestServer } from './harness.ts';

// decide and decideMany run as graphql-jit functions by default (ASSENT_GRAPHQL_JIT), and a decision document
// already run compiled is answered by the decide fast path (ASSENT_DECIDE_FAST_PATH, http/decide-fast-path.ts):
// the same requests, against a second server on the same database with both off, answer alike: the same status,
// the same headers, the same body byte for byte.

let jit: TestServer;
let plain: App;
let statsAtStart: ReturnType<App['graphqlStats']>;
type Caller = 'SERVICE' | 'SUPPORT' | 'SUBJECT' | 'TEACHER' | 'LIMITED' | 'EXPIRED';
const tokens = {} as Record<Caller, string>;
// An instant after every record the suite writes (beforeAll, within seconds of loading) and within the minute of clock
// skew decide(at:) allows ahead of now, so decisions at it read the records behind each answer.
const AT = new Date(Date.now() + 50_000).toISOString();
/** The decide budget of a SERVICE key per minute on both servers: LIMITED spends it all. */
const DECISIONS_BUDGET = 150;

/** Everything an answer shows a client but its Date header. */
async function post(
  url: string,
  body: unknown,
  token: string | null,
  opts: { headers?: Record<string, string>; get?: boolean } = {},
) {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res = opts.get
    ? await fetch(`${url}/graphql?${new URLSearchParams(body as Record<string, string>)}`, {
        headers: { 'apollo-require-preflight': 'true', ...auth, ...opts.headers },
      })
    : await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth, ...opts.headers },
        body: JSON.stringify(body),
      });
  const headers = [...res.headers].filter(([k]) => k !== 'date' && k !== 'keep-alive');
  return { status: res.status, headers, text: await res.text() };
}

const GRANT = 'mutation($i: ConsentInput!) { grantConsent(input: $i) { id } }';
const WITHDRAW = 'mutation($i: ConsentInput!) { withdrawConsent(input: $i) { id } }';
const input = (subjectId: string, purposeKey: string) => ({
  i: { subjectId, purposeKey, channel: 'API', method: 'jit-test', evidence: { ticket: 'JIT-1' } },
});
const RECORD =
  'record { id subjectId purposeKey action channel method noticeVersion { id version } actor { kind id } evidence recordedAt hash previousHash }';

beforeAll(async () => {
  const budgets = { ASSENT_RATE_LIMIT_DECISIONS: String(DECISIONS_BUDGET) };
  // The warm-up runs on this one (the harness turns it off elsewhere): nothing it did may show below.
  jit = await startTestServer({ ...budgets, ASSENT_WARMUP: 'on' });
  statsAtStart = jit.app.graphqlStats();
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
      ASSENT_DECIDE_FAST_PATH: 'off',
      ...budgets,
      ASSENT_DISPATCHER: 'off',
      ASSENT_WARM_PROJECTION: 'off',
    }),
    { logger: createLogger('silent') },
  );
  tokens.SERVICE = await apiKey(jit, 'SERVICE');
  tokens.SUPPORT = await apiKey(jit, 'SUPPORT');
  tokens.SUBJECT = await subjectToken(jit, 'jit-a');
  tokens.EXPIRED = await subjectToken(jit, 'jit-a', 1);
  tokens.TEACHER = await apiKey(jit, 'SERVICE', 'teacher');
  tokens.LIMITED = await apiKey(jit, 'SERVICE', 'limited');
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

const CASES: { name: string; as: Caller | 'ADMIN' | null; body: Record<string, unknown> }[] = [
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
      // The JIT compiles an operation on its second execution, the fast path answers from the third: ask thrice.
      const [once, twice, a, b] = [
        await post(jit.url, c.body, token),
        await post(jit.url, c.body, token),
        await post(jit.url, c.body, token),
        await post(plain.url, c.body, token),
      ];
      expect(once).toEqual(b);
      expect(twice).toEqual(b);
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

// A decision document the jit server has already run compiled (taught with another key before each case), then
// every way a request with it can differ from a clean one: the fast path answers the clean ones and hands the
// rest to Apollo, and either way the answer is the one the server without either gives.
const DECIDE_DOC =
  'query Decide($s: ID!, $p: ID!, $at: DateTime) { decide(subjectId: $s, purposeKey: $p, at: $at) { subjectId purposeKey allowed legalBasis reason at record { id action noticeVersion { version } } } }';
const MANY_DOC =
  'query Many($r: [DecideInput!]!, $at: DateTime) { decideMany(requests: $r, at: $at) { subjectId purposeKey allowed reason at record { id } } }';
const decideVars = (s: string, p: string) => ({ s, p, at: AT });
const many = (n: number) => Array.from({ length: n }, (_, i) => requests[i % requests.length]!);
const TEACH = [
  { query: DECIDE_DOC, variables: decideVars('jit-a', 'analytics') },
  { query: MANY_DOC, variables: { r: many(3), at: AT } },
];

const LEAN_CASES: {
  name: string;
  as: Caller | 'UNKNOWN' | null;
  body: unknown;
  headers?: Record<string, string>;
  get?: boolean;
  /** Which path the server with the fast path answers it on. */
  path: 'fast' | 'apollo';
}[] = [
  { name: 'a known decide document', as: 'SERVICE', body: TEACH[0], path: 'fast' },
  {
    name: 'its operation named',
    as: 'SERVICE',
    body: { ...TEACH[0], operationName: 'Decide', variables: decideVars('jit-a', 'marketing-email') },
    path: 'fast',
  },
  {
    name: 'operationName null',
    as: 'SERVICE',
    body: { ...TEACH[0], operationName: null, variables: decideVars('jit-c', 'analytics') },
    path: 'fast',
  },
  {
    name: 'a known decideMany document, 1,000 requests',
    as: 'SERVICE',
    body: { query: MANY_DOC, variables: { r: many(1000), at: AT } },
    path: 'fast',
  },
  { name: 'a SUPPORT key', as: 'SUPPORT', body: TEACH[1], path: 'fast' },
  { name: 'X-Request-Id sent', as: 'SERVICE', body: TEACH[0], headers: { 'x-request-id': 'abc-123' }, path: 'fast' },
  {
    name: 'Accept: application/json',
    as: 'SERVICE',
    body: TEACH[0],
    headers: { accept: 'application/json' },
    path: 'fast',
  },
  {
    name: 'an unknown purpose',
    as: 'SERVICE',
    body: { query: DECIDE_DOC, variables: decideVars('jit-a', 'no-such-purpose') },
    path: 'apollo',
  },
  {
    name: 'a DateTime without a time zone',
    as: 'SERVICE',
    body: { query: DECIDE_DOC, variables: { s: 'jit-a', p: 'analytics', at: '2026-01-01T10:00:00' } },
    path: 'apollo',
  },
  {
    name: 'a number where an ID belongs',
    as: 'SERVICE',
    body: { query: MANY_DOC, variables: { r: [{ subjectId: 1.5, purposeKey: 'analytics' }] } },
    path: 'apollo',
  },
  {
    name: 'a required variable left out',
    as: 'SERVICE',
    body: { query: DECIDE_DOC, variables: { s: 'jit-a' } },
    path: 'apollo',
  },
  { name: 'variables null', as: 'SERVICE', body: { query: DECIDE_DOC, variables: null }, path: 'apollo' },
  { name: 'variables as a string', as: 'SERVICE', body: { query: DECIDE_DOC, variables: '{}' }, path: 'apollo' },
  {
    name: 'NUL in a variable',
    as: 'SERVICE',
    body: { query: DECIDE_DOC, variables: decideVars('jit\u0000a', 'analytics') },
    path: 'apollo',
  },
  {
    name: 'decideMany over its limit',
    as: 'SERVICE',
    body: { query: MANY_DOC, variables: { r: many(1001) } },
    path: 'apollo',
  },
  { name: 'an unknown API key', as: 'UNKNOWN', body: TEACH[0], path: 'apollo' },
  { name: 'an expired subject token', as: 'EXPIRED', body: TEACH[0], path: 'apollo' },
  { name: 'a subject deciding for itself', as: 'SUBJECT', body: TEACH[0], path: 'apollo' },
  {
    name: 'a subject deciding for another subject',
    as: 'SUBJECT',
    body: { query: DECIDE_DOC, variables: decideVars('jit-b', 'research') },
    path: 'apollo',
  },
  { name: 'no credentials', as: null, body: TEACH[0], path: 'apollo' },
  {
    name: 'an operationName the document does not hold',
    as: 'SERVICE',
    body: { ...TEACH[0], operationName: 'Other' },
    path: 'apollo',
  },
  { name: 'extensions', as: 'SERVICE', body: { ...TEACH[0], extensions: {} }, path: 'apollo' },
  {
    name: 'Accept: application/graphql-response+json',
    as: 'SERVICE',
    body: TEACH[0],
    headers: { accept: 'application/graphql-response+json' },
    path: 'apollo',
  },
  { name: 'a batch of two', as: 'SERVICE', body: [TEACH[0], TEACH[0]], path: 'apollo' },
  {
    name: 'GET',
    as: 'SERVICE',
    body: { query: DECIDE_DOC, variables: JSON.stringify(TEACH[0]!.variables) },
    get: true,
    path: 'apollo',
  },
];

describe(`the decide fast path answers as Apollo does (${suiteKind})`, () => {
  it('the warm-up taught its document and left no count behind', async () => {
    expect(statsAtStart).toEqual({ compiled: 0, interpreted: 0, reran: 0, fastPath: 0, handedOver: 0 });
    const before = jit.app.graphqlStats().fastPath;
    const body = { query: WARM_UP_DOCUMENT, variables: { s: 'jit-a', p: 'analytics' } };
    // The first request authenticates the key (Apollo's path) unless it is cached; the second finds it cached.
    await post(jit.url, body, tokens.SERVICE);
    const second = await post(jit.url, body, tokens.SERVICE);
    expect(second.status).toBe(200);
    // No request had sent this document before: only the warm-up can have taught it.
    expect(jit.app.graphqlStats().fastPath - before).toBeGreaterThanOrEqual(1);
  });

  for (const c of LEAN_CASES) {
    it(c.name, async () => {
      for (const t of TEACH) expect((await post(jit.url, t, tokens.TEACHER)).text).not.toContain('"errors"');
      const token = c.as === null ? null : c.as === 'UNKNOWN' ? 'assent_sk_unknown' : tokens[c.as];
      const before = jit.app.graphqlStats().fastPath;
      const opts = { headers: c.headers, get: c.get };
      const [once, twice, thrice] = [
        await post(jit.url, c.body, token, opts),
        await post(jit.url, c.body, token, opts),
        await post(jit.url, c.body, token, opts),
      ];
      const expected = await post(plain.url, c.body, token, opts);
      expect(once).toEqual(expected);
      expect(twice).toEqual(expected);
      expect(thrice).toEqual(expected);
      const served = jit.app.graphqlStats().fastPath - before;
      // The key is cached for a second after Apollo's path authenticates it: on a loaded machine not all three hit.
      if (c.path === 'fast') expect(served).toBeGreaterThanOrEqual(1);
      else expect(served).toBe(0);
    });
  }

  it('counts a request once whichever path answers it, also one the fast path hands over after a field failed', async () => {
    const TWO =
      'query Two($a: ID!, $b: ID!) { a: decide(subjectId: "jit-a", purposeKey: $a) { allowed } b: decide(subjectId: "jit-a", purposeKey: $b) { allowed } }';
    for (let i = 0; i < 2; i++) {
      const taught = await post(jit.url, { query: TWO, variables: { a: 'analytics', b: 'research' } }, tokens.TEACHER);
      expect(taught.text).not.toContain('"errors"');
    }
    const counted = await apiKey(jit, 'SERVICE', 'counted once');
    const failing = { query: TWO, variables: { a: 'analytics', b: 'no-such-purpose' } };
    const clean = { query: TWO, variables: { a: 'analytics', b: 'research' } };
    const before = jit.app.graphqlStats();
    // The first request authenticates the key through Apollo; from then on the fast path runs these, answers the
    // clean ones and hands the failing ones over (field a answered, b NOT_FOUND), and Apollo runs them whole again.
    for (let i = 0; i < 4; i++) expect((await post(jit.url, failing, counted)).text).toContain('NOT_FOUND');
    for (let i = 0; i < 2; i++) expect((await post(jit.url, clean, counted)).text).not.toContain('"errors"');
    const after = jit.app.graphqlStats();
    expect(after.handedOver - before.handedOver).toBeGreaterThanOrEqual(1);
    expect(after.fastPath - before.fastPath).toBeGreaterThanOrEqual(1);
    const r = await jit.gql<{ decisionCounts: { keyName: string | null; calls: number; decisions: number }[] }>(
      'query($since: DateTime!) { decisionCounts(since: $since) { keyName calls decisions } }',
      { since: new Date(Date.now() - 120_000).toISOString() },
    );
    const mine = r.data!.decisionCounts.filter((c) => c.keyName === 'counted once');
    // As Apollo alone counts them: field a of each failing request, both fields of each clean one.
    const total = mine.reduce((t, c) => ({ calls: t.calls + c.calls, decisions: t.decisions + c.decisions }), {
      calls: 0,
      decisions: 0,
    });
    expect(total).toEqual({ calls: 4 + 2 * 2, decisions: 4 + 2 * 2 });
  });

  it('spends the decide budget as Apollo does: the same 429 once it is spent', async () => {
    const body = { query: DECIDE_DOC, variables: decideVars('jit-a', 'analytics') };
    const before = jit.app.graphqlStats().fastPath;
    for (let i = 0; i < DECISIONS_BUDGET; i++) {
      const [a, b] = await Promise.all([post(jit.url, body, tokens.LIMITED), post(plain.url, body, tokens.LIMITED)]);
      expect(a).toEqual(b);
      expect(a.status).toBe(200);
    }
    // Most spent on the fast path (the key is authenticated on Apollo's path again each time its cache entry expires).
    expect(jit.app.graphqlStats().fastPath - before).toBeGreaterThan(DECISIONS_BUDGET / 2);
    const [a, b] = await Promise.all([post(jit.url, body, tokens.LIMITED), post(plain.url, body, tokens.LIMITED)]);
    expect(a.status).toBe(429);
    // The two budgets' windows opened a few milliseconds apart: the seconds to wait may round apart.
    const seconds = (r: typeof a) => ({
      ...r,
      headers: r.headers.map(([k, v]) => [k, k === 'retry-after' ? 'N' : v]),
      text: r.text.replace(/\d+ s(econds)?\b/g, 'N s').replace(/"retryAfterSeconds":\d+/, '"retryAfterSeconds":N'),
    });
    expect(seconds(a)).toEqual(seconds(b));
  });

  // fetch sorts headers by name: these compare what went over the wire, header order and spelling included. The
  // fast path writes its head with one writeHead after the headers cors.ts set (Vary), as Apollo's answer does.
  for (const extra of ['', 'Origin: http://127.0.0.1\r\nX-Request-Id: raw-1\r\n']) {
    it(`writes the same bytes as Apollo, head and body${extra ? ' (with Origin and X-Request-Id)' : ''}`, async () => {
      for (const t of TEACH) expect((await post(jit.url, t, tokens.TEACHER)).text).not.toContain('"errors"');
      const body = JSON.stringify(TEACH[0]);
      const raw = (url: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = net.connect(Number(new URL(url).port), '127.0.0.1');
          let got = '';
          socket.on('data', (d) => {
            got += d.toString('latin1');
            const head = got.indexOf('\r\n\r\n');
            const length = /\r\ncontent-length: (\d+)/i.exec(got)?.[1];
            if (head >= 0 && length !== undefined && got.length >= head + 4 + Number(length)) {
              socket.destroy();
              resolve(got.replace(/\r\nDate: [^\r]*/, '\r\nDate: -'));
            }
          });
          socket.on('error', reject);
          socket.write(
            `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${extra}` +
              `Authorization: Bearer ${tokens.SERVICE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
          );
        });
      const before = jit.app.graphqlStats().fastPath;
      const expected = await raw(plain.url);
      expect(expected).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      for (let i = 0; i < 3; i++) expect(await raw(jit.url)).toBe(expected);
      expect(jit.app.graphqlStats().fastPath - before).toBeGreaterThanOrEqual(1);
    });
  }
});
