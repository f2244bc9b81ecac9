import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connect } from 'nats';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { apiKey, startTestServer, suiteKind, type TestServer } from '../../server/test/harness.ts';
import { expectNoPermitAfter } from './late-permits.ts';
import {
  createAssentClient,
  steadyNow,
  type AssentClient,
  type ConsentChange,
  type LocalDecider,
} from '../src/index.ts';

// Needs the server side of @assent/client: Query.consentSnapshot (schema/extensions.graphql) and
// refuseConsent. Starts its own nats-server (CI installs it; skipped where it is missing).
const hasNatsServer = spawnSync('nats-server', ['--version']).status === 0;
const PURPOSES = ['marketing-email', 'analytics', 'essential-service'];
const evidence = { source: 'local decisions integration test' };
/** A consent to marketing e-mail by `subjectId`, as the tests below grant and withdraw it. */
const consentOf = (subjectId: string) => ({
  subjectId,
  purposeKey: 'marketing-email',
  channel: 'API' as const,
  method: 't',
  evidence,
});
/** A decider following JetStream at `natsUrl`, STALE after a second of silence. */
const followJetStream = (client: AssentClient, natsUrl: string) =>
  client.localDecisions({ purposes: PURPOSES, source: 'jetstream', natsUrl, maxStalenessMs: 1000 });
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

/** A nats-server with JetStream on its own port and directory, restartable on both. */
async function startNats(port?: number, dir?: string) {
  const p = port ?? (await freePort());
  const d = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'assent-client-nats-'));
  const proc = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(p), '-js', '-sd', d], { stdio: 'ignore' });
  children.push(proc);
  await waitFor(
    'nats-server',
    () =>
      new Promise<boolean>((resolve) => {
        const c = net.connect(p, '127.0.0.1', () => (c.destroy(), resolve(true))).on('error', () => resolve(false));
      }),
  );
  return {
    url: `nats://127.0.0.1:${p}`,
    port: p,
    dir: d,
    stop: () => new Promise<void>((r) => (proc.once('exit', () => r()), proc.kill('SIGKILL'))),
  };
}

/** Waits until the server has created stream ASSENT (its dispatcher does so once it reaches NATS, soon after start). */
async function streamReady(natsUrl: string) {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    await waitFor('stream ASSENT', () =>
      jsm.streams.info('ASSENT').then(
        () => true,
        () => false,
      ),
    );
  } finally {
    await nc.close();
  }
}

/** A writer that keeps changing consents of `subjects` subjects until stopped; returns how many writes it made. */
function writer(client: AssentClient, prefix: string, subjects: number) {
  let stop = false;
  let writes = 0;
  const done = (async () => {
    for (let i = 0; !stop; i++) {
      const subjectId = `${prefix}-${i % subjects}`;
      const purposeKey = i % 3 ? 'marketing-email' : 'analytics';
      const input = { subjectId, purposeKey, channel: 'API' as const, method: 'writer', evidence };
      const pick = (i * 7919) % 3;
      await (pick === 0
        ? client.grantConsent(input)
        : pick === 1
          ? client.withdrawConsent(input)
          : client.refuseConsent(input));
      writes++;
    }
  })();
  return { stop: async () => ((stop = true), await done, writes) };
}

/** Every local decision of these subjects equals the server's. */
async function expectSameAsServer(client: AssentClient, decider: LocalDecider, subjectIds: string[]) {
  const requests = subjectIds.flatMap((subjectId) => PURPOSES.map((purposeKey) => ({ subjectId, purposeKey })));
  const remote = await client.decideMany(requests);
  const local = requests.map((r) => decider.decide(r.subjectId, r.purposeKey));
  expect(local.map((d) => `${d.allowed}:${d.reason}`)).toEqual(remote.map((d) => `${d.allowed}:${d.reason}`));
}

async function seed(client: AssentClient, prefix: string, n: number) {
  for (let i = 0; i < n; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, (_, k) =>
        client.grantConsent({
          subjectId: `${prefix}-${i + k}`,
          purposeKey: 'marketing-email',
          channel: 'API',
          method: 'seed',
          evidence,
        }),
      ),
    );
  }
}

