import { steadyNow } from './steady-clock.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAssentClient } from './assent-client.ts';
import type { EventSource, SnapshotPosition, SourceSink, StreamRecord } from './event-source.ts';
import type { ConsentChange, LocalDecider } from './local-decider.ts';
import { fakeFetch, type FakeAnswer } from '../test/fake-fetch.ts';

const url = 'http://assent.test/graphql';
const T0 = '2026-12-06T10:00:00.000Z';
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

type Row = {
  subjectId: string;
  purposeKey: string;
  status: string;
  allowed: boolean;
  recordId: string;
  occurredAt: string;
};
const row = (subjectId: string, purposeKey: string, status: string, s = 0): Row => ({
  subjectId,
  purposeKey,
  status,
  allowed: status === 'GRANTED',
  recordId: `r-${subjectId}-${purposeKey}`,
  occurredAt: at(s),
});

/** An event source under the test's control, recording what the decider asked of it and when. */
function fakeSource(kind: 'jetstream' | 'subscription' = 'jetstream') {
  const log: string[] = [];
  const sinks: SourceSink[] = [];
  const buffered: StreamRecord[][] = [];
  const source: EventSource = {
    kind,
    async follower(sink) {
      const n = sinks.push(sink) - 1;
      buffered[n] = [];
      log.push(`follower ${n}`);
      return {
        async start(position: SnapshotPosition) {
          log.push(`start ${n} after ${position.streamSequence}`);
          for (const r of buffered[n]!) sink.record(r);
          buffered[n] = [];
          sink.heard(steadyNow());
        },
        async close() {
          log.push(`close ${n}`);
        },
      };
    },
    async close() {
      log.push('source closed');
    },
  };
  return {
    source,
    log,
    sinks,
    /** The newest follower's sink. */
    get sink() {
      return sinks.at(-1)!;
    },
    /** An event that reaches the newest follower before its start (a write during the snapshot). */
    during(r: StreamRecord) {
      buffered[sinks.length - 1]!.push(r);
    },
  };
}

const record = (
  subjectId: string,
  purposeKey: string,
  action: 'GRANT' | 'WITHDRAW' | 'REFUSE' | 'ERASE',
  s: number,
  version = 1,
): StreamRecord => ({
  subjectId,
  purposeKey,
  action,
  occurredAt: at(s),
  recordedAt: at(s),
  noticeVersion: { version },
});

interface ServerState {
  pages: Row[][];
  notices?: {
    version: number;
    publishedAt: string;
    effectiveAt: string;
    purposes: { purposeKey: string; requiresReconsent: boolean }[];
  }[];
  onPage?: (n: number) => void | Promise<void>;
  streamSequence?: number;
  /** DeciderSetup answers 503 while set. */
  setupDown?: boolean;
}

function server(state: ServerState) {
  return fakeFetch({
    DeciderSetup: (): FakeAnswer =>
      state.setupDown
        ? { status: 503, raw: 'unavailable' }
        : {
            body: {
              data: {
                purposes: [
                  { key: 'marketing-email', legalBasis: 'CONSENT', active: true },
                  { key: 'analytics', legalBasis: 'CONSENT', active: true },
                  { key: 'billing', legalBasis: 'CONTRACT', active: true },
                  { key: 'old', legalBasis: 'CONSENT', active: false },
                ],
                noticeVersions: state.notices ?? [],
              },
            },
          },
    ConsentSnapshot: async (v): Promise<FakeAnswer> => {
      const n = v.after == null ? 0 : Number(v.after);
      await state.onPage?.(n);
      return {
        body: {
          data: {
            consentSnapshot: {
              rows: state.pages[n] ?? [],
              endCursor: String(n + 1),
              hasNextPage: n + 1 < state.pages.length,
              streamSequence: state.streamSequence ?? 41 + n,
              outboxSeq: 7,
            },
          },
        },
      };
    },
    Decide: (v): FakeAnswer => ({
      body: {
        data: {
          decide: {
            subjectId: v.subjectId,
            purposeKey: v.purposeKey,
            allowed: true,
            legalBasis: 'CONSENT',
            reason: 'CONSENT_GRANTED',
            at: T0,
            record: null,
          },
        },
      },
    }),
  });
}

