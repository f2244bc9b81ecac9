import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey, startTestServer, suiteKind, type TestServer } from '../../server/test/harness.ts';
import { expectNoPermitAfter } from './late-permits.ts';
import { createAssentClient, steadyNow, type AssentClient } from '../src/index.ts';
import type { SourceSink } from '../src/event-source.ts';
import { subscriptionSource } from '../src/subscription-source.ts';

// The subscription source's interruptions, each against a real server: refusals, an error in an event's place, a
// dropped or normally closed connection, and closing while a follower starts.

const PURPOSES = ['marketing-email', 'analytics', 'essential-service'];
const evidence = { source: 'subscription source integration test' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A ws WebSocket whose instances the test can reach, to drop or close a connection as a network or proxy would. */
const sockets: WebSocket[] = [];
class TrackedWebSocket extends WebSocket {
  constructor(...a: ConstructorParameters<typeof WebSocket>) {
    super(...a);
    sockets.push(this);
  }
}
/** A connection whose messages arrive 3 s late (a congested link, or a client whose event loop was busy). */
class SlowWebSocket extends WebSocket {
  constructor(...a: ConstructorParameters<typeof WebSocket>) {
    super(...a);
    let handler: ((ev: WebSocket.MessageEvent) => void) | null = null;
    this.addEventListener('message', (ev) => void setTimeout(() => handler?.(ev), 3000));
    Object.defineProperty(this, 'onmessage', {
      get: () => handler,
      set: (fn: typeof handler) => (handler = fn),
    });
  }
}
const openSockets = () => sockets.filter((s) => s.readyState === WebSocket.OPEN).length;

let server: TestServer;
let token: string;
let client: AssentClient;
const outboxSeq = () =>
  server.app.core.db.prisma.outboxEvent.findFirst({ orderBy: { seq: 'desc' } }).then((r) => r?.seq ?? 0);
const input = (subjectId: string) => ({
  subjectId,
  purposeKey: 'marketing-email',
  channel: 'API' as const,
  method: 'subscription-source-test',
  evidence,
});
const source = () =>
  subscriptionSource({
    url: `${server.url}/graphql`,
    token,
    webSocketImpl: TrackedWebSocket,
    purposes: PURPOSES,
    keepAliveMs: 300,
  });
function recordingSink() {
  const calls: string[] = [];
  const sink: SourceSink = {
    record: (r) => calls.push(`record ${r.subjectId} ${r.action}`),
    erased: (id) => calls.push(`erased ${id}`),
    notice: () => calls.push('notice'),
    heard: () => calls.push('heard'),
    gap: (r) => calls.push(`gap ${r}`),
    trouble: (r) => calls.push(`trouble ${r}`),
  };
  return { sink, calls };
}

beforeAll(async () => {
  server = await startTestServer();
  token = await apiKey(server, 'SERVICE');
  client = createAssentClient({ url: `${server.url}/graphql`, token, webSocketImpl: TrackedWebSocket });
});
afterAll(async () => {
  for (const s of sockets) s.terminate();
  await server?.close();
});

describe(`the consentStream source's interruptions on ${suiteKind}`, () => {
  it('a position the outbox no longer holds is a gap, and start() rejects with CONFLICT at once', async () => {
    const old = await outboxSeq();
    await client.grantConsent(input('gap-1'));
    await client.withdrawConsent(input('gap-1'));
    const kept = await outboxSeq();
    await server.app.core.db.prisma.outboxEvent.deleteMany({ where: { seq: { lte: kept - 1 } } });
    const src = source();
    try {
      const { sink, calls } = recordingSink();
      const f = await src.follower(sink);
      await expect(f.start({ streamSequence: 0, outboxSeq: old })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(calls.some((c) => c.startsWith('gap'))).toBe(true);
    } finally {
      await src.close();
    }
  });

  it('closing the source while a follower starts ends its start() at once', async () => {
    const service = server.app.core.service;
    const open = service.openConsentStream;
    service.openConsentStream = async (...a) => (await sleep(3000), open(...a));
    try {
      const src = source();
      const f = await src.follower(recordingSink().sink);
      const started = f.start({ streamSequence: 0, outboxSeq: await outboxSeq() });
      started.catch(() => {});
      await sleep(100);
      const closedAt = Date.now();
      await src.close();
      await expect(started).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
      expect(Date.now() - closedAt).toBeLessThan(1000);
    } finally {
      service.openConsentStream = open;
    }
  });

  it('a connection closed normally (1000, a proxy) is replaced by one connection, and close() leaves none open', async () => {
    sockets.length = 0;
    const src = source();
    const { sink } = recordingSink();
    const f = await src.follower(sink);
    await f.start({ streamSequence: 0, outboxSeq: await outboxSeq() });
    expect(openSockets()).toBe(1);
    sockets[0]!.close(1000, 'proxy idle timeout');
    await waitFor('a new connection', () => sockets.length >= 2 && openSockets() === 1);
    await sleep(1500);
    expect(openSockets()).toBe(1);
    await src.close();
    await waitFor('no connection open', () => openSockets() === 0, 5000);
  });

  it('an event whose record the server cannot read ends the stream; the decider subscribes again and applies it', async () => {
    await client.grantConsent(input('reread-1'));
    const decider = await client.localDecisions({ purposes: PURPOSES, source: 'subscription', maxStalenessMs: 1000 });
    const service = server.app.core.service;
    const read = service.recordsByIds;
    try {
      await waitFor('granted', () => decider.decide('reread-1', 'marketing-email').reason === 'CONSENT_GRANTED');
      let failures = 0;
      service.recordsByIds = async (...a) => {
        if (failures++ < 3) throw new Error('Timed out fetching a new connection from the connection pool');
        return read(...a);
      };
      await client.withdrawConsent(input('reread-1'));
      await client.grantConsent(input('reread-2'));
      await waitFor('both applied', () => decider.decide('reread-2', 'marketing-email').reason === 'CONSENT_GRANTED');
      expect(failures).toBeGreaterThanOrEqual(3);
      expect(decider.decide('reread-1', 'marketing-email')).toMatchObject({
        allowed: false,
        reason: 'CONSENT_WITHDRAWN',
      });
      await waitFor('live', () => decider.health().state === 'live');
    } finally {
      service.recordsByIds = read;
      await decider.close();
    }
  });

  it('a resubscription refused for a moment after a dropped connection is tried again: live again, nothing lost', async () => {
    sockets.length = 0;
    await client.grantConsent(input('drop-1'));
    const decider = await client.localDecisions({ purposes: PURPOSES, source: 'subscription', maxStalenessMs: 1000 });
    const service = server.app.core.service;
    const open = service.openConsentStream;
    try {
      await waitFor('live', () => decider.health().state === 'live');
      let refused = 0;
      service.openConsentStream = async (...a) => {
        if (refused++ === 0) throw new Error('the database is restarting');
        return open(...a);
      };
      for (const s of sockets) s.terminate(); // a network drop
      await client.withdrawConsent(input('drop-1'));
      await waitFor('live again', () => decider.health().state === 'live' && refused >= 2, 15_000);
      await waitFor('the withdrawal', () => decider.decide('drop-1', 'marketing-email').reason === 'CONSENT_WITHDRAWN');
    } finally {
      service.openConsentStream = open;
      await decider.close();
    }
  });

  it('a heartbeat held up on its way counts as old as it is: decisions fail closed, never a permit the ledger withdrew', async () => {
    await client.grantConsent(input('slow-1'));
    const slow = createAssentClient({ url: `${server.url}/graphql`, token, webSocketImpl: SlowWebSocket });
    const decider = await slow.localDecisions({ purposes: PURPOSES, source: 'subscription', maxStalenessMs: 1000 });
    try {
      await client.withdrawConsent(input('slow-1'));
      const committedAt = steadyNow();
      // The withdrawal reaches the decider 3 s late, and so does every heartbeat: until then it must not say yes.
      await expectNoPermitAfter(decider, 'slow-1', 'marketing-email', committedAt, 2500);
      expect(decider.health().state).toBe('stale');
    } finally {
      await decider.close();
    }
  });

  it('a record the server cannot read for a moment while the first subscription replays: the decider still starts', async () => {
    const service = server.app.core.service;
    const open = service.openConsentStream;
    const read = service.recordsByIds;
    let failing = 0;
    // An event commits after the snapshot's position and before the subscription reaches the server (so it is
    // replayed), and the server's record reads fail three times just then (a pool timeout): the stream ends, and the
    // follower subscribes again from its position instead of failing the decider.
    let opened = 0;
    service.openConsentStream = async (...a) => {
      if (opened++ === 0) {
        await client.grantConsent(input('restart-1'));
        failing = 3;
      }
      return open(...a);
    };
    service.recordsByIds = async (...a) => {
      if (failing > 0) {
        failing--;
        throw new Error('Timed out fetching a new connection from the connection pool');
      }
      return read(...a);
    };
    try {
      const decider = await client.localDecisions({ purposes: PURPOSES, source: 'subscription', maxStalenessMs: 1000 });
      try {
        expect(failing).toBe(0);
        expect(opened).toBeGreaterThanOrEqual(2);
        await waitFor('granted', () => decider.decide('restart-1', 'marketing-email').reason === 'CONSENT_GRANTED');
      } finally {
        await decider.close();
      }
    } finally {
      service.openConsentStream = open;
      service.recordsByIds = read;
    }
  });
});
