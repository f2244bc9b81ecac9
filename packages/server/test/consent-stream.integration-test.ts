import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { outboxMaintenanceRepository, OUTBOX_PRUNED_THROUGH } from '../src/db/outbox-maintenance.repository.ts';
import { apiKey, counts, startTestServer, suiteKind, type TestServer } from './harness.ts';

/**
 * consentStream: the committed outbox from a position on (what @assent/client's subscription source follows). The
 * position is a snapshot's outboxSeq; nothing after it is lost or repeated however late the subscription reaches the
 * server, and heartbeats say when a follower is caught up.
 */
const STREAM = `subscription($p: [ID!]!, $after: Float!) {
  consentStream(purposeKeys: $p, after: $after) { outboxSeq readAt sentAt clientTime record { id subjectId purposeKey action } }
}`;

interface StreamEvent {
  outboxSeq: number;
  readAt: string | null;
  sentAt: string;
  clientTime: number | null;
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

const outboxSeq = (on = s) =>
  on.app.core.db.prisma.outboxEvent.findFirst({ orderBy: { seq: 'desc' } }).then((r) => r!.seq);

async function write(subjectId: string, purposeKey = 'analytics', action = 'grantConsent', on = s): Promise<string> {
  const r = await on.gql<Record<string, { id: string }>>(
    `mutation($i: ConsentInput!) { ${action}(input: $i) { id } }`,
    { i: { subjectId, purposeKey, channel: 'API', method: 'stream-test', evidence: { n: ++writes } } },
    on === s ? service : undefined,
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data[action]!.id;
}

function follow(
  variables: { p: string[]; after: number },
  token: string | null = service,
  on = s,
  /** A ping with this payload once connected (the client's clock, as @assent/client sends it). */
  ping?: { t: number },
) {
  const events: StreamEvent[] = [];
  const errors: { message: string; extensions?: { code?: string } }[] = [];
  const client = on.ws(token);
  if (ping)
    client.on('connected', (socket) =>
      (socket as { send(data: string): void }).send(JSON.stringify({ type: 'ping', payload: ping })),
    );
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

  it("a heartbeat hands back the client's time from the newest ping the server had before its read", async () => {
    const from = await outboxSeq();
    const plain = follow({ p: ['analytics'], after: from });
    const pinged = follow({ p: ['analytics'], after: from }, service, s, { t: 1_234_567 });
    await plain.caughtUp(from);
    await pinged.caughtUp(from);
    await new Promise((r) => setTimeout(r, 600));
    const beats = (f: typeof plain) => f.events.filter((e) => !e.record);
    // Without a ping, nothing to hand back; with one, the heartbeats after it carry its t (the first may precede it).
    expect(beats(plain).every((e) => e.clientTime === null)).toBe(true);
    expect(beats(pinged).at(-1)!.clientTime).toBe(1_234_567);
    expect(pinged.events.filter((e) => e.record).every((e) => e.clientTime === null)).toBe(true);
    await plain.close();
    await pinged.close();
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

  it('an event whose record cannot be read ends the stream with an error: never sent without it, never passed by', async () => {
    const from = await outboxSeq();
    const f = follow({ p: ['analytics'], after: from });
    await f.caughtUp(from);
    const service = s.app.core.service;
    const real = service.recordsByIds;
    let reads = 0;
    service.recordsByIds = async () => {
      reads++;
      throw new Error('the database went away');
    };
    try {
      await write('cs-fail');
      await vi.waitFor(() => expect(f.errors.length).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
    } finally {
      service.recordsByIds = real;
    }
    expect(reads).toBe(3);
    expect(f.errors[0]!.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    // Ended: what commits later is not sent on it (the client subscribes again from the last position it applied).
    await write('cs-fail', 'analytics', 'withdrawConsent');
    await new Promise((r) => setTimeout(r, 600));
    expect(f.records()).toEqual([]);
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

describe(`consentStream and retention (${suiteKind})`, () => {
  let r: TestServer;
  beforeAll(async () => {
    // No dispatcher: the test says which events are dispatched, and so which ones retention may prune.
    r = await startTestServer({ ASSENT_DISPATCHER: 'off' });
  });
  afterAll(async () => {
    await r?.close();
  });

  it('a position in a range retention pruned is CONFLICT, also while an older event is still kept', async () => {
    const db = r.app.core.db.prisma;
    const first = await write('cs-ret', 'analytics', 'grantConsent', r);
    const from = await outboxSeq(r);
    await write('cs-ret', 'analytics', 'withdrawConsent', r);
    await write('cs-ret', 'analytics', 'grantConsent', r);
    const newest = await outboxSeq(r);
    const kept = await db.outboxEvent.findFirst({ where: { recordId: first } });
    // Every event dispatched but the first one's (a delivery still waits for it, say): pruning keeps only that one.
    await db.outboxEvent.updateMany({ where: { seq: { not: kept!.seq } }, data: { dispatchedAt: new Date(0) } });
    const pruned = await outboxMaintenanceRepository(db, r.app.core.db.kind).pruneDispatched(new Date());
    expect(pruned).toBeGreaterThanOrEqual(2);
    const mark = await db.sinkCursor.findUnique({ where: { name: OUTBOX_PRUNED_THROUGH } });
    expect(mark!.seq).toBe(newest);
    expect(await db.outboxEvent.findFirst({ orderBy: { seq: 'asc' } })).toMatchObject({ seq: kept!.seq });

    const f = follow({ p: ['analytics'], after: from }, await apiKey(r, 'SERVICE'), r);
    await vi.waitFor(() => expect(f.errors.length).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
    expect(f.errors[0]!.extensions?.code).toBe('CONFLICT');
    expect(f.events).toEqual([]);
    await f.close();

    // A snapshot's position after the prune is the outbox's, never below the mark, even with the table empty.
    const snapshot = await r.gql<{ consentSnapshot: { outboxSeq: number } }>(
      '{ consentSnapshot(purposeKeys: ["analytics"]) { outboxSeq } }',
    );
    expect(snapshot.data!.consentSnapshot.outboxSeq).toBeGreaterThanOrEqual(mark!.seq);
    const g = follow(
      { p: ['analytics'], after: snapshot.data!.consentSnapshot.outboxSeq },
      await apiKey(r, 'SERVICE'),
      r,
    );
    await g.caughtUp(snapshot.data!.consentSnapshot.outboxSeq);
    expect(g.errors).toEqual([]);
    await g.close();
  });

  it('a position ahead of the outbox (a database restored from an older backup) is CONFLICT', async () => {
    const f = follow({ p: ['analytics'], after: (await outboxSeq(r)) + 1000 }, await apiKey(r, 'SERVICE'), r);
    await vi.waitFor(() => expect(f.errors.length).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
    expect(f.errors[0]!.extensions?.code).toBe('CONFLICT');
    await f.close();
  });
});
