import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiKey, counts, startTestServer, suiteKind, type TestServer } from './harness.ts';

/**
 * consentStream: the committed outbox from a position on (what @assent/client's subscription source follows). The
 * position is a snapshot's outboxSeq; nothing after it is lost or repeated however late the subscription reaches the
 * server, and heartbeats say when a follower is caught up.
 */
const STREAM = `subscription($p: [ID!]!, $after: Float!) {
  consentStream(purposeKeys: $p, after: $after) { outboxSeq readAt sentAt record { id subjectId purposeKey action } }
}`;

interface StreamEvent {
  outboxSeq: number;
  readAt: string | null;
  sentAt: string;
  record: { id: string; subjectId: string; purposeKey: string; action: string } | null;
}

let s: TestServer;
let service: string;
let writes = 0;

beforeAll(async () => {
  s = await startTestServer();
  service = await apiKey(s, 'SERVICE');
});
afterAll(async () => {
  await s?.close();
});

const outboxSeq = () => s.app.core.db.prisma.outboxEvent.findFirst({ orderBy: { seq: 'desc' } }).then((r) => r!.seq);

async function write(subjectId: string, purposeKey = 'analytics', action = 'grantConsent'): Promise<string> {
  const r = await s.gql<Record<string, { id: string }>>(
    `mutation($i: ConsentInput!) { ${action}(input: $i) { id } }`,
    { i: { subjectId, purposeKey, channel: 'API', method: 'stream-test', evidence: { n: ++writes } } },
    service,
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data[action]!.id;
}

function follow(variables: { p: string[]; after: number }, token: string | null = service) {
  const events: StreamEvent[] = [];
  const errors: { message: string; extensions?: { code?: string } }[] = [];
  const client = s.ws(token);
  client.subscribe<{ consentStream: StreamEvent }>(
    { query: STREAM, variables },
    {
      next: (r) => (r.data ? events.push(r.data.consentStream) : errors.push(...(r.errors as never[]))),
      error: (e) => errors.push(...(Array.isArray(e) ? e : [{ message: String(e) }])),
      complete: () => {},
    },
  );
  const records = () => events.filter((e) => e.record).map((e) => e.record!);
  return {
    events,
    errors,
    records,
    /** Waits for a heartbeat at or after `seq`, which comes after every event up to it. */
    caughtUp: (seq: number) =>
      vi.waitFor(() => expect(events.some((e) => !e.record && e.outboxSeq >= seq)).toBe(true), {
        timeout: 10_000,
        interval: 10,
      }),
    close: () => client.dispose(),
  };
}

describe(`consentStream (${suiteKind})`, () => {
  it('replays the events after the position, then follows new ones, in commit order, each once, with heartbeats after', async () => {
    const from = await outboxSeq();
    const before = [await write('cs-a'), await write('cs-b'), await write('cs-a', 'analytics', 'withdrawConsent')];
    const f = follow({ p: ['analytics'], after: from });
    await f.caughtUp(await outboxSeq());
    const after = [await write('cs-c'), await write('cs-b', 'analytics', 'withdrawConsent')];
    await f.caughtUp(await outboxSeq());
    expect(f.records().map((r) => r.id)).toEqual([...before, ...after]);
    const seqs = f.events.filter((e) => e.record).map((e) => e.outboxSeq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs[0]).toBeGreaterThan(from);
    const beat = f.events.find((e) => !e.record)!;
    expect(Date.parse(beat.readAt!)).toBeLessThanOrEqual(Date.parse(beat.sentAt));
    expect(f.errors).toEqual([]);
    await f.close();
  });

  it('loses nothing written while the subscription is reaching the server and while it replays', async () => {
    const from = await outboxSeq();
    const written: string[] = [];
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop && i < 200; i++) written.push(await write(`cs-race-${i % 7}`));
    })();
    await new Promise((r) => setTimeout(r, 30));
    const f = follow({ p: ['analytics'], after: from });
    await vi.waitFor(() => expect(f.records().length).toBeGreaterThan(5), { timeout: 10_000, interval: 10 });
    stop = true;
    await writer;
    await f.caughtUp(await outboxSeq());
    expect(f.records().map((r) => r.id)).toEqual(written);
    await f.close();
  });

  it('sends only the purposes asked for and every erasure; heartbeats still pass the others', async () => {
    const from = await outboxSeq();
    await write('cs-d', 'marketing-email');
    const mine = await write('cs-d', 'analytics');
    const erased = await s.gql<{ eraseSubject: { record: { id: string } } }>(
      'mutation($s: ID!) { eraseSubject(subjectId: $s, reason: "stream test") { record { id } } }',
      { s: 'cs-d' },
    );
    expect(erased.errors).toBeUndefined();
    await write('cs-e', 'marketing-email');
    const f = follow({ p: ['analytics'], after: from });
    await f.caughtUp(await outboxSeq());
    expect(f.records().map((r) => [r.id, r.purposeKey, r.action])).toEqual([
      [mine, 'analytics', 'GRANT'],
      [erased.data!.eraseSubject.record.id, expect.any(String), 'ERASE'],
    ]);
    // The erasure names the subject while its event does (until it has been delivered everywhere).
    expect(f.records()[1]!.subjectId).toBe('cs-d');
    await f.close();
  });

  it('a position whose later events retention has pruned answers CONFLICT (load a snapshot again)', async () => {
    const old = await outboxSeq();
    await write('cs-f');
    await write('cs-f', 'analytics', 'withdrawConsent');
    const kept = await outboxSeq();
    await s.app.core.db.prisma.outboxEvent.deleteMany({ where: { seq: { lte: kept - 1 } } });
    const f = follow({ p: ['analytics'], after: old });
    await vi.waitFor(() => expect(f.errors.length).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
    expect(f.errors[0]!.extensions?.code).toBe('CONFLICT');
    expect(f.events).toEqual([]);
    await f.close();
    // The position of the event kept, or later, still follows.
    const g = follow({ p: ['analytics'], after: kept - 1 });
    await g.caughtUp(kept);
    expect(g.records().map((r) => r.action)).toEqual(['WITHDRAW']);
    await g.close();
  });

  it.each([
    ['no purpose', { p: [], after: 0 }, 'BAD_USER_INPUT'],
    ['a negative position', { p: ['analytics'], after: -1 }, 'BAD_USER_INPUT'],
    ['a fractional position', { p: ['analytics'], after: 1.5 }, 'BAD_USER_INPUT'],
    ['a malformed purpose key', { p: ['Not A Key!'], after: 0 }, 'BAD_USER_INPUT'],
  ])('%s is refused with %s and writes nothing', async (_what, variables, code) => {
    const before = await counts(s);
    const f = follow(variables);
    await vi.waitFor(() => expect(f.errors.length).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
    expect(f.errors[0]!.extensions?.code).toBe(code);
    expect(await counts(s)).toEqual(before);
    await f.close();
  });

  it('an unknown purpose is NOT_FOUND', async () => {
    const f = follow({ p: ['analytics', 'no-such-purpose'], after: 0 });
    await vi.waitFor(() => expect(f.errors.length).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
    expect(f.errors[0]!.extensions?.code).toBe('NOT_FOUND');
    await f.close();
  });

  it('is for SERVICE and ADMIN keys: a SUPPORT key is FORBIDDEN', async () => {
    const f = follow({ p: ['analytics'], after: 0 }, await apiKey(s, 'SUPPORT'));
    await vi.waitFor(() => expect(f.errors.length).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
    expect(f.errors[0]!.extensions?.code).toBe('FORBIDDEN');
    await f.close();
  });
});
