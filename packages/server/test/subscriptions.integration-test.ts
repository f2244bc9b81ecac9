import type { MockInstance } from 'vitest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiKey, counts, startTestServer, subjectToken, suiteKind, type TestServer } from './harness.ts';

const RECORD =
  'id subjectId purposeKey action channel method actor { kind id } evidence occurredAt recordedAt hash previousHash noticeVersion { id version }';
const SUBSCRIPTION = `subscription($s: ID, $p: ID) { consentChanged(subjectId: $s, purposeKey: $p) { ${RECORD} } }`;

interface RecordView {
  id: string;
  subjectId: string;
  purposeKey: string;
  action: string;
  hash: string;
  previousHash: string | null;
  [k: string]: unknown;
}

let s: TestServer;
const tokens = {} as Record<'SERVICE' | 'SUPPORT' | 'ADMIN', string>;
let tailSubscribe: MockInstance;
let writes = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long a test waits to be sure an event that should not come has not come (the tail also polls every 250 ms). */
const QUIET_MS = 600;

/** Opens a subscription and resolves once the server has registered it with the outbox tail. */
async function listen(token: string | null, variables: { s?: string; p?: string }) {
  const client = s.ws(token);
  const events: RecordView[] = [];
  const errors: unknown[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    client.on('closed', (e) => resolve(e as { code: number; reason: string })),
  );
  const registered = tailSubscribe.mock.calls.length;
  client.subscribe<{ consentChanged: RecordView }>(
    { query: SUBSCRIPTION, variables },
    {
      next: (r) => (r.data ? events.push(r.data.consentChanged) : errors.push(r.errors)),
      error: (e) => errors.push(e),
      complete: () => {},
    },
  );
  return {
    events,
    errors,
    closed,
    /** Waits until the server has attached this subscription to the outbox tail. */
    ready: () =>
      vi.waitFor(() => expect(tailSubscribe.mock.calls.length).toBeGreaterThan(registered), {
        timeout: 10_000,
        interval: 10,
      }),
    /** Waits until at least n events have arrived. */
    received: (n: number) =>
      vi.waitFor(() => expect(events.length).toBeGreaterThanOrEqual(n), { timeout: 10_000, interval: 10 }),
  };
}

