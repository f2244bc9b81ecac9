import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { DispatcherThread } from '../src/outbox/dispatcher-thread.ts';
import { freshDatabase, startTestServer, type TestServer } from './harness.ts';
import { consentInput, Q, startReceiver, waitFor, type Receiver } from './propagation-helpers.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
});

async function setUp(
  env: Record<string, string> = {},
): Promise<{ s: TestServer; receiver: Receiver; grant: (subject: string) => Promise<string> }> {
  const s = await startTestServer(env);
  cleanup.push(() => s.close());
  const receiver = await startReceiver();
  cleanup.push(() => receiver.close());
  const reg = await s.gql(Q.register, { i: { url: receiver.url } });
  expect(reg.errors).toBeUndefined();
  const grant = async (subject: string) => {
    const r = await s.gql<{ grantConsent: { id: string } }>(Q.grant, { i: consentInput(subject, 'analytics') });
    return r.data!.grantConsent.id;
  };
  return { s, receiver, grant };
}
const deliveredIds = (r: Receiver) => new Set(r.delivered().map((q) => q.event.data.record.id));

describe('the outbox dispatcher thread', () => {
  it("runs by default in a worker thread that holds the lease under the server's holder id, and delivers", async () => {
    const { s, receiver, grant } = await setUp();
    const dispatcher = s.app.core.dispatcher as DispatcherThread;
    expect(dispatcher.thread()).not.toBeNull();
    await waitFor('the thread holds the lease', () => dispatcher.isLeader());
    const leases = await s.app.core.db.prisma.dispatcherLease.findMany();
    expect(leases.map((l) => l.holder)).toEqual([dispatcher.holder]);
    const id = await grant('thread-1');
    await waitFor('delivered', () => deliveredIds(receiver).has(id));
  });

  it('is started again when it dies, keeps the lease, and delivers what was committed meanwhile', async () => {
    const { s, receiver, grant } = await setUp();
    const dispatcher = s.app.core.dispatcher as DispatcherThread;
    await waitFor('the thread holds the lease', () => dispatcher.isLeader());
    const first = dispatcher.thread()!;
    await first.terminate();
    expect(dispatcher.isLeader()).toBe(false);
    const ids = [await grant('thread-2'), await grant('thread-2')];
    await waitFor('a new thread', () => dispatcher.thread() !== null && dispatcher.thread() !== first);
    // The same holder id renews its own lease at once, without waiting for it to expire (10 s).
    await waitFor('the new thread holds the lease', () => dispatcher.isLeader(), 5000);
    await waitFor(
      'events committed while no thread ran are delivered, in order',
      () => ids.every((id) => deliveredIds(receiver).has(id)),
      5000,
    );
    expect(
      receiver
        .delivered()
        .filter((q) => q.event.subject === 'thread-2')
        .map((q) => q.event.data.record.id),
    ).toEqual(ids);
  });

  it("ASSENT_DISPATCHER=inline runs it in the server's event loop instead", async () => {
    const { s, receiver, grant } = await setUp({ ASSENT_DISPATCHER: 'inline' });
    expect('thread' in s.app.core.dispatcher).toBe(false);
    const id = await grant('inline-1');
    await waitFor('delivered', () => deliveredIds(receiver).has(id));
    expect(s.app.core.dispatcher.isLeader()).toBe(true);
  });

  it('a thread preloaded while the core opens, and never started, is stopped by close(), which the process waits for', async () => {
    // In a process of its own: a preloaded thread does not keep the process alive, so a close() that waited on it
    // without holding the process would end the process in the middle (exit 0, nothing after close printed).
    const db = await freshDatabase();
    cleanup.push(() => db.drop());
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/open-and-close-core.ts'],
      { env: { ...process.env, DB_URL: db.url }, timeout: 60_000 },
    );
    expect(stdout.trim().split('\n')).toEqual(['preloaded true', 'closed true']);
  });
});
