import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, suiteKind, type TestServer } from './harness.ts';
import { consentInput, freePort, Q, readStream, sleep, waitFor } from './propagation-helpers.ts';

// Fault suite: NATS goes away and comes back. The machine's shared NATS is left alone: the test runs a private
// nats-server with JetStream on a free port and its own store directory, stops it for OUTAGE_MS while writes go
// on, and starts it again on the same port and store. The events wait in the outbox (the NATS cursor does not
// move), then reach the stream in commit order, each once (Nats-Msg-Id = event id; a re-sent one is dropped by
// JetStream's duplicate window). The issue asks for a minute of outage; a few seconds exercise the same path
// (the client's reconnect loop and the held cursor), and keep the suite short.

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
const OUTAGE_MS = 5000;

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
});

/** A private nats-server with JetStream; stop() ends it, start() runs it again on the same port and store. */
async function privateNats() {
  const port = await freePort();
  const store = fs.mkdtempSync(path.join(os.tmpdir(), 'assent-nats-'));
  let proc: ChildProcess | null = null;
  const n = {
    url: `nats://127.0.0.1:${port}`,
    async start() {
      proc = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], { stdio: 'ignore' });
      const net = await import('node:net');
      await waitFor(
        'the private nats-server',
        () =>
          new Promise<boolean>((resolve) => {
            const c = net.connect(port, '127.0.0.1');
            c.once('connect', () => (c.destroy(), resolve(true)));
            c.once('error', () => resolve(false));
          }),
        15_000,
        100,
      );
    },
    async stop() {
      const p = proc;
      proc = null;
      if (!p || p.exitCode !== null) return;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGKILL');
      await exited;
    },
    async destroy() {
      await n.stop();
      fs.rmSync(store, { recursive: true, force: true });
    },
  };
  return n;
}

describe(`NATS down and back on ${suiteKind}`, () => {
  it('holds events in the outbox while NATS is down, then publishes them in order, each once', async () => {
    const nats = await privateNats();
    cleanup.push(() => nats.destroy());
    await nats.start();
    const s: TestServer = await startTestServer({ NATS_URL: nats.url });
    cleanup.push(() => s.close());
    const since = new Date(Date.now() - 1000);
    const prisma = s.app.core.db.prisma;
    const write = async (subject: string, i: number) => {
      const r = await s.gql<Record<string, { id: string }>>(i % 2 ? Q.withdraw : Q.grant, {
        i: consentInput(subject, 'analytics'),
      });
      expect(r.status).toBe(200);
      return Object.values(r.data!)[0]!.id;
    };

    const before: string[] = [];
    for (let i = 0; i < 4; i++) before.push(await write('nats-outage-a', i));
    await readStream(nats.url, since, (xs) => before.every((id) => xs.some((x) => x.event.data?.record?.id === id)));

    // Down: SIGKILL, no goodbye. Writes go on and are answered.
    await nats.stop();
    const down = Date.now();
    const during: string[] = [];
    while (Date.now() - down < OUTAGE_MS) {
      during.push(await write(`nats-outage-${during.length % 3}`, during.length));
      await sleep(100);
    }
    expect(during.length).toBeGreaterThan(5);
    // Held in the outbox: the NATS cursor has not passed them.
    const cursor = await prisma.sinkCursor.findUnique({ where: { name: 'nats' } });
    const firstHeld = await prisma.outboxEvent.findFirst({ where: { recordId: during[0] } });
    expect(Number(cursor!.seq)).toBeLessThan(Number(firstHeld!.seq));

    // Back on the same port and store: everything arrives.
    await nats.start();
    const all = [...before, ...during];
    const seen = await readStream(
      nats.url,
      since,
      (xs) => all.every((id) => xs.some((x) => x.event.data?.record?.id === id)),
      30_000,
    );
    const ids = seen.map((x) => x.event.id);
    expect(new Set(ids).size, 'each event once on the stream').toBe(ids.length);
    for (const x of seen) expect(x.msgId).toBe(x.event.id);
    // In commit (outbox) order.
    const outbox = await prisma.outboxEvent.findMany({ select: { eventId: true, seq: true }, orderBy: { seq: 'asc' } });
    const order = new Map(outbox.map((o, i) => [o.eventId, i]));
    const positions = ids.map((id) => order.get(id)!);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(seen.filter((x) => x.event.data?.record).map((x) => x.event.data!.record.id)).toEqual(all);
    await waitFor('the NATS cursor at the end of the outbox', async () => {
      const c = await prisma.sinkCursor.findUnique({ where: { name: 'nats' } });
      return Number(c!.seq) === Number(outbox.at(-1)!.seq);
    });
  });
});