let decider: LocalDecider | undefined;
afterEach(async () => {
  await decider?.close();
  decider = undefined;
  vi.useRealTimers();
});

const PURPOSES = ['marketing-email', 'analytics', 'billing', 'old'];

async function start(
  state: ServerState,
  opts: { onStale?: 'deny' | 'remote'; kind?: 'jetstream' | 'subscription' } = {},
) {
  const s = server(state);
  const src = fakeSource(opts.kind);
  const client = createAssentClient({ url, token: 'k', fetch: s.fetch });
  decider = await client.localDecisions({ purposes: PURPOSES, source: src.source, onStale: opts.onStale });
  return { s, src, decider };
}

describe('local decisions from the snapshot', () => {
  it('loads every page and answers synchronously with the contract reasons', async () => {
    const { s, decider } = await start({
      pages: [
        [row('alice', 'marketing-email', 'GRANTED'), row('bob', 'marketing-email', 'WITHDRAWN')],
        [row('carol', 'analytics', 'REFUSED'), row('dave', 'marketing-email', 'RECONSENT_REQUIRED')],
      ],
    });
    expect(s.seen.filter((r) => r.operation === 'ConsentSnapshot').map((r) => r.variables.after ?? null)).toEqual([
      null,
      '1',
    ]);
    expect(decider.decide('alice', 'marketing-email')).toMatchObject({ allowed: true, reason: 'CONSENT_GRANTED' });
    expect(decider.decide('bob', 'marketing-email')).toMatchObject({ allowed: false, reason: 'CONSENT_WITHDRAWN' });
    expect(decider.decide('carol', 'analytics')).toMatchObject({ allowed: false, reason: 'CONSENT_REFUSED' });
    expect(decider.decide('dave', 'marketing-email')).toMatchObject({ allowed: false, reason: 'RECONSENT_REQUIRED' });
    expect(decider.decide('nobody', 'marketing-email')).toMatchObject({ allowed: false, reason: 'NO_CONSENT' });
    expect(decider.decide('nobody', 'billing')).toMatchObject({ allowed: true, reason: 'OTHER_LEGAL_BASIS' });
    expect(decider.decide('alice', 'old')).toMatchObject({ allowed: false, reason: 'PURPOSE_INACTIVE' });
    expect(decider.health()).toMatchObject({ state: 'live', entries: 4, subjects: 4 });
  });

  it('a purpose outside the snapshot set is denied with UNKNOWN_PURPOSE', async () => {
    const { decider } = await start({ pages: [[row('alice', 'marketing-email', 'GRANTED')]] });
    expect(decider.decide('alice', 'ads')).toMatchObject({ allowed: false, reason: 'UNKNOWN_PURPOSE' });
  });

  it('listens before the first page and follows from the position of the first page, so writes during the snapshot are kept', async () => {
    const state: ServerState = {
      pages: [[row('alice', 'marketing-email', 'GRANTED', 0)], [row('zoe', 'marketing-email', 'GRANTED', 0)]],
    };
    const src = fakeSource();
    state.onPage = (n) => {
      // Between the pages alice withdraws (her row was already read) and zoe withdraws (her page is read after).
      if (n === 1) {
        src.during(record('alice', 'marketing-email', 'WITHDRAW', 5));
        src.during(record('zoe', 'marketing-email', 'WITHDRAW', 5));
      }
    };
    const s = server(state);
    const client = createAssentClient({ url, fetch: s.fetch });
    decider = await client.localDecisions({ purposes: PURPOSES, source: src.source });
    expect(src.log).toEqual(['follower 0', 'start 0 after 41']);
    expect(decider.decide('alice', 'marketing-email').reason).toBe('CONSENT_WITHDRAWN');
    expect(decider.decide('zoe', 'marketing-email').reason).toBe('CONSENT_WITHDRAWN');
  });

  it('refuses to start with a purpose the server does not know', async () => {
    const s = server({ pages: [[]] });
    const client = createAssentClient({ url, fetch: s.fetch });
    await expect(client.localDecisions({ purposes: ['nope'], source: fakeSource().source })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('following the stream', () => {
  it('applies newer events, ignores older and duplicate ones, and tells listeners about changes after applying them', async () => {
    const { src, decider } = await start({ pages: [[row('alice', 'marketing-email', 'GRANTED', 10)]] });
    const changes: ConsentChange[] = [];
    decider.on('change', (c) =>
      changes.push({ ...c, ...({ seenAs: decider.decide(c.subjectId, c.purposeKey).allowed } as object) }),
    );
    src.sink.record(record('alice', 'marketing-email', 'WITHDRAW', 5)); // older than the snapshot row
    expect(decider.decide('alice', 'marketing-email').allowed).toBe(true);
    const withdraw = record('alice', 'marketing-email', 'WITHDRAW', 20);
    src.sink.record(withdraw);
    src.sink.record(withdraw); // a duplicate
    expect(decider.decide('alice', 'marketing-email')).toMatchObject({ allowed: false, reason: 'CONSENT_WITHDRAWN' });
    expect(changes).toEqual([
      {
        subjectId: 'alice',
        purposeKey: 'marketing-email',
        status: 'WITHDRAWN',
        previousStatus: 'GRANTED',
        allowed: false,
        previouslyAllowed: true,
        seenAs: false,
      },
    ]);
    src.sink.record(record('bob', 'analytics', 'GRANT', 30));
    expect(decider.decide('bob', 'analytics').allowed).toBe(true);
    src.sink.record(record('carl', 'ads', 'GRANT', 30)); // not followed
    expect(decider.health().entries).toBe(2);
  });

  it('an erasure denies every purpose with SUBJECT_ERASED, whatever comes after', async () => {
    const { src, decider } = await start({
      pages: [[row('erin', 'marketing-email', 'GRANTED'), row('erin', 'analytics', 'GRANTED')]],
    });
    src.sink.erased('erin', Date.parse(at(50)));
    src.sink.record(record('erin', 'marketing-email', 'GRANT', 60));
    expect(decider.decide('erin', 'marketing-email')).toMatchObject({ allowed: false, reason: 'SUBJECT_ERASED' });
    expect(decider.decide('erin', 'billing')).toMatchObject({ allowed: false, reason: 'SUBJECT_ERASED' });
  });

  it('an erasure outlives a reload: the new snapshot names no erased subject, yet the decider keeps denying and reports no change', async () => {
    const state: ServerState = {
      pages: [[row('erin', 'marketing-email', 'GRANTED'), row('bob', 'analytics', 'GRANTED')]],
    };
    const { src, decider } = await start(state, { kind: 'subscription' });
    const changes: ConsentChange[] = [];
    decider.on('change', (c) => changes.push(c));
    src.sink.erased('erin', Date.parse(at(50)));
    expect(changes.map((c) => `${c.purposeKey} ${c.status}`)).toContain('billing ERASED');
    changes.length = 0;
    // The server's projection no longer has erin at all; a gap makes the decider load it again.
    state.pages = [[row('bob', 'analytics', 'GRANTED')]];
    src.sink.gap('the subscription reconnected after a gap');
    await vi.waitFor(() => expect(decider.health().reloads).toBe(1));
    for (const purpose of ['marketing-email', 'analytics', 'billing'])
      expect(decider.decide('erin', purpose), purpose).toMatchObject({ allowed: false, reason: 'SUBJECT_ERASED' });
    expect(decider.decide('bob', 'analytics').allowed).toBe(true);
    expect(changes).toEqual([]);
  });

  it('a grant under a notice older than one in effect that requires fresh consent counts as RECONSENT_REQUIRED', async () => {
    const { src, decider } = await start({
      pages: [[]],
      notices: [
        {
          version: 2,
          publishedAt: new Date(Date.now() - 100_000).toISOString(),
          effectiveAt: new Date(Date.now() - 50_000).toISOString(),
          purposes: [{ purposeKey: 'marketing-email', requiresReconsent: true }],
        },
      ],
    });
    src.sink.record(record('gus', 'marketing-email', 'GRANT', 1e6, 1));
    src.sink.record(record('hal', 'marketing-email', 'GRANT', 1e6, 2));
    expect(decider.decide('gus', 'marketing-email').reason).toBe('RECONSENT_REQUIRED');
    expect(decider.decide('hal', 'marketing-email').reason).toBe('CONSENT_GRANTED');
  });
});

describe('fail closed', () => {
  it('answers STALE once nothing was heard for maxStalenessMs, says why in health(), and recovers when the stream is heard again', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'performance', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const { src, decider } = await start({ pages: [[row('alice', 'marketing-email', 'GRANTED')]] });
    expect(decider.decide('alice', 'marketing-email').allowed).toBe(true);
    vi.advanceTimersByTime(2000);
    expect(decider.decide('alice', 'marketing-email').allowed).toBe(true);
    src.sink.trouble('NATS connection lost');
    vi.advanceTimersByTime(1);
    expect(decider.decide('alice', 'marketing-email')).toMatchObject({ allowed: false, reason: 'STALE' });
    expect(decider.health()).toMatchObject({ state: 'stale' });
    expect(decider.health().reason).toMatch(
      /nothing heard from the jetstream for 2001 ms \(bound 2000 ms\): NATS connection lost/,
    );
    src.sink.heard(steadyNow());
    expect(decider.decide('alice', 'marketing-email')).toMatchObject({
      allowed: true,
      reason: 'CONSENT_GRANTED',
      asOf: Date.now(),
    });
    expect(decider.health().state).toBe('live');
  });

  it('silence is measured on both clocks, the larger counting: a wall clock stepped back does not extend the bound, a suspended host (the wall clock jumps, the steady one did not run) fails closed at once', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'performance', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const { src, decider } = await start({ pages: [[row('alice', 'marketing-email', 'GRANTED')]] });
    src.sink.heard(steadyNow());
    // Suspended for an hour (what setSystemTime alone does here: the wall clock moves, the steady clock does not).
    vi.setSystemTime(Date.now() + 3_600_000);
    expect(decider.decide('alice', 'marketing-email')).toMatchObject({ allowed: false, reason: 'STALE' });
    expect(decider.health().reason).toMatch(/nothing heard from the jetstream for 3600000 ms/);
    // Heard again after waking: live.
    src.sink.heard(steadyNow());
    expect(decider.decide('alice', 'marketing-email')).toMatchObject({ allowed: true, reason: 'CONSENT_GRANTED' });
    // The wall clock stepped two hours back, then silence: STALE after maxStalenessMs of real time, not two hours more.
    vi.setSystemTime(Date.now() - 7_200_000);
    vi.advanceTimersByTime(2000);
    expect(decider.decide('alice', 'marketing-email').allowed).toBe(true);
    vi.advanceTimersByTime(1);
    expect(decider.decide('alice', 'marketing-email')).toMatchObject({ allowed: false, reason: 'STALE' });
    expect(decider.health().reason).toMatch(/nothing heard from the jetstream for 2001 ms/);
  });

  it("a source that dates what it heard by another clock cannot date it later than now (the wall clock an hour ahead of the decider's)", async () => {
    vi.useFakeTimers({ toFake: ['Date', 'performance', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const { src, decider } = await start({ pages: [[row('alice', 'marketing-email', 'GRANTED')]] });
    src.sink.heard(steadyNow() + 3_600_000);
    expect(decider.decide('alice', 'marketing-email').asOf).toBe(steadyNow());
    vi.advanceTimersByTime(2001);
    expect(decider.decide('alice', 'marketing-email')).toMatchObject({ allowed: false, reason: 'STALE' });
  });

  it('a gap (subscription reconnected) answers STALE until the snapshot is loaded again, then reports what changed', async () => {
    const state: ServerState = {
      pages: [[row('alice', 'marketing-email', 'GRANTED'), row('bob', 'marketing-email', 'GRANTED')]],
    };
    const { src, decider, s } = await start(state, { kind: 'subscription' });
    const changes: ConsentChange[] = [];
    decider.on('change', (c) => changes.push(c));
    // During the gap alice withdrew; the server's projection has it, the stream lost it.
    state.pages = [[row('alice', 'marketing-email', 'WITHDRAWN', 9), row('bob', 'marketing-email', 'GRANTED')]];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    state.onPage = () => held;
    src.sink.gap('the subscription reconnected after a gap');
    expect(decider.decide('bob', 'marketing-email')).toMatchObject({ allowed: false, reason: 'STALE' });
    expect(decider.health().reason).toMatch(/reconnected after a gap/);
    release();
    await vi.waitFor(() => expect(decider.health().reloads).toBe(1));
    expect(s.seen.filter((r) => r.operation === 'ConsentSnapshot')).toHaveLength(2);
    expect(decider.decide('alice', 'marketing-email').reason).toBe('CONSENT_WITHDRAWN');
    expect(decider.decide('bob', 'marketing-email').allowed).toBe(true);
    expect(changes).toEqual([
      {
        subjectId: 'alice',
        purposeKey: 'marketing-email',
        status: 'WITHDRAWN',
        previousStatus: 'GRANTED',
        allowed: false,
        previouslyAllowed: true,
      },
    ]);
    expect(src.log).toEqual(['follower 0', 'start 0 after 41', 'follower 1', 'start 1 after 41', 'close 0']);
  });

  it("with onStale 'remote', decide and decideOrRemote ask the server while stale (decide then returns a Promise)", async () => {
    vi.useFakeTimers({ toFake: ['Date', 'performance', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const { s, decider } = await start({ pages: [[]] }, { onStale: 'remote' });
    // Live: synchronous, from the local copy.
    expect(decider.decide('x', 'marketing-email')).toMatchObject({ allowed: false, reason: 'NO_CONSENT' });
    vi.advanceTimersByTime(5000);
    const stale = decider.decide('x', 'marketing-email');
    expect(stale).toBeInstanceOf(Promise);
    expect(await stale).toMatchObject({ allowed: true, reason: 'CONSENT_GRANTED', asOf: Date.parse(T0) });
    expect(s.seen.at(-1)!.operation).toBe('Decide');
    expect(await decider.decideOrRemote('x', 'marketing-email')).toMatchObject({
      allowed: true,
      reason: 'CONSENT_GRANTED',
      asOf: Date.parse(T0),
    });
    expect(s.seen.at(-1)!.operation).toBe('Decide');
  });

  it("with onStale 'deny', decideOrRemote answers the local STALE denial without asking", async () => {
    vi.useFakeTimers({ toFake: ['Date', 'performance', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const { s, decider } = await start({ pages: [[]] });
    vi.advanceTimersByTime(5000);
    expect(await decider.decideOrRemote('x', 'marketing-email')).toMatchObject({ allowed: false, reason: 'STALE' });
    expect(s.seen.some((r) => r.operation === 'Decide')).toBe(false);
  });

  it('a notice that makes grants lapse turns them STALE at its effectiveAt until a snapshot taken after it is loaded', async () => {
    vi.useFakeTimers({
      toFake: ['Date', 'performance', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'],
      now: Date.parse(T0),
    });
    const state: ServerState = { pages: [[row('alice', 'marketing-email', 'GRANTED', -10)]] };
    const { src, decider } = await start(state);
    src.sink.notice({
      version: 2,
      effectiveAt: at(60),
      purposes: [{ purposeKey: 'marketing-email', requiresReconsent: true }],
    });
    src.sink.heard(steadyNow());
    expect(decider.decide('alice', 'marketing-email').allowed).toBe(true);
    state.pages = [[row('alice', 'marketing-email', 'RECONSENT_REQUIRED', -10)]];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    state.onPage = () => held;
    await vi.advanceTimersByTimeAsync(60_000);
    src.sinks[0]!.heard(steadyNow());
    expect(decider.decide('alice', 'marketing-email')).toMatchObject({ allowed: false, reason: 'STALE' });
    release();
    await vi.waitFor(() => expect(decider.health().reloads).toBe(1));
    expect(decider.decide('alice', 'marketing-email')).toMatchObject({ allowed: false, reason: 'RECONSENT_REQUIRED' });
  });

  it('with the subscription (no notices in it) purposes and notices are read every third of maxStalenessMs: a new notice lapses grants within that, and a read that fails makes decisions STALE', async () => {
    vi.useFakeTimers({
      toFake: ['Date', 'performance', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'],
      now: Date.parse(T0),
    });
    const state: ServerState = { pages: [[row('alice', 'marketing-email', 'GRANTED', -10)]] };
    const { src, decider } = await start(state, { kind: 'subscription' });
    const heard = () => src.sink.heard(steadyNow());
    expect(decider.decide('alice', 'marketing-email').allowed).toBe(true);
    // Published and in effect at once; the subscription says nothing of it.
    state.notices = [
      {
        version: 2,
        publishedAt: at(1),
        effectiveAt: at(1),
        purposes: [{ purposeKey: 'marketing-email', requiresReconsent: true }],
      },
    ];
    state.pages = [[row('alice', 'marketing-email', 'RECONSENT_REQUIRED', -10)]];
    await vi.advanceTimersByTimeAsync(1_000);
    heard();
    await vi.waitFor(() => expect(decider.health().reloads).toBe(1));
    expect(decider.decide('alice', 'marketing-email')).toMatchObject({ allowed: false, reason: 'RECONSENT_REQUIRED' });
    // The server stops answering the read (the stream's heartbeats still arrive): STALE once it is older than 2 s.
    state.setupDown = true;
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(500);
      heard();
    }
    expect(decider.decide('alice', 'billing')).toMatchObject({ allowed: false, reason: 'STALE' });
    expect(decider.health()).toMatchObject({ state: 'stale' });
    expect(decider.health().reason).toMatch(/purposes and notices not read for \d+ ms \(bound 2000 ms\)/);
  });

  it('a notice taking effect while the first snapshot loads keeps its grants STALE until a later snapshot is loaded', async () => {
    const src = fakeSource();
    const state: ServerState = { pages: [[row('alice', 'marketing-email', 'GRANTED', -10)]] };
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    state.onPage = () => {
      if (src.sinks.length === 1)
        src.sink.notice({
          version: 2,
          effectiveAt: new Date(Date.now() - 1000).toISOString(),
          purposes: [{ purposeKey: 'marketing-email', requiresReconsent: true }],
        });
      else return held;
    };
    const s = server(state);
    decider = await createAssentClient({ url, fetch: s.fetch }).localDecisions({
      purposes: PURPOSES,
      source: src.source,
    });
    expect(decider.decide('alice', 'marketing-email')).toMatchObject({ allowed: false, reason: 'STALE' });
    state.pages = [[row('alice', 'marketing-email', 'RECONSENT_REQUIRED', -10)]];
    release();
    await vi.waitFor(() => expect(decider!.health().reloads).toBe(1));
    expect(decider.decide('alice', 'marketing-email')).toMatchObject({ allowed: false, reason: 'RECONSENT_REQUIRED' });
  });

  it('after close every decision is STALE and health says closed', async () => {
    const { src, decider } = await start({ pages: [[row('alice', 'marketing-email', 'GRANTED')]] });
    await decider.close();
    expect(decider.decide('alice', 'marketing-email')).toMatchObject({ allowed: false, reason: 'STALE' });
    expect(decider.health().state).toBe('closed');
    expect(src.log.at(-1)).toBe('source closed');
  });
});
