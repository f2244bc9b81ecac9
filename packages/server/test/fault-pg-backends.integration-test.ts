import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, suiteDatabaseUrl, suiteKind, type TestServer } from './harness.ts';
import { consentInput, Q, sleep, startReceiver, waitFor, type Receiver } from './propagation-helpers.ts';

// Fault suite: PostgreSQL drops every connection of the database mid-stream (pg_terminate_backend on all of its
// backends, three times): what a server restart or a failover does to the pools. The server keeps answering —
// a request caught by it may fail, with a clear error and a code, but none hangs — no acknowledged write is lost,
// and the dispatcher (its pool, its LISTEN connection, its lease) resumes delivering.
//
// A real `pg_ctlcluster 15 main restart` is the fuller check; it stops every database of the machine's cluster,
// so it is a manual step (README, "Running several instances"), not part of the suite.

const REQUEST_BOUND_MS = 30_000;
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
});

describe.skipIf(suiteKind !== 'postgres')('PostgreSQL connections terminated mid-stream', () => {
  it('the server answers after reconnecting, no acknowledged write is lost, the dispatcher resumes', async () => {
    const s: TestServer = await startTestServer({ ASSENT_WEBHOOK_RETRY_SCHEDULE: Array(20).fill(1).join(',') });
    cleanup.push(() => s.close());
    const receiver: Receiver = await startReceiver();
    cleanup.push(() => receiver.close());
    const reg = await s.gql(Q.register, { i: { url: receiver.url } });
    expect(reg.errors).toBeUndefined();
    const dbName = new URL(s.app.core.db.url).pathname.slice(1);

    const acknowledged: { id: string; at: number }[] = [];
    const refused: { code: unknown; status: number }[] = [];
    let slowest = 0;
    let stop = false;
    const writers = Array.from({ length: 3 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const started = Date.now();
        const res = await fetch(`${s.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
          body: JSON.stringify({ query: Q.grant, variables: { i: consentInput(`pgkill-${w}-${i % 4}`, 'analytics') } }),
          // A request that hangs fails the test here instead of running into the test's own timeout.
          signal: AbortSignal.timeout(REQUEST_BOUND_MS),
        });
        slowest = Math.max(slowest, Date.now() - started);
        const body = (await res.json()) as {
          data?: { grantConsent?: { id: string } };
          errors?: { extensions?: { code?: string } }[];
        };
        if (body.data?.grantConsent) acknowledged.push({ id: body.data.grantConsent.id, at: Date.now() });
        else refused.push({ code: body.errors?.[0]?.extensions?.code, status: res.status });
      }
    });

    const admin = new pg.Client({ connectionString: suiteDatabaseUrl });
    await admin.connect();
    cleanup.push(() => admin.end());
    let killed = 0;
    let lastKill = 0;
    for (let round = 0; round < 3; round++) {
      const n = acknowledged.length;
      await waitFor('writes acknowledged between terminations', () => acknowledged.length >= n + 5, 30_000, 20);
      const r = await admin.query(
        'SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [dbName],
      );
      killed += Number(r.rows[0].n);
      lastKill = Date.now();
      await sleep(500);
    }
    // The server keeps answering after the last termination.
    await waitFor(
      'writes acknowledged after the last termination',
      () => acknowledged.filter((a) => a.at > lastKill).length >= 10,
      30_000,
      50,
    );
    stop = true;
    await Promise.all(writers);
    expect(killed).toBeGreaterThan(3); // the pools' and the listener's connections were there to terminate
    expect(slowest).toBeLessThan(REQUEST_BOUND_MS);
    // Whatever was refused carries a code (a clear error, not an empty 500).
    for (const r of refused) expect(typeof r.code, JSON.stringify(r)).toBe('string');

    const ledger = new Set(
      (await s.app.core.db.prisma.consentRecord.findMany({ select: { id: true } })).map((r) => r.id),
    );
    expect(acknowledged.filter((a) => !ledger.has(a.id))).toEqual([]);
    // The dispatcher resumed: every committed record reached the webhook.
    await waitFor(
      'every ledger record delivered after the terminations',
      () => {
        const got = new Set(receiver.delivered().map((q) => q.event.data.record?.id));
        return [...ledger].every((id) => got.has(id));
      },
      30_000,
      200,
    );
  });
});
