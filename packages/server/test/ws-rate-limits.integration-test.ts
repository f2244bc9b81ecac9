import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey, startTestServer, suiteKind, type TestServer } from './harness.ts';

// Rate limits over graphql-ws (#18): operations spend the same per-caller budgets as over HTTP (an over-budget
// operation gets one error RATE_LIMITED with retryAfterSeconds and does not run), and connection attempts from one IP
// spend a budget of their own (over it the upgrade is answered HTTP 429 with Retry-After).

let s: TestServer;
let support: string;
const clients: Client[] = [];

beforeAll(async () => {
  s = await startTestServer({ ASSENT_RATE_LIMIT_API_KEY: '4', ASSENT_RATE_LIMIT_WS_CONNECTIONS: '3' });
  support = await apiKey(s, 'SUPPORT');
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await s?.close();
});

type Outcome = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };

/** Runs one operation over a graphql-ws client and collects its result or its error. */
function run(client: Client, query: string): Promise<Outcome> {
  return new Promise((resolve) => {
    let out: Outcome = {};
    client.subscribe(
      { query },
      {
        next: (r) => (out = r as Outcome),
        error: (e) =>
          resolve({
            errors: Array.isArray(e)
              ? (e as Outcome['errors'])
              : [
                  {
                    message:
                      e instanceof Error
                        ? e.message
                        : String(
                            (e as { message?: unknown; error?: unknown }).message ?? (e as { error?: unknown }).error,
                          ),
                  },
                ],
          }),
        complete: () => resolve(out),
      },
    );
  });
}

describe(`graphql-ws rate limits (${suiteKind})`, () => {
  it('operations over graphql-ws spend the caller budget: over it, RATE_LIMITED with retryAfterSeconds and nothing runs', async () => {
    // One connection held open for every operation (the harness's lazy client would reconnect per operation).
    const client = createClient({
      url: s.url.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${support}` },
      retryAttempts: 0,
      lazy: false,
    });
    clients.push(client);
    // The SUPPORT key spent nothing yet (createApiKey was the admin token's): 4 operations, then refused.
    for (let i = 0; i < 4; i++) {
      const r = await run(client, '{ purposes { key } }');
      expect(r.errors, JSON.stringify(r)).toBeUndefined();
    }
    const limited = await run(client, '{ purposes { key } }');
    expect(limited.data ?? null).toBeNull();
    expect(limited.errors).toHaveLength(1);
    expect(limited.errors![0]!.extensions?.code).toBe('RATE_LIMITED');
    expect(limited.errors![0]!.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // The same budget as over HTTP: the key is refused there too.
    const http = await s.gql('{ purposes { key } }', {}, support);
    expect(http.status).toBe(429);
    expect(http.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('connection attempts from one IP are limited: over the budget the upgrade is answered 429 with Retry-After', async () => {
    // One connection was spent by the test above; two more are allowed, the next is refused.
    const attempt = () =>
      new Promise<{ status: number; retryAfter: string | null }>((resolve, reject) => {
        const socket = new WebSocket(s.url.replace('http', 'ws') + '/graphql', 'graphql-transport-ws');
        socket.on('open', () => {
          socket.close();
          resolve({ status: 101, retryAfter: null });
        });
        socket.on('unexpected-response', (_req, res) => {
          resolve({ status: res.statusCode ?? 0, retryAfter: (res.headers['retry-after'] as string) ?? null });
          res.resume();
        });
        socket.on('error', (e) => (e.message.includes('Unexpected server response') ? undefined : reject(e)));
      });
    expect((await attempt()).status).toBe(101);
    expect((await attempt()).status).toBe(101);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
  });
});
