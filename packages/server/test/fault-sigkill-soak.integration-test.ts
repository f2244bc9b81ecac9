import { afterAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../src/http/server.ts';
import { parseEnv } from '../src/env.ts';
import { createLogger } from '../src/logger.ts';
import { ADMIN_TOKEN, freshDatabase, suiteKind } from './harness.ts';
import {
  consentInput,
  gqlAt,
  Q,
  expectEveryRecordPropagated,
  sleep,
  spawnServer,
  startReceiver,
  verifySignature,
  waitFor,
} from './propagation-helpers.ts';

// Fault suite: the crash test (dispatcher-crash) as a soak. A write stream runs against a server process that is
// killed with SIGKILL, FAULT_SOAK_KILLS times over (default 5), each time soon after it starts answering (so kills land during startup
// work, fan-out, deliveries and NATS publishing alike). Afterwards every acknowledged record is in the ledger and
// reaches the webhook and JetStream, and nothing is announced that the ledger does not hold.

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const CYCLES = Number(process.env.FAULT_SOAK_KILLS ?? 5);
const WRITERS = 4;
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
});

describe(`SIGKILL soak on ${suiteKind}`, () => {
  it(
    `${CYCLES} kills mid-stream: every acknowledged record is in the ledger and delivered; nothing unrecorded is announced`,
    {
      timeout: 900_000,
    },
    async () => {
      const db = await freshDatabase();
      cleanup.push(db.drop);
      // Signatures are checked as the requests arrive (Standard Webhooks refuses timestamps older than 5 minutes).
      let secret = '';
      let badSignatures = 0;
      const receiver = await startReceiver((_n, q) => {
        try {
          verifySignature(secret, q);
          return 200;
        } catch {
          badSignatures += 1;
          return 401;
        }
      });
      cleanup.push(() => receiver.close());
      const run = Date.now().toString(36);
      const env = {
        DATABASE_URL: db.url,
        NATS_URL,
        ASSENT_WEBHOOK_RETRY_SCHEDULE: Array(20).fill(1).join(','),
        // The shortest lease: each new process waits at most this long for the dead one's.
        ASSENT_DISPATCHER_LEASE_SECONDS: '2',
        ASSENT_WARM_PROJECTION: 'off',
      };
      const since = new Date(Date.now() - 1000);

      const acknowledged: string[] = [];
      let unanswered = 0;
      let spawned = 0;
      const spawn = () => {
        // Every other process dispatches in its event loop instead of a worker thread: both are killed mid-work, and a
        // process without the thread starts on less CPU (the thread loads the modules again).
        const p = spawnServer({ ...env, ASSENT_DISPATCHER: spawned++ % 2 ? 'inline' : 'thread' }, 120_000);
        cleanup.push(() => p.then((s) => s.kill()));
        return p;
      };
      let next = spawn();
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const server = await next;
        if (cycle === 0) {
          const reg = await gqlAt<{ registerWebhook: { secret: string } }>(server.url, Q.register, {
            i: { url: receiver.url },
          });
          secret = reg.data!.registerWebhook.secret;
        }
        // The next process starts while this one takes writes (starting one is most of a cycle's time).
        if (cycle + 1 < CYCLES) next = spawn();
        let stop = false;
        let ackedNow = 0;
        const writers = Array.from({ length: WRITERS }, async (_, w) => {
          for (let i = 0; !stop; i++) {
            const field = i % 2 ? 'withdrawConsent' : 'grantConsent';
            const r = await gqlAt<Record<string, { id: string }>>(server.url, i % 2 ? Q.withdraw : Q.grant, {
              i: consentInput(`soak-${run}-${w}-${i % 3}`, i % 4 < 2 ? 'analytics' : 'marketing-email'),
            });
            if (r.networkError) return void (unanswered += 1);
            const id = r.data?.[field]?.id;
            if (r.status === 200 && id) {
              acknowledged.push(id);
              ackedNow += 1;
            }
          }
        });
        // Killed once writes flow, at a point that varies from cycle to cycle.
        await waitFor(`writes acknowledged in cycle ${cycle}`, () => ackedNow >= 2, 15_000, 5);
        await sleep((cycle * 37) % 300);
        await server.kill();
        stop = true;
        await Promise.all(writers);
      }
      expect(unanswered).toBeGreaterThan(0); // requests were in flight at the kills

      // A last instance on the same database (in this process) finishes the deliveries.
      const last: App = await startApp(
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
      cleanup.push(() => last.close());
      await expectEveryRecordPropagated({
        db: last.core.db.prisma,
        receiver,
        natsUrl: NATS_URL,
        since,
        acknowledged,
        subjectPrefix: `soak-${run}-`,
        webhookTimeoutMs: 60_000,
        streamTimeoutMs: 30_000,
      });
      expect(badSignatures).toBe(0);
    },
  );
});
