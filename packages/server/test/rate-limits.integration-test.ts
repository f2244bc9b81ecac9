import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, apiKey, counts, startTestServer, subjectToken, suiteKind, type TestServer } from './harness.ts';

// Request budgets per caller (the contract's header, "Rate limits", 1.1): API keys and the admin token per key (a
// SERVICE's decide/decideMany from the largest budget), subject and visitor tokens per subject, no token per IP, and
// failed authentications per IP with a much smaller budget. Over budget: HTTP 429, Retry-After, one RATE_LIMITED error
// with extensions.retryAfterSeconds, no data, nothing written.

const BUDGETS = {
  ASSENT_RATE_LIMIT_DECISIONS: '6',
  ASSENT_RATE_LIMIT_API_KEY: '12',
  ASSENT_RATE_LIMIT_SUBJECT: '3',
  ASSENT_RATE_LIMIT_ANONYMOUS: '3',
  ASSENT_RATE_LIMIT_FAILED_AUTH: '2',
};
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Reply {
  status: number;
  retryAfter: string | null;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function call(
  url: string,
  query: string,
  variables: Record<string, unknown> | undefined,
  token: string | null,
  method: 'POST' | 'GET' = 'POST',
): Promise<Reply> {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res =
    method === 'POST'
      ? await fetch(`${url}/graphql`, {
          method,
          headers: { 'content-type': 'application/json', ...auth },
          body: JSON.stringify({ query, variables }),
        })
      : await fetch(`${url}/graphql?query=${encodeURIComponent(query)}`, {
          headers: { 'apollo-require-preflight': '1', ...auth },
        });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Reply['body'] };
}

function expectLimited(r: Reply) {
  expect(r.status, JSON.stringify(r.body)).toBe(429);
  expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(r.retryAfter)).toBeLessThanOrEqual(60);
  expect(r.body.data ?? null).toBeNull();
  expect(r.body.errors).toHaveLength(1);
  expect(r.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  expect(r.body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(Number(r.retryAfter));
}

const DECIDE = '{ decide(subjectId: "rl-subject", purposeKey: "analytics") { allowed } }';
const PURPOSES = '{ purposes { key } }';
const GRANT = 'mutation($i: ConsentInput!) { grantConsent(input: $i) { id } }';
const grant = (subjectId: string) => ({
  i: { subjectId, purposeKey: 'analytics', channel: 'API', method: 'rl-test', evidence: { ticket: 'RL-1' } },
});

describe(`request budgets per caller, in memory (${suiteKind})`, () => {
  let s: TestServer;
  let setup: TestServer;
  beforeAll(async () => {
    s = await startTestServer(BUDGETS);
    setup = s;
  });
  afterAll(async () => s?.close());

  it('an API key spends its budget per key; over it a write is HTTP 429 RATE_LIMITED and writes nothing', async () => {
    const key = await apiKey(setup, 'ADMIN'); // created by the admin token, which has a budget of its own
    for (let i = 0; i < 11; i++) expect((await call(s.url, PURPOSES, undefined, key)).status).toBe(200);
    expect((await call(s.url, GRANT, grant('rl-api'), key)).body.errors).toBeUndefined();
    const before = await counts(s);
    expectLimited(await call(s.url, GRANT, grant('rl-api'), key));
    expect(await counts(s)).toEqual(before);
    // Another key has a budget of its own.
    const other = await apiKey(setup, 'SUPPORT');
    expect((await call(s.url, PURPOSES, undefined, other)).status).toBe(200);
  });

  it("a SERVICE key's decide and decideMany come from the largest budget, apart from its other calls", async () => {
    const key = await apiKey(setup, 'SERVICE');
    for (let i = 0; i < 12; i++) expect((await call(s.url, PURPOSES, undefined, key)).status).toBe(200);
    expectLimited(await call(s.url, PURPOSES, undefined, key));
    // Decisions still flow: 6 per window, on the fast path (JSON POST) and on the express path (GET) alike.
    for (let i = 0; i < 5; i++) expect((await call(s.url, DECIDE, undefined, key)).status).toBe(200);
    expect((await call(s.url, DECIDE, undefined, key, 'GET')).status).toBe(200);
    expectLimited(await call(s.url, DECIDE, undefined, key));
    expectLimited(await call(s.url, DECIDE, undefined, key, 'GET'));
  });

  it('a subject token spends a budget per subject: two tokens of one subject share it', async () => {
    const a = await subjectToken(setup, 'rl-person');
    const b = await subjectToken(setup, 'rl-person');
    const me = '{ me { subjectId } }';
    expect((await call(s.url, me, undefined, a)).status).toBe(200);
    expect((await call(s.url, me, undefined, b)).status).toBe(200);
    expect((await call(s.url, me, undefined, a)).status).toBe(200);
    const before = await counts(s);
    expectLimited(
      await call(
        s.url,
        'mutation { grantConsent(input: { purposeKey: "analytics", channel: WEB, method: "toggle" }) { id } }',
        undefined,
        b,
      ),
    );
    expect(await counts(s)).toEqual(before);
    expect((await call(s.url, me, undefined, await subjectToken(setup, 'rl-someone-else'))).status).toBe(200);
  });

  it('without a token the budget is per client IP', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await call(s.url, PURPOSES, undefined, null);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    expectLimited(await call(s.url, PURPOSES, undefined, null));
    // A caller with a token from the same IP is not held back by it.
    expect((await call(s.url, DECIDE, undefined, ADMIN_TOKEN)).status).toBe(200);
  });
});

