import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connect, nanos } from 'nats';
import { afterAll, describe, expect, it } from 'vitest';
import { HEARTBEAT_PING_SUBJECT } from '../src/outbox/nats-sink.ts';
import { startTestServer, suiteKind } from './harness.ts';
import { consentInput, freePort, Q, readStream, sleep, waitFor } from './propagation-helpers.ts';

/** The NATS server with JetStream these machines run; the stream ASSENT persists across runs there. */
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** The offline test starts its own nats-server on a free port (CI installs it; skipped where it is missing). */
const hasNatsServer = spawnSync('nats-server', ['--version']).status === 0;
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe(`NATS JetStream on ${suiteKind}`, () => {
  it('publishes every event to stream ASSENT with Nats-Msg-Id = event id, on the contract subjects, with the stored CloudEvent', async () => {
    const since = new Date(Date.now() - 1000);
    const s = await startTestServer({ NATS_URL });
    try {
      const subject = `nats-${Date.now()}`;
      await s.gql(Q.grant, { i: consentInput(subject, 'marketing-email') });
      await s.gql(Q.withdraw, { i: consentInput(subject, 'marketing-email') });
      await s.gql(Q.grant, { i: consentInput(subject, 'analytics') });
      const outbox = await s.app.core.db.prisma.outboxEvent.findMany({ orderBy: { seq: 'asc' } });
      const ours = new Set(outbox.map((o) => o.eventId));
      const seen = (
        await readStream(NATS_URL, since, (xs) => xs.filter((x) => ours.has(x.event.id)).length >= outbox.length)
      ).filter((x) => ours.has(x.event.id));

      // The demo seed's notice is an event too: every outbox row is on the stream, once, in commit order.
      expect(seen.map((x) => x.event.id)).toEqual(outbox.map((o) => o.eventId));
      for (const [i, x] of seen.entries()) {
        const stored = outbox[i]!;
        expect(x.msgId).toBe(stored.eventId);
        expect(x.contentType).toBe('application/cloudevents+json');
        expect(x.event).toEqual(stored.payload);
      }
      const consent = seen.filter((x) => x.event.subject === subject).map((x) => x.subject);
      expect(consent).toEqual([
        'assent.consent.marketing-email.granted',
        'assent.consent.marketing-email.withdrawn',
        'assent.consent.analytics.granted',
      ]);
      expect(seen.find((x) => x.event.type === 'assent.notice.published')?.subject).toBe('assent.notice.published');
      // The stream keeps events (which name their subject) no longer than the outbox does.
      const nc = await connect({ servers: NATS_URL });
      try {
        const { config } = await (await nc.jetstreamManager()).streams.info('ASSENT');
        expect(config.max_age).toBe(nanos(s.app.core.env.ASSENT_OUTBOX_RETENTION_DAYS * 86_400_000));
      } finally {
        await nc.close();
      }
      await waitFor(
        'the NATS cursor at the end of the outbox',
        async () =>
          (await s.app.core.db.prisma.sinkCursor.findUnique({ where: { name: 'nats' } }))?.seq === outbox.at(-1)!.seq,
      );
      await waitFor(
        'dispatchedAt stamped',
        async () => (await s.app.core.db.prisma.outboxEvent.count({ where: { dispatchedAt: null } })) === 0,
      );
    } finally {
      await s.close();
    }
  });

  it("answers a follower's ping after a read that began after it, with the ping's own time and the stream's sequence", async () => {
    const s = await startTestServer({ NATS_URL });
    const nc = await connect({ servers: NATS_URL });
    try {
      await s.gql(Q.grant, { i: consentInput(`ping-${Date.now()}`, 'analytics') });
      const jsm = await nc.jetstreamManager();
      const before = (await jsm.streams.info('ASSENT')).state.last_seq;
      const t = 1_234_567.5;
      const answer = await nc.request(HEARTBEAT_PING_SUBJECT, JSON.stringify({ t }), { timeout: 5000 });
      const a = answer.json<{ t: number; streamSequence: number }>();
      expect(a.t).toBe(t);
      // Read after the ping came: the stream's sequence then is at least what it was before the ping was sent.
      expect(a.streamSequence).toBeGreaterThanOrEqual(before);
      // A ping without a time is not answered.
      await expect(nc.request(HEARTBEAT_PING_SUBJECT, '{}', { timeout: 700 })).rejects.toMatchObject({
        code: 'TIMEOUT',
      });
    } finally {
      await nc.close();
      await s.close();
    }
  });

  it("after an erasure the subject's earlier events leave the stream; the erasure event stays for consumers", async () => {
    const since = new Date(Date.now() - 1000);
    const s = await startTestServer({ NATS_URL });
    try {
      const subject = `nats-erased-${Date.now()}`;
      const keeper = `nats-kept-${Date.now()}`;
      for (const [q, who] of [
        [Q.grant, subject],
        [Q.withdraw, subject],
        [Q.grant, keeper],
      ] as const)
        expect((await s.gql(q, { i: consentInput(who, 'marketing-email') })).errors).toBeUndefined();
      const ours = (xs: Awaited<ReturnType<typeof readStream>>) =>
        xs.filter((x) => x.event.subject === subject || x.event.subject === keeper);
      await readStream(NATS_URL, since, (xs) => ours(xs).length >= 3);
      const erased = await s.gql(
        'mutation($s: ID!) { eraseSubject(subjectId: $s, reason: "stream test") { recordsShredded } }',
        { s: subject },
      );
      expect(erased.errors).toBeUndefined();
      const left = await waitFor('the earlier events deleted from the stream', async () => {
        const xs = ours(await readStream(NATS_URL, since, (seen) => ours(seen).length >= 2, 2_000));
        return xs.length === 2 && xs.some((x) => x.event.type === 'assent.subject.erased') ? xs : null;
      });
      expect(left.map((x) => [x.event.type, x.event.subject])).toEqual([
        ['assent.consent.granted', keeper],
        ['assent.subject.erased', subject],
      ]);
    } finally {
      await s.close();
    }
  });

  it.skipIf(!hasNatsServer)(
    'while NATS is unreachable the server keeps running and the outbox holds the events; they are published when NATS comes up',
    async () => {
      const port = await freePort();
      const url = `nats://127.0.0.1:${port}`;
      const s = await startTestServer({ NATS_URL: url });
      try {
        const subject = `offline-${Date.now()}`;
        for (let i = 0; i < 5; i++) {
          const r = await s.gql(i % 2 ? Q.withdraw : Q.grant, { i: consentInput(subject, 'research') });
          expect(r.errors).toBeUndefined();
        }
        const health = await fetch(`${s.url}/healthz`);
        expect(health.status).toBe(200);
        await sleep(500);
        expect((await s.app.core.db.prisma.sinkCursor.findUnique({ where: { name: 'nats' } }))?.seq ?? 0).toBe(0);
        expect(await s.app.core.db.prisma.outboxEvent.count({ where: { dispatchedAt: null } })).toBeGreaterThan(5);

        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assent-nats-'));
        const since = new Date(Date.now() - 60_000);
        const nats = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], {
          stdio: 'ignore',
        });
        children.push(nats);
        try {
          const outbox = await s.app.core.db.prisma.outboxEvent.findMany({ orderBy: { seq: 'asc' } });
          await waitFor(
            'NATS up',
            () =>
              new Promise<boolean>((resolve) => {
                const c = net
                  .connect(port, '127.0.0.1', () => {
                    c.destroy();
                    resolve(true);
                  })
                  .on('error', () => resolve(false));
              }),
            10_000,
          );
          const seen = await readStream(url, since, (xs) => xs.length >= outbox.length, 15_000);
          expect(seen.map((x) => x.event.id)).toEqual(outbox.map((o) => o.eventId));
          expect(seen.every((x, i) => x.msgId === outbox[i]!.eventId)).toBe(true);
        } finally {
          nats.kill('SIGKILL');
          fs.rmSync(dir, { recursive: true, force: true });
        }
      } finally {
        await s.close();
      }
    },
  );
});
