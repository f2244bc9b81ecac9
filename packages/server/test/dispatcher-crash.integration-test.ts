import { afterAll, describe, expect, it } from 'vitest';
import { startApp } from '../src/http/server.ts';
import { parseEnv } from '../src/env.ts';
import { createLogger } from '../src/logger.ts';
import { ADMIN_TOKEN, freshDatabase, suiteKind } from './harness.ts';
import {
  consentInput,
  gqlAt,
  Q,
  expectEveryRecordPropagated,
  spawnServer,
  startReceiver,
  waitFor,
} from './propagation-helpers.ts';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
});

describe(`crash safety on ${suiteKind}`, () => {
  it('after SIGKILL mid-stream and a restart, every acknowledged record is in the ledger and reaches the webhook and JetStream; nothing unrecorded is announced', async () => {
    const db = await freshDatabase();
    cleanup.push(db.drop);
    const receiver = await startReceiver();
    cleanup.push(() => receiver.close());
    // A short lease: the restarted process waits for the dead one's lease to expire.
    const env = {
      DATABASE_URL: db.url,
      NATS_URL,
      ASSENT_WEBHOOK_RETRY_SCHEDULE: '1,1,1,1,1,1,1,1',
      ASSENT_DISPATCHER_LEASE_SECONDS: '3',
    };
    const since = new Date(Date.now() - 1000);

    const first = await spawnServer(env);
    cleanup.push(() => first.kill());
    const reg = await gqlAt<{ registerWebhook: { secret: string } }>(first.url, Q.register, {
      i: { url: receiver.url },
    });
    const { secret } = reg.data!.registerWebhook;

    // Six writers grant as fast as they can; the process is killed while they do.
    const acknowledged: string[] = [];
    let sent = 0;
    const writers = Array.from({ length: 6 }, async (_, w) => {
      for (let i = 0; ; i++) {
        sent += 1;
        const r = await gqlAt<{ grantConsent: { id: string } }>(first.url, i % 2 ? Q.withdraw : Q.grant, {
          i: consentInput(`crash-${w}`, i % 3 ? 'analytics' : 'marketing-email'),
        });
        if (r.networkError) return;
        const id = (r.data as Record<string, { id: string }> | undefined)?.[i % 2 ? 'withdrawConsent' : 'grantConsent']
          ?.id;
        if (r.status === 200 && id) acknowledged.push(id);
      }
    });
    await waitFor('some grants acknowledged', () => acknowledged.length >= 24, 15_000, 10);
    await first.kill();
    await Promise.all(writers);
    expect(sent).toBeGreaterThan(acknowledged.length); // requests were in flight when it died

    // Restarted on the same database (in this process: starting a second child would only add time).
    const second = await startApp(
      parseEnv({
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        ASSENT_ADMIN_TOKEN: ADMIN_TOKEN,
        LOG_LEVEL: 'silent',
        ...env,
      }),
      { logger: createLogger('silent') },
    );
    cleanup.push(() => second.close());
    await expectEveryRecordPropagated({
      db: second.core.db.prisma,
      receiver,
      natsUrl: NATS_URL,
      since,
      acknowledged,
      subjectPrefix: 'crash-',
      secret,
      webhookTimeoutMs: 30_000,
      streamTimeoutMs: 15_000,
    });
  });
});
