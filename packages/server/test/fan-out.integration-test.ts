import { webhookSecretBox } from '../src/crypto/webhook-secrets.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHotReads, type HotReads } from '../src/db/hot-reads.ts';
import { openDispatchWriter, type DispatchWriter } from '../src/db/dispatch-writer.ts';
import { dispatcherRepository } from '../src/db/dispatcher.repository.ts';
import { FANOUT_CURSOR, webhookRepository } from '../src/db/webhook.repository.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { Q, startReceiver, type Receiver } from './propagation-helpers.ts';

// The fan-out step on its own (the dispatcher is off, so nothing else moves the cursor).
let s: TestServer;
let hot: HotReads;
let writer: DispatchWriter;
let receiver: Receiver;
beforeAll(async () => {
  s = await startTestServer({ ASSENT_DISPATCHER: 'off' });
  const { db } = s.app.core;
  hot = openHotReads(db.kind, db.url, () => {});
  writer = openDispatchWriter(db, () => {});
  receiver = await startReceiver();
});
afterAll(async () => {
  await hot?.close();
  await writer?.close();
  await s?.close();
  await receiver?.close();
});

const IMPORT = 'mutation($r: [ImportRecordInput!]!) { importConsents(records: $r) { imported duplicates } }';

/** n grants, one new subject each, written by importConsents (each row is appended and announced like a grant). */
async function grants(n: number, prefix: string) {
  const occurredAt = new Date().toISOString();
  for (let i = 0; i < n; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({
      importId: `${prefix}-${i + j}`,
      subjectId: `${prefix}-${i + j}`,
      purposeKey: 'analytics',
      action: 'GRANT',
      channel: 'WEB',
      method: 'fan-out-test',
      occurredAt,
      evidence: { test: 'fan-out' },
    }));
    const r = await s.gql<{ importConsents: { imported: number } }>(IMPORT, { r: rows });
    expect(r.errors).toBeUndefined();
    expect(r.data!.importConsents.imported).toBe(rows.length);
  }
}

describe('fanning the outbox out', () => {
  it('passes a backlog in one step when no webhook is registered, and row by row, 500 at a time, when one is', async () => {
    const { db, repos } = s.app.core;
    const webhooks = webhookRepository(db.prisma, hot, writer, webhookSecretBox(s.app.core.kek));
    await dispatcherRepository(db.prisma, db.kind, hot, writer).ensureCursor(FANOUT_CURSOR);

    await grants(1100, 'backlog');
    const end = await repos.outbox.maxSeq();
    expect(end - (await hot.sinkCursor(FANOUT_CURSOR))).toBeGreaterThan(1000);
    expect(await webhooks.fanOutNext(500, new Date())).toEqual({ more: false });
    expect(await hot.sinkCursor(FANOUT_CURSOR)).toBe(end);

    const reg = await s.gql(Q.register, { i: { url: receiver.url } });
    expect(reg.errors).toBeUndefined();
    await grants(1100, 'routed');
    const steps: number[] = [];
    for (;;) {
      const before = await hot.sinkCursor(FANOUT_CURSOR);
      const { more } = await webhooks.fanOutNext(500, new Date());
      steps.push((await hot.sinkCursor(FANOUT_CURSOR)) - before);
      if (!more) break;
    }
    expect(steps.slice(0, 2)).toEqual([500, 500]);
    expect(await hot.sinkCursor(FANOUT_CURSOR)).toBe(await repos.outbox.maxSeq());
    expect(await db.prisma.webhookDelivery.count()).toBe(1100);
  });
});
