import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/env.ts';
import { ADMIN_TOKEN, apiKey, counts, startTestServer, suiteKind, type TestServer } from './harness.ts';

// Regression tests for what an outside probe of the running server found (issue 18): each `it` states the rule
// that the probe showed broken. Every refusal here carries a contract code and writes nothing.

let s: TestServer;
let service: string;
let support: string;

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(
  body: string,
  opts: { token?: string | null; contentType?: string; accept?: string } = {},
): Promise<Reply> {
  const token = opts.token === undefined ? ADMIN_TOKEN : opts.token;
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? 'application/json',
      ...(opts.accept ? { accept: opts.accept } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body,
  });
  const text = await res.text();
  let parsed: Reply['body'] = {};
  try {
    parsed = JSON.parse(text) as Reply['body'];
  } catch {
    /* asserted by the caller */
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}
const gql = (query: string, variables?: Record<string, unknown>, token: string | null = ADMIN_TOKEN) =>
  post(JSON.stringify({ query, variables }), { token });

const consent = (subjectId: string, extra: Record<string, unknown> = {}) => ({
  subjectId,
  purposeKey: 'analytics',
  channel: 'API',
  method: 'probe-test',
  evidence: { ticket: 'P-1' },
  ...extra,
});

/** One refusal: no data, one or more errors, each with the code; nothing written. */
async function expectRefused(reply: Promise<Reply>, status: number, code: string) {
  const before = await counts(s);
  const r = await reply;
  expect(r.status, r.text).toBe(status);
  expect(r.body.errors?.length ?? 0, r.text).toBeGreaterThan(0);
  for (const e of r.body.errors ?? []) expect(e.extensions?.code, r.text).toBe(code);
  expect(r.body.data ?? null).toBeNull();
  expect(r.text).not.toMatch(/Cannot read properties|TypeError|\bat .+\.(ts|js):\d+/);
  expect(await counts(s)).toEqual(before);
  return r;
}

beforeAll(async () => {
  s = await startTestServer();
  service = await apiKey(s, 'SERVICE');
  support = await apiKey(s, 'SUPPORT');
});
afterAll(async () => s?.close());

describe(`outside probe, 1: several mutation fields in one operation (${suiteKind})`, () => {
  it('an operation with two mutation root fields is refused with BAD_USER_INPUT, and neither is written', async () => {
    const r = await expectRefused(
      post(
        JSON.stringify({
          query: `mutation($a: ConsentInput!, $b: ConsentInput!) {
            a: grantConsent(input: $a) { id }
            b: grantConsent(input: $b) { id }
          }`,
          variables: { a: consent('probe-multi'), b: consent('probe-multi', { purposeKey: 'no-such' }) },
        }),
        { token: service },
      ),
      400,
      'BAD_USER_INPUT',
    );
    expect(r.body.errors?.[0]?.message).toMatch(/one mutation field per operation/);
  });

  it('fields reached through fragments count too; __typename does not', async () => {
    await expectRefused(
      post(
        JSON.stringify({
          query: `mutation($a: ConsentInput!) { ...M  b: withdrawConsent(input: $a) { id } }
            fragment M on Mutation { a: grantConsent(input: $a) { id } }`,
          variables: { a: consent('probe-frag') },
        }),
        { token: service },
      ),
      400,
      'BAD_USER_INPUT',
    );
    const ok = await post(
      JSON.stringify({
        query: 'mutation($a: ConsentInput!) { __typename ... on Mutation { grantConsent(input: $a) { id } } }',
        variables: { a: consent('probe-frag') },
      }),
      { token: service },
    );
    expect(ok.body.errors).toBeUndefined();
    expect((ok.body.data as { grantConsent: { id: string } }).grantConsent.id).toBeTruthy();
  });
});

