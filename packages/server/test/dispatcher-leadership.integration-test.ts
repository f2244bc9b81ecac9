import { afterAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../src/env.ts';
import { startApp, type App } from '../src/http/server.ts';
import { createLogger } from '../src/logger.ts';
import { ADMIN_TOKEN, freshDatabase, suiteKind } from './harness.ts';
import {
  consentInput,
  gqlAt,
  Q,
  sleep,
  spawnServer,
  startReceiver,
  verifySignature,
  waitFor,
  type Receiver,
  type ServerProcess,
} from './propagation-helpers.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
});

// Several instances on one database only make sense on PostgreSQL (SQLite is one machine's file).
describe.skipIf(suiteKind !== 'postgres')('two instances on one PostgreSQL database', () => {
  it('deliver each event exactly once, and the survivor takes over when the dispatching instance is killed', async () => {
    const db = await freshDatabase();
    cleanup.push(db.drop);
    const receiver: Receiver = await startReceiver();
    cleanup.push(() => receiver.close());
    const env = {
      DATABASE_URL: db.url,
      ASSENT_WEBHOOK_RETRY_SCHEDULE: '1,1,1,1,1',
      ASSENT_DISPATCHER_LEASE_SECONDS: '6',
    };

    // Instance B: a real process (so it can die like one); it starts first, seeds, and takes the lease.
    const b: ServerProcess = await spawnServer(env);
    cleanup.push(() => b.kill());
    // Instance A: in this process.
    const a: App = await startApp(
      parseEnv({
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        ASSENT_ADMIN_TOKEN: ADMIN_TOKEN,
        ASSENT_SEED: 'demo',
        LOG_LEVEL: 'silent',
        ...env,
      }),
      { logger: createLogger('silent') },
    );
    cleanup.push(() => a.close());
    expect(a.core.dispatcher.isLeader()).toBe(false);

    const reg = await gqlAt<{ registerWebhook: { secret: string; webhook: { id: string } } }>(a.url, Q.register, {
      i: { url: receiver.url },
    });
    const { secret } = reg.data!.registerWebhook;
    const ids: string[] = [];
    await Promise.all(
      [a.url, b.url].map(async (url, n) => {
        for (let i = 0; i < 20; i++) {
          const r = await gqlAt<{ grantConsent: { id: string } }>(url, Q.grant, {
            i: consentInput(`two-${n}-${i % 4}`, 'analytics'),
          });
          ids.push(r.data!.grantConsent.id);
        }
      }),
    );
    await waitFor('40 events delivered', () => receiver.requests.length >= 40, 15_000);
    await sleep(1500); // a duplicate would arrive in this time
    const received = receiver.requests.map((q) => q.event.data.record.id);
    expect(received.sort()).toEqual([...ids].sort());
    for (const q of receiver.requests) verifySignature(secret, q);
    const leases = await a.core.db.prisma.dispatcherLease.findMany();
    expect(leases).toHaveLength(1);
    expect(leases[0]!.holder).not.toBe(a.core.dispatcher.holder);

    // B dies without giving the lease up: A takes over once the lease expires (6 s here).
    await b.kill();
    const killedAt = Date.now();
    const after: string[] = [];
    for (let i = 0; i < 5; i++)
      after.push(
        (
          await gqlAt<{ grantConsent: { id: string } }>(a.url, Q.grant, {
            i: consentInput('after-failover', 'analytics'),
          })
        ).data!.grantConsent.id,
      );
    await waitFor(
      'events committed after the failover delivered',
      () => after.every((id) => receiver.delivered().some((q) => q.event.data.record.id === id)),
      20_000,
    );
    expect(a.core.dispatcher.isLeader()).toBe(true);
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    // In order for that subject, and each once.
    expect(
      receiver.requests.filter((q) => q.event.subject === 'after-failover').map((q) => q.event.data.record.id),
    ).toEqual(after);
  });
});