describe.skipIf(!hasNatsServer)(`LocalDecider over JetStream on ${suiteKind}`, () => {
  let s: TestServer | undefined;
  afterAll(() => s?.close());

  it('snapshot and stream with writes in between lose nothing', async () => {
    const nats = await startNats();
    s = await startTestServer({ NATS_URL: nats.url });
    const client = createAssentClient({ url: `${s.url}/graphql`, token: await apiKey(s, 'SERVICE') });
    await seed(client, 'js', 300);
    const w = writer(client, 'js', 300);
    // Small pages make the snapshot slow enough that the writer changes rows before and after their page.
    const decider = await client.localDecisions({
      purposes: PURPOSES,
      source: 'jetstream',
      natsUrl: nats.url,
      pageSize: 25,
    });
    try {
      await sleep(300);
      const writes = await w.stop();
      expect(writes).toBeGreaterThan(10);
      // Everything the writer did reaches the decider through the stream.
      await sleep(1500);
      expect(decider.health().state).toBe('live');
      await expectSameAsServer(
        client,
        decider,
        Array.from({ length: 300 }, (_, i) => `js-${i}`),
      );
    } finally {
      await decider.close();
      await nats.stop();
    }
  });

  it('NATS stopped: STALE after the bound and health() says why; NATS back: catches up, withdrawals made meanwhile included', async () => {
    const nats = await startNats();
    const server = await startTestServer({ NATS_URL: nats.url });
    try {
      const client = createAssentClient({ url: `${server.url}/graphql`, token: await apiKey(server, 'SERVICE') });
      await client.grantConsent(consentOf('down-1'));
      const decider = await followJetStream(client, nats.url);
      try {
        expect(decider.decide('down-1', 'marketing-email').allowed).toBe(true);
        await nats.stop();
        const stoppedAt = Date.now();
        await waitFor('STALE', () => decider.decide('down-1', 'marketing-email').reason === 'STALE', 5000);
        expect(Date.now() - stoppedAt).toBeLessThan(1000 + 1500);
        expect(decider.health()).toMatchObject({ state: 'stale' });
        expect(decider.health().reason).toMatch(/nothing heard from the jetstream/);
        await client.withdrawConsent(consentOf('down-1'));
        await startNats(nats.port, nats.dir);
        await waitFor('live again', () => decider.health().state === 'live', 20_000);
        await waitFor(
          'the withdrawal',
          () => decider.decide('down-1', 'marketing-email').reason === 'CONSENT_WITHDRAWN',
          20_000,
        );
      } finally {
        await decider.close();
      }
    } finally {
      await server.close();
    }
  });

  it('NATS up but the server publishes nothing (its dispatcher stopped): STALE after the bound, never a permit the ledger withdrew', async () => {
    const nats = await startNats();
    const server = await startTestServer({ NATS_URL: nats.url });
    try {
      const client = createAssentClient({ url: `${server.url}/graphql`, token: await apiKey(server, 'SERVICE') });
      const consent = consentOf('mute-1');
      await client.grantConsent(consent);
      const decider = await followJetStream(client, nats.url);
      try {
        await waitFor('live', () => decider.health().state === 'live');
        expect(decider.decide('mute-1', 'marketing-email').allowed).toBe(true);
        // The stream stays reachable and quiet; only the server's heartbeats say it has published everything.
        await server.app.core.dispatcher.stop();
        await client.withdrawConsent(consent);
        const withdrawnAt = Date.now();
        await waitFor('STALE', () => decider.decide('mute-1', 'marketing-email').reason === 'STALE', 5000);
        expect(Date.now() - withdrawnAt).toBeLessThan(1000 + 1000);
        expect(decider.decide('mute-1', 'marketing-email').allowed).toBe(false);
        expect(decider.health()).toMatchObject({ state: 'stale' });
      } finally {
        await decider.close();
      }
    } finally {
      await server.close();
      await nats.stop();
    }
  });

  it('a link that delivers 3 s late: heartbeats count as old as they are, never a permit the ledger withdrew', async () => {
    const nats = await startNats();
    const server = await startTestServer({ NATS_URL: nats.url });
    // Between the decider and NATS: what NATS sends the decider arrives 3 s late (a congested link); what the decider
    // sends goes straight through.
    const links = new Set<net.Socket>();
    let delayMs = 0;
    const proxy = net.createServer((down) => {
      const up = net.connect(nats.port, '127.0.0.1');
      links.add(down).add(up);
      down.pipe(up);
      // Chunks keep their order: the delay only ever grows, once.
      up.on('data', (chunk) =>
        delayMs === 0 ? down.write(chunk) : void setTimeout(() => down.writable && down.write(chunk), delayMs),
      );
      const end = () => (down.destroy(), up.destroy());
      down.on('error', end).on('close', end);
      up.on('error', end).on('close', end);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const slowUrl = `nats://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
    try {
      await streamReady(nats.url);
      const client = createAssentClient({ url: `${server.url}/graphql`, token: await apiKey(server, 'SERVICE') });
      const consent = consentOf('late-link-1');
      await client.grantConsent(consent);
      const decider = await followJetStream(client, slowUrl);
      try {
        await waitFor('live', () => decider.health().state === 'live');
        delayMs = 3000;
        await sleep(200);
        await client.withdrawConsent(consent);
        const withdrawnAt = steadyNow();
        await expectNoPermitAfter(decider, 'late-link-1', 'marketing-email', withdrawnAt, 4000);
        expect(decider.health().state).toBe('stale');
      } finally {
        await decider.close();
      }
    } finally {
      for (const l of links) l.destroy();
      proxy.close();
      await server.close();
      await nats.stop();
    }
  });

  it("broadcast heartbeats from anyone keep nothing live: only answers to the decider's own pings count", async () => {
    const nats = await startNats();
    const server = await startTestServer({ NATS_URL: nats.url });
    const forger = await connect({ servers: nats.url });
    let forging: ReturnType<typeof setInterval> | undefined;
    try {
      const client = createAssentClient({ url: `${server.url}/graphql`, token: await apiKey(server, 'SERVICE') });
      await client.grantConsent(consentOf('forged-1'));
      await streamReady(nats.url);
      // No dispatcher (nobody answers pings: NATS says no responders, as during a restart or a lease hand-over), and
      // heartbeats on the broadcast subject that claim everything is published, as anyone with publish rights could send.
      await server.app.core.dispatcher.stop();
      forging = setInterval(() => {
        const now = new Date().toISOString();
        forger.publish('assent-heartbeat', JSON.stringify({ at: now, sentAt: now, streamSequence: 0 }));
      }, 100);
      const decider = await followJetStream(client, nats.url);
      try {
        await waitFor('STALE', () => decider.health().state === 'stale', 5000);
        await sleep(1500);
        expect(decider.health().state).toBe('stale');
        expect(decider.decide('forged-1', 'marketing-email')).toMatchObject({ allowed: false, reason: 'STALE' });
      } finally {
        await decider.close();
      }
    } finally {
      clearInterval(forging);
      await forger.close();
      await server.close();
      await nats.stop();
    }
  });

  it('a withdrawal reaches decide after the change event, never a stale permit', async () => {
    const nats = await startNats();
    const server = await startTestServer({ NATS_URL: nats.url });
    try {
      const client = createAssentClient({ url: `${server.url}/graphql`, token: await apiKey(server, 'SERVICE') });
      // Nothing is written before the decider starts here, so wait for the stream the server creates.
      await streamReady(nats.url);
      const decider = await client.localDecisions({ purposes: PURPOSES, source: 'jetstream', natsUrl: nats.url });
      try {
        const seen: ConsentChange[] = [];
        decider.on('change', (c) => {
          seen.push(c);
          // Checked inside the event: the decider has already applied it.
          expect(decider.decide(c.subjectId, c.purposeKey).allowed).toBe(c.allowed);
        });
        for (let i = 0; i < 20; i++) {
          const input = consentOf(`prop-${i}`);
          await client.grantConsent(input);
          await client.withdrawConsent(input);
        }
        await waitFor('40 changes', () => seen.length === 40);
        expect(seen.filter((c) => !c.allowed).map((c) => c.subjectId)).toEqual(
          Array.from({ length: 20 }, (_, i) => `prop-${i}`),
        );
      } finally {
        await decider.close();
      }
    } finally {
      await server.close();
      await nats.stop();
    }
  });
});

describe(`LocalDecider over the consentStream subscription on ${suiteKind}`, () => {
  it('snapshot and subscription with writes in between lose nothing; a stopped server makes it STALE', async () => {
    const server = await startTestServer();
    let closed = false;
    try {
      const client = createAssentClient({
        url: `${server.url}/graphql`,
        token: await apiKey(server, 'SERVICE'),
        webSocketImpl: WebSocket,
      });
      await seed(client, 'sub', 200);
      const w = writer(client, 'sub', 200);
      const decider = await client.localDecisions({
        purposes: PURPOSES,
        source: 'subscription',
        pageSize: 25,
        maxStalenessMs: 1000,
      });
      try {
        await sleep(300);
        await w.stop();
        await sleep(1000);
        expect(decider.health().state).toBe('live');
        await expectSameAsServer(
          client,
          decider,
          Array.from({ length: 200 }, (_, i) => `sub-${i}`),
        );
        await server.close();
        closed = true;
        await waitFor('STALE', () => decider.decide('sub-1', 'marketing-email').reason === 'STALE', 5000);
        expect(decider.health().state).toBe('stale');
      } finally {
        await decider.close();
      }
    } finally {
      if (!closed) await server.close();
    }
  });
  it('a subscription that reaches the server late loses nothing: the server replays from the snapshot position', async () => {
    const server = await startTestServer();
    try {
      const client = createAssentClient({
        url: `${server.url}/graphql`,
        token: await apiKey(server, 'SERVICE'),
        webSocketImpl: WebSocket,
      });
      await seed(client, 'late', 40);
      // The subscribe message reaches the server's resolver 400 ms late while writes keep committing: with a follower
      // that only hears what commits after the server registers it, the writes of those 400 ms would be lost.
      const open = server.app.core.service.openConsentStream;
      let delayed = 0;
      server.app.core.service.openConsentStream = async (...args) => {
        delayed++;
        await sleep(400);
        return open(...args);
      };
      const w = writer(client, 'late', 40);
      const decider = await client.localDecisions({ purposes: PURPOSES, source: 'subscription', maxStalenessMs: 1000 });
      try {
        await sleep(300);
        await w.stop();
        expect(delayed).toBeGreaterThan(0);
        await waitFor('live', () => decider.health().state === 'live', 5000);
        await sleep(600);
        await expectSameAsServer(
          client,
          decider,
          Array.from({ length: 40 }, (_, i) => `late-${i}`),
        );
      } finally {
        await decider.close();
      }
    } finally {
      await server.close();
    }
  });
  it('recovers by itself when the server is back: STALE while it is gone, then live again with what changed meanwhile', async () => {
    const first = await startTestServer();
    const token = await apiKey(first, 'SERVICE');
    const client = createAssentClient({ url: `${first.url}/graphql`, token, webSocketImpl: WebSocket });
    await seed(client, 'back', 20);
    const decider = await client.localDecisions({ purposes: PURPOSES, source: 'subscription', maxStalenessMs: 1000 });
    let second: Awaited<ReturnType<typeof startTestServer>> | null = null;
    try {
      expect(decider.decide('back-1', 'marketing-email')).toMatchObject({ allowed: true, reason: 'CONSENT_GRANTED' });
      await first.app.close();
      await waitFor('STALE', () => decider.decide('back-1', 'marketing-email').reason === 'STALE', 5000);
      // The same database on the same address, and a withdrawal the subscription never carries (it was down).
      second = await startTestServer({ DATABASE_URL: first.app.core.env.DATABASE_URL, PORT: new URL(first.url).port });
      await client.withdrawConsent({
        subjectId: 'back-1',
        purposeKey: 'marketing-email',
        channel: 'API',
        method: 'test',
        evidence,
      });
      await waitFor('live again', () => decider.health().state === 'live', 20_000);
      await waitFor(
        'the withdrawal',
        () => decider.decide('back-1', 'marketing-email').reason === 'CONSENT_WITHDRAWN',
        10_000,
      );
      await expectSameAsServer(
        client,
        decider,
        Array.from({ length: 20 }, (_, i) => `back-${i}`),
      );
    } finally {
      await decider.close();
      await second?.close();
      // The first server's app is closed already (by the test, or here when the test failed before).
      if (second === null) await first.app.close().catch(() => {});
      await first.dropDatabase();
    }
  });
});