describe(`outside probe, 2: requests that answered HTTP 500 (${suiteKind})`, () => {
  it('a JSON body in a charset other than UTF-8 is HTTP 415 BAD_REQUEST', async () => {
    const r = await expectRefused(
      post(JSON.stringify({ query: '{ purposes { key } }' }), { contentType: 'application/json; charset=latin1' }),
      415,
      'BAD_REQUEST',
    );
    expect(r.body.errors?.[0]?.message).toMatch(/UTF-8/);
    for (const charset of ['utf-16', 'utf-32', 'us-ascii'])
      await expectRefused(
        post(JSON.stringify({ query: '{ purposes { key } }' }), {
          contentType: `application/json; charset=${charset}`,
        }),
        415,
        'BAD_REQUEST',
      );
  });

  it('a body over 1 MB is HTTP 413 whatever media type it claims', async () => {
    const big = JSON.stringify({ query: '{ purposes { key } }', variables: { pad: 'x'.repeat(1_100_000) } });
    for (const contentType of ['application/json', 'text/plain', 'application/x-www-form-urlencoded'])
      await expectRefused(post(big, { contentType }), 413, 'BAD_REQUEST');
  });

  it('two operations and no operationName is HTTP 400 GRAPHQL_VALIDATION_FAILED naming the problem', async () => {
    const r = await expectRefused(
      post(JSON.stringify({ query: 'query A { purposes { key } } query B { purposes { key } }' })),
      400,
      'GRAPHQL_VALIDATION_FAILED',
    );
    expect(r.body.errors?.[0]?.message).toMatch(/operationName/);
  });

  it('an operationName the document does not hold is HTTP 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const r = await expectRefused(
      post(JSON.stringify({ query: 'query A { purposes { key } }', operationName: 'Nope' })),
      400,
      'GRAPHQL_VALIDATION_FAILED',
    );
    expect(r.body.errors?.[0]?.message).toMatch(/Nope/);
  });

  it('the same two requests on the express path (GET) are 400 too', async () => {
    const res = await fetch(
      `${s.url}/graphql?query=${encodeURIComponent('query A { purposes { key } } query B { purposes { key } }')}`,
      { headers: { 'apollo-require-preflight': '1' } },
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as Reply['body'];
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('a subscription sent over HTTP POST is HTTP 400 pointing at graphql-ws', async () => {
    const r = await expectRefused(
      post(JSON.stringify({ query: 'subscription { consentChanged { subjectId } }' })),
      400,
      'BAD_REQUEST',
    );
    expect(r.body.errors?.[0]?.message).toMatch(/graphql-ws/);
  });
});

describe(`outside probe, 3: errors over graphql-ws carry extensions.code (${suiteKind})`, () => {
  it('a SUPPORT key asking for apiKeys over graphql-ws gets FORBIDDEN, as over HTTP', async () => {
    const client = s.ws(support);
    const errors = await new Promise<readonly { message: string; extensions?: Record<string, unknown> }[]>(
      (resolve, reject) => {
        client.subscribe(
          { query: '{ apiKeys { id } }' },
          {
            next: (r) => resolve(r.errors ?? []),
            error: (e) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
            complete: () => resolve([]),
          },
        );
      },
    );
    expect(errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(errors[0]?.extensions?.userMessage).toBeTruthy();
  });

  it('an unexpected failure over graphql-ws is masked as over HTTP', async () => {
    const client = s.ws(ADMIN_TOKEN);
    const result = await new Promise<readonly { message: string; extensions?: Record<string, unknown> }[]>(
      (resolve) => {
        client.subscribe(
          { query: '{ consentReceipt(recordId: "x") { jws } }' },
          { next: (r) => resolve(r.errors ?? []), error: () => resolve([]), complete: () => resolve([]) },
        );
      },
    );
    for (const e of result) expect(typeof e.extensions?.code).toBe('string');
  });
});

describe(`outside probe, 4: webhook URLs that embed the metadata address in IPv6 (${suiteKind})`, () => {
  it.each([
    'http://[::169.254.169.254]/',
    'http://[::a9fe:a9fe]/',
    'http://[64:ff9b::169.254.169.254]/',
    'http://[2002:a9fe:a9fe::]/',
    'http://[2001:0:4136:e378:8000:63bf:5601:5601]/',
    'http://[::ffff:0:a9fe:a9fe]/',
  ])('%s is refused with BAD_USER_INPUT', async (url) => {
    await expectRefused(
      gql('mutation($i: WebhookInput!) { registerWebhook(input: $i) { webhook { id } secret } }', {
        i: { url, purposeKeys: [], eventTypes: ['CONSENT_GRANTED'] },
      }),
      200,
      'BAD_USER_INPUT',
    );
  });
});

describe(`outside probe, 6: impossible dates (${suiteKind})`, () => {
  it.each([
    ['occurredAt', '2026-02-30T00:00:00Z'],
    ['occurredAt', '2025-02-29T10:00:00Z'],
    ['occurredAt', '2026-04-31T00:00:00Z'],
    ['occurredAt', '2026-01-01T24:00:00Z'],
  ])('%s %s is BAD_USER_INPUT, not rolled into the next month', async (_field, when) => {
    await expectRefused(
      gql('mutation($i: ConsentInput!) { grantConsent(input: $i) { id } }', {
        i: consent('probe-date', { occurredAt: when }),
      }),
      400,
      'BAD_USER_INPUT',
    );
  });

  it('decide(at: 2026-02-30T00:00:00Z) is BAD_USER_INPUT, as a variable and as a literal', async () => {
    await expectRefused(
      gql('query($at: DateTime) { decide(subjectId: "x", purposeKey: "analytics", at: $at) { allowed } }', {
        at: '2026-02-30T00:00:00Z',
      }),
      400,
      'BAD_USER_INPUT',
    );
    const r = await gql('{ decide(subjectId: "x", purposeKey: "analytics", at: "2026-02-30T00:00:00Z") { allowed } }');
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a real leap day and minute precision are still accepted', async () => {
    const r = await gql('mutation($i: ConsentInput!) { grantConsent(input: $i) { occurredAt } }', {
      i: consent('probe-date-ok', { occurredAt: '2024-02-29T09:30Z' }),
    });
    expect(r.body.errors).toBeUndefined();
    expect((r.body.data as { grantConsent: { occurredAt: string } }).grantConsent.occurredAt).toBe(
      '2024-02-29T09:30:00.000Z',
    );
  });
});

describe(`outside probe, 7: evidence that proves nothing (${suiteKind})`, () => {
  it.each([[false], [0], [1], [true], [{}], [''], ['  '], [[]], [[{}, '']]])(
    'evidence %j is BAD_USER_INPUT and writes nothing',
    async (evidence) => {
      await expectRefused(
        gql('mutation($i: ConsentInput!) { grantConsent(input: $i) { id } }', {
          i: consent('probe-evidence', { evidence }),
        }),
        200,
        'BAD_USER_INPUT',
      );
    },
  );

  it('a non-empty object, a non-blank string and an array holding one are evidence', async () => {
    for (const evidence of [{ form: 'F-17' }, 'paper form F-17', [{ form: 'F-17' }]]) {
      const r = await gql('mutation($i: ConsentInput!) { grantConsent(input: $i) { id } }', {
        i: consent('probe-evidence-ok', { evidence }),
      });
      expect(r.body.errors, JSON.stringify(evidence)).toBeUndefined();
    }
  });
});

describe(`outside probe, 9: subject tokens (${suiteKind})`, () => {
  it('two tokens issued for one subject in the same second differ (each has a jti)', async () => {
    const q = 'mutation { a: issueSubjectToken(subjectId: "probe-jti") { token } }';
    const [a, b] = await Promise.all([gql(q), gql(q)]);
    const token = (r: Reply) => (r.body.data as { a: { token: string } }).a.token;
    expect(token(a)).not.toBe(token(b));
    const payload = JSON.parse(Buffer.from(token(a).split('.')[1]!, 'base64url').toString()) as { jti?: string };
    expect(payload.jti).toBeTruthy();
  });
});

describe(`outside probe, 2: content encodings (${suiteKind})`, () => {
  it('an unknown Content-Encoding is HTTP 415 BAD_REQUEST', async () => {
    const before = await counts(s);
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'x-unknown' },
      body: JSON.stringify({ query: '{ purposes { key } }' }),
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as Reply['body']).errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(await counts(s)).toEqual(before);
  });
});