describe(`failed authentications (${suiteKind})`, () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(BUDGETS);
  });
  afterAll(async () => s?.close());

  it('count against the IP with a small budget: UNAUTHENTICATED, then HTTP 429 RATE_LIMITED', async () => {
    for (const token of ['assent_sk_guess-1', 'not-a-token']) {
      const r = await call(s.url, DECIDE, undefined, token);
      expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expectLimited(await call(s.url, PURPOSES, undefined, 'assent_sk_guess-3'));
    expectLimited(await call(s.url, DECIDE, undefined, 'assent_sk_guess-4'));
    // A valid token is not a failed authentication.
    expect((await call(s.url, DECIDE, undefined, ADMIN_TOKEN)).status).toBe(200);
  });
});

describe(`ASSENT_RATE_LIMITS=off (${suiteKind})`, () => {
  it('lifts the per-caller budgets', async () => {
    const s = await startTestServer({ ...BUDGETS, ASSENT_RATE_LIMITS: 'off' });
    try {
      for (let i = 0; i < 8; i++) expect((await call(s.url, PURPOSES, undefined, null)).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe(`budgets shared through Redis by two instances (${suiteKind})`, () => {
  let one: TestServer;
  let two: TestServer;
  beforeAll(async () => {
    one = await startTestServer({ ...BUDGETS, REDIS_URL });
    two = await startTestServer({ ...BUDGETS, REDIS_URL });
    expect(await one.app.core.rateLimit.ready()).toBe(true);
    expect(await two.app.core.rateLimit.ready()).toBe(true);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
  });

  it('a subject spends one budget across both instances', async () => {
    // A subject id of its own: the budget lives in the shared Redis, beyond this test's databases.
    const subject = `rl-redis-${randomUUID()}`;
    const onOne = await subjectToken(one, subject);
    const onTwo = await subjectToken(two, subject);
    const me = '{ me { subjectId } }';
    expect((await call(one.url, me, undefined, onOne)).status).toBe(200);
    expect((await call(two.url, me, undefined, onTwo)).status).toBe(200);
    expect((await call(one.url, me, undefined, onOne)).status).toBe(200);
    expectLimited(await call(two.url, me, undefined, onTwo));
    expectLimited(await call(one.url, me, undefined, onOne));
  });

  it('an API key is limited per key in Redis too', async () => {
    const key = await apiKey(one, 'SERVICE'); // a fresh key id: its own budget in Redis
    for (let i = 0; i < 12; i++) expect((await call(one.url, PURPOSES, undefined, key)).status).toBe(200);
    expectLimited(await call(one.url, PURPOSES, undefined, key));
  });
});