async function write(
  action: 'grantConsent' | 'withdrawConsent',
  subjectId: string,
  purposeKey = 'analytics',
  token = tokens.SERVICE,
): Promise<RecordView> {
  const r = await s.gql<Record<string, RecordView>>(
    `mutation($i: ConsentInput!) { ${action}(input: $i) { ${RECORD} } }`,
    { i: { subjectId, purposeKey, channel: 'API', method: 'subscriptions-test', evidence: { n: ++writes } } },
    token,
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data[action]!;
}

beforeAll(async () => {
  s = await startTestServer();
  for (const role of ['SERVICE', 'SUPPORT', 'ADMIN'] as const) tokens[role] = await apiKey(s, role);
  tailSubscribe = vi.spyOn(s.app.core.tail, 'subscribe');
});
afterAll(async () => {
  vi.restoreAllMocks();
  await s?.close();
});

describe(`consentChanged (${suiteKind})`, () => {
  it('a SERVICE subscriber receives a withdrawal made after it subscribed, with every field of the record', async () => {
    const sub = await listen(tokens.SERVICE, { s: 'sub-1' });
    await sub.ready();
    const w = await write('withdrawConsent', 'sub-1');
    await sub.received(1);
    expect(sub.events).toEqual([w]);
    expect(w).toMatchObject({
      subjectId: 'sub-1',
      purposeKey: 'analytics',
      action: 'WITHDRAW',
      channel: 'API',
      actor: { kind: 'SERVICE' },
      noticeVersion: { version: 1 },
    });
    expect(sub.errors).toEqual([]);
  });

  it('several sequential writes arrive in commit order', async () => {
    const sub = await listen(tokens.SERVICE, { s: 'sub-2' });
    await sub.ready();
    const written: RecordView[] = [];
    for (let i = 0; i < 6; i++)
      written.push(await write(i % 2 ? 'withdrawConsent' : 'grantConsent', 'sub-2', i % 3 ? 'analytics' : 'research'));
    await sub.received(6);
    expect(sub.events.map((e) => e.id)).toEqual(written.map((w) => w.id));
  });

  it('concurrent writes arrive in the order they committed, which is the order of the hash chain', async () => {
    const sub = await listen(tokens.SUPPORT, { s: 'sub-3' });
    await sub.ready();
    await Promise.all(Array.from({ length: 10 }, (_, i) => write(i % 2 ? 'withdrawConsent' : 'grantConsent', 'sub-3')));
    await sub.received(10);
    const chain = await s.app.core.db.prisma.consentRecord.findMany({
      where: { subjectId: s.app.core.protection.pseudonym('sub-3') },
      orderBy: { seq: 'asc' },
      select: { id: true },
    });
    expect(sub.events.map((e) => e.id)).toEqual(chain.map((r) => r.id));
    sub.events.forEach((e, i) => expect(e.previousHash).toBe(i === 0 ? null : sub.events[i - 1]!.hash));
  });

  it('a subscriber to one subject receives nothing about other subjects', async () => {
    const sub = await listen(tokens.ADMIN, { s: 'sub-4' });
    await sub.ready();
    await write('grantConsent', 'sub-4-other');
    await write('grantConsent', 'not-sub-4');
    const mine = await write('grantConsent', 'sub-4');
    await sub.received(1);
    await sleep(QUIET_MS);
    expect(sub.events.map((e) => e.id)).toEqual([mine.id]);
  });

  it('a purposeKey filter delivers only that purpose', async () => {
    const sub = await listen(tokens.SERVICE, { s: 'sub-5', p: 'research' });
    await sub.ready();
    await write('grantConsent', 'sub-5', 'analytics');
    const research = await write('grantConsent', 'sub-5', 'research');
    await sub.received(1);
    await sleep(QUIET_MS);
    expect(sub.events.map((e) => e.id)).toEqual([research.id]);
  });

  it('a purposeKey filter still delivers an erasure (it ends every purpose of the subject), naming the subject as the erasure event does', async () => {
    const sub = await listen(tokens.SERVICE, { p: 'research' });
    await sub.ready();
    await write('grantConsent', 'sub-erased', 'research');
    const erased = await s.gql<{ eraseSubject: { record: { id: string } } }>(
      'mutation($s: ID!) { eraseSubject(subjectId: $s, reason: "subscription test") { record { id } } }',
      { s: 'sub-erased' },
      tokens.ADMIN,
    );
    expect(erased.errors).toBeUndefined();
    await sub.received(2);
    expect(sub.events.map((e) => e.action)).toEqual(['GRANT', 'ERASE']);
    expect(sub.events[1]).toMatchObject({ id: erased.data!.eraseSubject.record.id, subjectId: 'sub-erased' });
  });

  it('a failed mutation is never announced, not even one that failed inside its transaction', async () => {
    const sub = await listen(tokens.SERVICE, { s: 'sub-6' });
    await sub.ready();
    const before = await counts(s);
    // Refused before the database: no evidence; a purpose that takes no consent.
    const noEvidence = await s.gql(
      'mutation { grantConsent(input: { subjectId: "sub-6", purposeKey: "analytics", channel: API, method: "m" }) { id } }',
      {},
      tokens.SERVICE,
    );
    expect(noEvidence.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const notApplicable = await s.gql(
      'mutation { grantConsent(input: { subjectId: "sub-6", purposeKey: "tax-records", channel: API, method: "m", evidence: "x" }) { id } }',
      {},
      tokens.SERVICE,
    );
    expect(notApplicable.errors?.map((e) => e.extensions?.code)).toEqual(['CONSENT_NOT_APPLICABLE']);
    // Rolled back after the record was inserted: building its outbox event throws inside the transaction.
    const ledger = s.app.core.repos.ledger;
    const append = ledger.append;
    const spy = vi.spyOn(ledger, 'append').mockImplementationOnce((content, event) =>
      append(content, (r) => {
        event(r);
        throw new Error('outbox write failed');
      }),
    );
    try {
      const rolledBack = await s.gql(
        'mutation { withdrawConsent(input: { subjectId: "sub-6", purposeKey: "analytics", channel: API, method: "m", evidence: "x" }) { id } }',
        {},
        tokens.SERVICE,
      );
      expect(rolledBack.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(rolledBack.data).toBeNull();
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
    expect(await counts(s)).toEqual(before);
    const ok = await write('grantConsent', 'sub-6');
    await sub.received(1);
    await sleep(QUIET_MS);
    expect(sub.events.map((e) => [e.id, e.action])).toEqual([[ok.id, 'GRANT']]);
    expect(ok.previousHash).toBeNull();
  });
});

describe(`who may subscribe (${suiteKind})`, () => {
  const refused: { who: string; token: () => Promise<string | null>; code: number }[] = [
    { who: 'a connection without a token', token: async () => null, code: 4401 },
    { who: 'a connection with a garbage token', token: async () => 'garbage', code: 4401 },
    {
      who: 'a connection with a revoked API key',
      token: async () => {
        const r = await s.gql<{ createApiKey: { id: string; secret: string } }>(
          'mutation { createApiKey(role: SERVICE, name: "to revoke") { id secret } }',
        );
        await s.gql('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: r.data!.createApiKey.id });
        return r.data!.createApiKey.secret;
      },
      code: 4401,
    },
    { who: 'a SUBJECT token', token: () => subjectToken(s, 'sub-7'), code: 4403 },
  ];
  for (const { who, token, code } of refused) {
    it(`${who} is closed with ${code}`, async () => {
      const sub = await listen(await token(), { s: 'sub-7' });
      expect((await sub.closed).code).toBe(code);
      expect(sub.events).toEqual([]);
    });
  }

  for (const role of ['SERVICE', 'SUPPORT', 'ADMIN'] as const) {
    it(`a ${role} API key may subscribe`, async () => {
      const sub = await listen(tokens[role], { s: `sub-8-${role}` });
      await sub.ready();
      const g = await write('grantConsent', `sub-8-${role}`);
      await sub.received(1);
      expect(sub.events.map((e) => e.id)).toEqual([g.id]);
    });
  }

  it('revoking an API key stops its open subscription at once: no further event, and the connection closes with 4401', async () => {
    const key = await apiKey(s, 'SERVICE', 'soon revoked');
    const sub = await listen(key, { s: 'sub-revoked' });
    await sub.ready();
    await write('grantConsent', 'sub-revoked');
    await sub.received(1);
    const id = (await s.gql<{ apiKeys: { id: string; name: string }[] }>('{ apiKeys { id name } }')).data!.apiKeys.find(
      (k) => k.name === 'soon revoked',
    )!.id;
    await s.gql('mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id });
    await write('withdrawConsent', 'sub-revoked');
    expect((await sub.closed).code).toBe(4401);
    expect(sub.events).toHaveLength(1);
  });
});

/** One operation over graphql-ws: the result's data and errors, or the errors of an `error` message. */
async function overWs(token: string, query: string, variables: Record<string, unknown> = {}) {
  const client = s.ws(token);
  try {
    return await new Promise<{ data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] }>(
      (resolve) => {
        let last: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } = {};
        client.subscribe(
          { query, variables },
          {
            next: (r) => (last = r as typeof last),
            error: (e) => resolve({ errors: e as { message: string; extensions?: { code?: string } }[] }),
            complete: () => resolve(last),
          },
        );
      },
    );
  } finally {
    await client.dispose();
  }
}

describe(`queries and mutations over graphql-ws answer as over HTTP (${suiteKind})`, () => {
  it('a decision with its record, and a subject with its records (the request context is whole)', async () => {
    const granted = await write('grantConsent', 'ws-ctx');
    const r = await overWs(
      tokens.ADMIN,
      '{ decide(subjectId: "ws-ctx", purposeKey: "analytics") { allowed record { id } } subject(id: "ws-ctx") { purposes { purpose { key } lastRecord { id } } } }',
    );
    expect(r.errors).toBeUndefined();
    expect(r.data).toMatchObject({ decide: { allowed: true, record: { id: granted.id } } });
  });

  it('two mutation fields in one operation are refused and write nothing', async () => {
    const before = await counts(s);
    const input = (purposeKey: string) =>
      `{ subjectId: "ws-multi", purposeKey: "${purposeKey}", channel: API, method: "t", evidence: { x: 1 } }`;
    const r = await overWs(
      tokens.ADMIN,
      `mutation { a: grantConsent(input: ${input('analytics')}) { id } b: grantConsent(input: ${input('no-such')}) { id } }`,
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await counts(s)).toEqual(before);
  });

  it("armor's limits, a syntax error and an impossible date written inline get HTTP's codes", async () => {
    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: purposes { key }`).join(' ')} }`;
    const overHttp = await s.gql(aliases, {}, tokens.ADMIN);
    expect(overHttp.errors?.[0]?.message).toMatch(/Aliases limit/);
    const ws = await overWs(tokens.ADMIN, aliases);
    expect(ws.errors?.[0]?.message).toMatch(/Aliases limit/);
    expect(ws.errors?.[0]?.extensions?.code).toBe(overHttp.errors?.[0]?.extensions?.code);
    expect((await overWs(tokens.ADMIN, '{ purposes { key ')).errors?.[0]?.extensions?.code).toBe(
      'GRAPHQL_PARSE_FAILED',
    );
    const date = await overWs(
      tokens.ADMIN,
      '{ decide(subjectId: "x", purposeKey: "analytics", at: "2026-02-30T00:00:00Z") { allowed } }',
    );
    expect(date.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