describe(`outside probe, 8: production serving (${suiteKind})`, () => {
  const mapOf = (app: string) => {
    const dir = path.join(repoRoot, `packages/${app}/dist/assets`);
    const map = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith('.js.map')) : undefined;
    return map;
  };

  it('in production no source map is served and GET /graphql from a browser loads no third-party script', async () => {
    const prod = await startTestServer({ NODE_ENV: 'production', ASSENT_MASTER_KEY: 'ab'.repeat(32) });
    try {
      for (const [app, mount] of [
        ['privacy-center', '/'],
        ['staff-console', '/staff/'],
      ] as const) {
        const map = mapOf(app);
        expect(map, `${app} is built with source maps`).toBeTruthy();
        const res = await fetch(`${prod.url}${mount}assets/${map}`);
        expect(res.status).toBe(404);
        expect(await res.text()).not.toMatch(/sourcesContent/);
      }
      const page = await fetch(`${prod.url}/graphql`, { headers: { accept: 'text/html' } });
      const text = await page.text();
      expect(text).not.toMatch(/<script|apollographql\.com|cdn\./i);
      expect(page.headers.get('content-type') ?? '').not.toMatch(/html/);
    } finally {
      await prod.close();
    }
  });

  it('outside production source maps are served (ASSENT_SOURCE_MAPS decides), and no landing page either', async () => {
    const map = mapOf('privacy-center');
    const res = await fetch(`${s.url}/assets/${map}`);
    expect(res.status).toBe(200);
    const page = await fetch(`${s.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/apollographql\.com/);
  });
});

describe(`found by the fuzz suite (${suiteKind})`, () => {
  it.each([
    ['an unpaired surrogate in an id', 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: '\ud83d' }],
    ['NUL in an id', 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: 'a\u0000b' }],
    [
      'an unpaired surrogate deep in evidence',
      'mutation($i: ConsentInput!) { grantConsent(input: $i) { id } }',
      { i: consent('fuzz-text', { evidence: { a: [{ b: 'x\udfff' }] } }) },
    ],
  ])('%s is BAD_USER_INPUT (HTTP 400) and writes nothing', async (_what, query, variables) => {
    const r = await expectRefused(gql(query, variables), 400, 'BAD_USER_INPUT');
    expect(r.body.errors?.[0]?.message).toMatch(/valid Unicode/);
  });
});
