import { afterAll, describe, expect, it } from 'vitest';
import { startApp } from '../src/http/server.ts';
import { parseEnv } from '../src/env.ts';
import { createLogger } from '../src/logger.ts';
import { ADMIN_TOKEN, freshDatabase, suiteKind } from './harness.ts';
import {
  consentInput,
  gqlAt,
  Q,
  readStream,
  spawnServer,
  startReceiver,
  verifySignature,
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
    const conn = second.core.db;
    const ledger = new Set((await conn.prisma.consentRecord.findMany({ select: { id: true } })).map((r) => r.id));
    for (const id of acknowledged) expect(ledger.has(id), `acknowledged record ${id} is in the ledger`).toBe(true);

    // Every committed record — acknowledged or not — reaches the receiver (after the lease of the dead process expires).
    await waitFor(
      'every ledger record delivered to the webhook',
      () => {
        const got = new Set(receiver.delivered().map((q) => q.event.data.record?.id));
        return [...ledger].every((id) => got.has(id));
      },
      30_000,
      200,
    );
    const onStream = await readStream(
      NATS_URL,
      since,
      (xs) => {
        const got = new Set(xs.map((x) => x.event.data?.record?.id));
        return [...ledger].every((id) => got.has(id));
      },
      15_000,
    );
    const streamIds = new Set(onStream.map((x) => x.event.data?.record?.id));
    expect([...ledger].filter((id) => !streamIds.has(id))).toEqual([]);

    // Nothing announced without its record; every announcement is signed and carries the outbox's event id.
    const outbox = new Map(
      (await conn.prisma.outboxEvent.findMany({ select: { eventId: true, recordId: true } })).map((o) => [
        o.eventId,
        o.recordId,
      ]),
    );
    for (const q of receiver.requests) {
      verifySignature(secret, q);
      expect(outbox.get(q.event.id)).toBe(q.event.data.record.id);
      expect(ledger.has(q.event.data.record.id)).toBe(true);
    }
    for (const x of onStream.filter((m) => m.event.data?.record?.subjectId?.startsWith('crash-'))) {
      expect(outbox.get(x.event.id)).toBe(x.event.data!.record.id);
      expect(ledger.has(x.event.data!.record.id)).toBe(true);
    }
  });
});
