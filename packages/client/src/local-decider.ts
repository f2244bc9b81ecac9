import { steadyNow } from './steady-clock.ts';
import { AssentError } from './assent-error.ts';
import type { Decision } from './decide-batcher.ts';
import {
  DecisionStore,
  ERASED_CODE,
  statusCode,
  statusOf,
  type LocalStatus,
  type StoreChange,
} from './decision-store.ts';
import type { EventSource, Follower, SourceSink, StreamNotice, StreamRecord } from './event-source.ts';
import {
  ConsentSnapshotDocument,
  DeciderSetupDocument,
  type ConsentSnapshotQuery,
  type DecisionReason,
} from './gql/graphql.ts';
import type { Request } from './transport.ts';

/** Why a local decision says what it says: the contract's reasons, plus STALE and UNKNOWN_PURPOSE. */
export type LocalDecisionReason = DecisionReason | 'STALE' | 'UNKNOWN_PURPOSE';

/**
 * A local decision; asOf is the instant (epoch ms) up to which the decider knew every event, on the decider's steady
 * clock (steady-clock.ts: the wall clock at start, advanced by the monotonic clock), as is health().lastHeardAt.
 */
export interface LocalDecision {
  allowed: boolean;
  reason: LocalDecisionReason;
  asOf: number;
}

/** Options of `client.localDecisions`. */
export interface LocalDecisionsOptions {
  /** The purposes to decide locally; any other purpose answers allowed false, UNKNOWN_PURPOSE. */
  purposes: readonly string[];
  /** Where events come from: NATS JetStream stream ASSENT, or the consentChanged subscription. */
  source: 'jetstream' | 'subscription' | EventSource;
  /** NATS for source 'jetstream'. Default nats://127.0.0.1:4222. */
  natsUrl?: string;
  /** Fail closed after this long without a message or heartbeat. Default 2000. */
  maxStalenessMs?: number;
  /**
   * While stale: 'deny' (default) answers STALE; 'remote' falls back to the server's decide: `decide` then returns a
   * Promise of the server's answer while the copy is stale (synchronous while it is live; see RemoteFallbackDecider),
   * and so does decideOrRemote().
   */
  onStale?: 'deny' | 'remote';
  /** Snapshot page size. Default 10,000. */
  pageSize?: number;
  /**
   * How often purposes (retired?) and notices (re-consent?) are read again. Default: 60 s with source 'jetstream'
   * (notices arrive as events); a third of maxStalenessMs with 'subscription', which carries none, and decisions
   * answer STALE once that read is older than maxStalenessMs.
   */
  refreshMetadataMs?: number;
}

/** Why the decider answers as it does. */
export interface DeciderHealth {
  state: 'loading' | 'live' | 'stale' | 'closed';
  /** Plain words: what is wrong, or 'live'. */
  reason: string;
  source: 'jetstream' | 'subscription';
  lastHeardAt: number | null;
  silentForMs: number | null;
  maxStalenessMs: number;
  /** (subject, purpose) entries held. */
  entries: number;
  subjects: number;
  /** Bytes of the store's typed arrays. */
  bytes: number;
  /** Snapshots loaded again after the first (reconnect gaps, notices taking effect). */
  reloads: number;
  lastError: string | null;
}

/** A status change the stream brought (or a reload found), after the decider applied it. */
export interface ConsentChange {
  subjectId: string;
  purposeKey: string;
  status: LocalStatus;
  previousStatus: LocalStatus;
  allowed: boolean;
  previouslyAllowed: boolean;
}

/** Synchronous, fail-closed decisions from a local copy of the projection that follows the event stream. */
export interface LocalDecider {
  /** Synchronous; never throws; allowed false with STALE while the copy may be behind. */
  decide(subjectId: string, purposeKey: string): LocalDecision;
  /** As decide, but with onStale 'remote' a STALE answer is replaced by the server's decide (denied if that fails too). */
  decideOrRemote(subjectId: string, purposeKey: string): Promise<LocalDecision>;
  health(): DeciderHealth;
  /** Calls fn after every status change is applied (withdrawals included); returns an unsubscribe. */
  on(event: 'change', fn: (change: ConsentChange) => void): () => void;
  close(): Promise<void>;
}

/**
 * A decider made with onStale 'remote': `decide` answers synchronously while the copy is live and, while it is stale,
 * returns a Promise of the server's decide (denied with STALE if the server cannot be asked either). `await` works on
 * both.
 */
export interface RemoteFallbackDecider extends Omit<LocalDecider, 'decide'> {
  decide(subjectId: string, purposeKey: string): LocalDecision | Promise<LocalDecision>;
}

/** What the decider needs from the client. */
export interface LocalDeciderDeps {
  request: Request;
  url: string;
  token?: string;
  webSocketImpl?: unknown;
  remoteDecide: (subjectId: string, purposeKey: string) => Promise<Decision>;
}

interface PurposeMeta {
  consent: boolean;
  active: boolean;
  /** Notices that require fresh consent for this purpose: version and effectiveAt (ms). */
  reconsent: { version: number; effectiveAt: number }[];
}

interface Feed {
  store: DecisionStore;
  follower: Follower | null;
}

const GRANTED = statusCode('GRANTED');
const RECONSENT = statusCode('RECONSENT_REQUIRED');
const ACTION_CODE: Record<string, number> = {
  GRANT: GRANTED,
  WITHDRAW: statusCode('WITHDRAWN'),
  REFUSE: statusCode('REFUSED'),
};
const REASON_OF: Record<number, DecisionReason> = {
  0: 'NO_CONSENT',
  1: 'NO_CONSENT',
  2: 'OTHER_LEGAL_BASIS',
  3: 'CONSENT_GRANTED',
  4: 'CONSENT_WITHDRAWN',
  5: 'RECONSENT_REQUIRED',
  6: 'CONSENT_REFUSED',
  7: 'SUBJECT_ERASED',
};
/** setTimeout's longest delay. */
const MAX_TIMER = 2 ** 31 - 1;

/** Loads the snapshot, follows the stream, and returns the decider once it is caught up. */
export async function createLocalDecider(deps: LocalDeciderDeps, opts: LocalDecisionsOptions): Promise<LocalDecider> {
  const purposes = [...new Set(opts.purposes)];
  if (purposes.length === 0) throw new AssentError('BAD_USER_INPUT', 'localDecisions needs at least one purpose.');
  const maxStalenessMs = opts.maxStalenessMs ?? 2000;
  const onStale = opts.onStale ?? 'deny';
  const pageSize = opts.pageSize ?? 10_000;
  const source: EventSource =
    typeof opts.source === 'object'
      ? opts.source
      : opts.source === 'jetstream'
        ? await (
            await import('./jetstream-source.ts')
          ).jetstreamSource({
            natsUrl: opts.natsUrl ?? 'nats://127.0.0.1:4222',
            purposes,
            pingEveryMs: Math.max(50, Math.floor(maxStalenessMs / 3)),
          })
        : (await import('./subscription-source.ts')).subscriptionSource({
            url: deps.url,
            token: deps.token,
            webSocketImpl: deps.webSocketImpl,
            purposes,
            keepAliveMs: Math.max(50, Math.floor(maxStalenessMs / 3)),
          });

  const meta: PurposeMeta[] = purposes.map(() => ({ consent: true, active: true, reconsent: [] }));
  const listeners = new Set<(c: ConsentChange) => void>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  /** Purposes whose grants lapse by a notice now in effect, until a snapshot taken after it is loaded. */
  const lapsing = new Map<number, number>();
  let current: Feed | null = null;
  /** Up to when every event is known: on the steady clock (asOf), and the wall clock's reading of the same moment. */
  let lastHeard = 0;
  let lastHeardWall = 0;
  let gapReason: string | null = null;
  let troubleReason: string | null = null;
  let lastError: string | null = null;
  let closed = false;
  let reloads = 0;
  let reloading = false;
  let reloadAgain = false;
  let reloadAfterFirstLoad: string | null = null;
  const ix = new Map(purposes.map((k, i) => [k, i]));
  /**
   * Subjects the stream said were erased, with when: an erasure is final (the server refuses every later write under
   * the id), but a snapshot names no erased subject (the server keeps no readable id of one), so every store loaded
   * later is told again.
   */
  const erasedSeen = new Map<string, number>();
  /**
   * The consentChanged subscription carries no notices and no purpose changes: with it, purposes and notices are read
   * every third of maxStalenessMs, and decisions fail closed (STALE) once that read is older than maxStalenessMs, as
   * they do when the stream falls silent. NATS brings notices as events; there the read stays a slow refresh.
   */
  const pollsMetadata = source.kind === 'subscription';
  const metadataEveryMs =
    opts.refreshMetadataMs ?? (pollsMetadata ? Math.max(50, Math.floor(maxStalenessMs / 3)) : 60_000);
  let metadataReadAt = 0;
  let metadataReadWall = 0;

  /**
   * Credits the stream as heard up to `at` (steady clock), never later than now: a source of the caller's own that
   * dates by the wall clock cannot make the copy look fresh past the bound.
   */
  const credit = (at: number) => {
    const now = steadyNow();
    const t = Math.min(at, now);
    // The same instant again still reads the wall clock afresh (it may have jumped meanwhile).
    if (t < lastHeard) return;
    lastHeard = t;
    lastHeardWall = Date.now() - (now - t);
  };
  /**
   * How long ago an instant was, as the larger of the two clocks' answers: the steady clock does not advance while the
   * host is suspended (a laptop asleep, a VM paused or restored), the wall clock can be stepped back; silence measured
   * by the larger is never shorter than the real one, whichever went wrong (a wall clock stepped forward makes it
   * longer: decisions fail closed until the next heartbeat).
   */
  const since = (steadyThen: number, wallThen: number, now: number, wall: number) =>
    Math.max(now - steadyThen, wall - wallThen);

  const allowedFor = (p: number, code: number) => {
    const m = meta[p]!;
    if (!m.active || code === ERASED_CODE) return false;
    return !m.consent || code === GRANTED;
  };

  function emit(feed: Feed, changes: StoreChange | StoreChange[] | null) {
    if (changes === null || feed !== current || listeners.size === 0) return;
    for (const c of Array.isArray(changes) ? changes : [changes]) {
      const change: ConsentChange = {
        subjectId: c.subjectId,
        purposeKey: purposes[c.purpose]!,
        status: statusOf(c.next),
        previousStatus: statusOf(c.previous),
        allowed: allowedFor(c.purpose, c.next),
        previouslyAllowed: allowedFor(c.purpose, c.previous),
      };
      for (const fn of listeners) {
        try {
          fn(change);
        } catch {
          // A listener's failure must not stop the stream.
        }
      }
    }
  }

  function applyRecord(feed: Feed, r: StreamRecord) {
    if (r.action === 'ERASE') return applyErase(feed, r.subjectId, Date.parse(r.recordedAt));
    const p = ix.get(r.purposeKey);
    let code = ACTION_CODE[r.action];
    if (p === undefined || code === undefined) return;
    const now = Date.now();
    // A grant under a notice version older than one in effect that requires fresh consent has lapsed.
    if (code === GRANTED && meta[p]!.reconsent.some((n) => n.version > r.noticeVersion.version && n.effectiveAt <= now))
      code = RECONSENT;
    emit(feed, feed.store.apply(r.subjectId, p, code, Date.parse(r.occurredAt), Date.parse(r.recordedAt)));
  }

  function applyErase(feed: Feed, subjectId: string | null, atMs: number) {
    // An erasure we cannot attribute (the id is shredded) may concern anyone: load the projection again.
    if (subjectId === null || subjectId === 'erased')
      return void requestReload('an erasure whose subject id is no longer readable');
    if (!erasedSeen.has(subjectId)) erasedSeen.set(subjectId, atMs);
    emit(feed, feed.store.erase(subjectId, atMs));
  }

  function addReconsent(p: number, version: number, effectiveAt: number, known: boolean) {
    const list = meta[p]!.reconsent;
    if (list.some((n) => n.version === version)) return;
    list.push({ version, effectiveAt });
    // Notices already in effect when the snapshot was taken are in its statuses.
    if (known && effectiveAt <= Date.now()) return;
    const fire = () => {
      const wait = effectiveAt - Date.now();
      if (wait > 0) return arm(fire, wait);
      lapsing.set(p, steadyNow());
      requestReload(`notice version ${version} makes earlier grants of ${purposes[p]} lapse`);
    };
    fire();
  }

  function arm(fn: () => void, ms: number) {
    const t = setTimeout(
      () => {
        timers.delete(t);
        if (!closed) fn();
      },
      Math.min(ms, MAX_TIMER),
    );
    (t as { unref?: () => void }).unref?.();
    timers.add(t);
  }

  function onNotice(n: StreamNotice) {
    for (const np of n.purposes) {
      const p = ix.get(np.purposeKey);
      if (p !== undefined && np.requiresReconsent) addReconsent(p, n.version, Date.parse(n.effectiveAt), false);
    }
  }

  function sinkFor(feed: Feed): SourceSink {
    return {
      record: (r) => applyRecord(feed, r),
      erased: (id, at) => applyErase(feed, id, at),
      notice: onNotice,
      heard: (at) => {
        if (feed !== current) return;
        credit(at);
        troubleReason = null;
      },
      gap: (reason) => {
        if (feed === current) gapReason = reason;
        requestReload(reason);
      },
      trouble: (reason) => {
        if (feed === current || current === null) troubleReason = reason;
      },
    };
  }

  async function setup(first: boolean) {
    const { purposes: all, noticeVersions } = await deps.request(DeciderSetupDocument, {});
    const byKey = new Map(all.map((p) => [p.key, p]));
    const missing = purposes.filter((k) => !byKey.has(k));
    if (missing.length && first) throw new AssentError('NOT_FOUND', `Unknown purpose(s): ${missing.join(', ')}.`);
    purposes.forEach((k, p) => {
      const found = byKey.get(k);
      if (!found) return;
      meta[p]!.consent = found.legalBasis === 'CONSENT';
      meta[p]!.active = found.active;
    });
    for (const n of noticeVersions) onNoticeKnown(n, first);
    metadataReadAt = steadyNow();
    metadataReadWall = Date.now();
  }

  function onNoticeKnown(
    n: { version: number; effectiveAt: string; purposes: { purposeKey: string; requiresReconsent: boolean }[] },
    known: boolean,
  ) {
    for (const np of n.purposes) {
      const p = ix.get(np.purposeKey);
      if (p !== undefined && np.requiresReconsent) addReconsent(p, n.version, Date.parse(n.effectiveAt), known);
    }
  }

  /** A new store from the snapshot, with a follower that listened from before its first page. */
  async function load(): Promise<Feed> {
    const feed: Feed = { store: new DecisionStore(purposes), follower: null };
    const follower = await source.follower(sinkFor(feed));
    feed.follower = follower;
    const fetchPage = (after: string | null): Promise<ConsentSnapshotQuery> =>
      deps.request(ConsentSnapshotDocument, { purposeKeys: purposes, first: pageSize, after });
    let next: Promise<ConsentSnapshotQuery> | null = fetchPage(null);
    try {
      let position: { streamSequence: number; outboxSeq: number } | null = null;
      while (next !== null) {
        const page: ConsentSnapshotQuery['consentSnapshot'] = (await next).consentSnapshot;
        position ??= { streamSequence: page.streamSequence, outboxSeq: page.outboxSeq };
        // The next page is asked for before this one is applied, so the server reads it meanwhile.
        next = page.hasNextPage && page.endCursor !== null && !closed ? fetchPage(page.endCursor) : null;
        const store = feed.store;
        for (const row of page.rows) {
          const p = ix.get(row.purposeKey);
          if (p !== undefined) store.load(row.subjectId, p, statusCode(row.status), Date.parse(row.occurredAt));
        }
      }
      for (const [id, atMs] of erasedSeen) feed.store.erase(id, atMs);
      await follower.start(position!);
      return feed;
    } catch (e) {
      // A page already asked for is not awaited any more: keep its failure from going unhandled.
      next?.catch(() => {});
      await follower.close().catch(() => {});
      throw e;
    }
  }

  function requestReload(reason: string) {
    lastError = reason;
    if (closed) return;
    if (current === null) {
      // Asked while the first snapshot loads (e.g. a notice replayed from the stream): load again after it.
      reloadAfterFirstLoad = reason;
      return;
    }
    if (reloading) {
      reloadAgain = true;
      return;
    }
    void reload();
  }

  async function reload() {
    reloading = true;
    try {
      for (let attempt = 0; !closed; attempt++) {
        reloadAgain = false;
        const startedAt = steadyNow();
        let feed: Feed;
        try {
          feed = await load();
        } catch (e) {
          lastError = `reloading the snapshot failed: ${(e as Error).message}`;
          await new Promise<void>((r) => arm(r, Math.min(30_000, 500 * 2 ** attempt)));
          continue;
        }
        if (closed) return void (await feed.follower?.close());
        if (reloadAgain) {
          // Something was missed while loading (another gap): load once more.
          await feed.follower?.close();
          continue;
        }
        const old = current!;
        current = feed;
        credit(startedAt);
        gapReason = null;
        for (const [p, since] of lapsing) if (since <= startedAt) lapsing.delete(p);
        reloads++;
        diff(old.store, feed);
        await old.follower?.close().catch(() => {});
        if (!reloadAgain) return;
      }
    } finally {
      reloading = false;
    }
  }

  /** Change events for what a reload found different (events missed in a gap, lapsed grants). */
  function diff(before: DecisionStore, feed: Feed) {
    if (listeners.size === 0) return;
    const after = feed.store;
    const norm = (c: number) => (c === 0 ? 1 : c);
    const changes: StoreChange[] = [];
    for (let i = 0; i < before.subjects.size; i++) {
      const id = before.subjects.idAt(i);
      const j = after.subjects.find(id);
      for (let p = 0; p < purposes.length; p++) {
        const was = norm(before.codeAt(i, p));
        const now = j < 0 ? 1 : norm(after.codeAt(j, p));
        if (was !== now) changes.push({ subjectId: id, purpose: p, previous: was, next: now });
      }
    }
    for (let j = 0; j < after.subjects.size; j++) {
      const id = after.subjects.idAt(j);
      if (before.subjects.find(id) >= 0) continue;
      for (let p = 0; p < purposes.length; p++) {
        const now = norm(after.codeAt(j, p));
        if (now !== 1) changes.push({ subjectId: id, purpose: p, previous: 1, next: now });
      }
    }
    emit(feed, changes);
  }

  try {
    await setup(true);
    // Known as of when the snapshot began (as a reload counts it): what committed while it loaded is vouched for by the
    // source afterwards (a heartbeat, a ping), not by the snapshot's end.
    const startedAt = steadyNow();
    current = await load();
    credit(startedAt);
    // The first snapshot may not show what arrived while it loaded (a notice taking effect): load again.
    if (reloadAfterFirstLoad !== null) requestReload(reloadAfterFirstLoad);
  } catch (e) {
    closed = true;
    for (const t of timers) clearTimeout(t);
    await source.close().catch(() => {});
    throw e;
  }

  const refresh = setInterval(() => {
    setup(false).catch((e: Error) => (lastError = `reading purposes and notices failed: ${e.message}`));
  }, metadataEveryMs);
  (refresh as { unref?: () => void }).unref?.();

  const metadataOutdated = (now: number, wall: number) =>
    pollsMetadata && since(metadataReadAt, metadataReadWall, now, wall) > maxStalenessMs;
  const decideHere = (subjectId: string, purposeKey: string): LocalDecision => {
    const p = ix.get(purposeKey);
    const asOf = lastHeard;
    if (p === undefined) return { allowed: false, reason: 'UNKNOWN_PURPOSE', asOf };
    const now = steadyNow();
    const wall = Date.now();
    if (
      closed ||
      gapReason !== null ||
      since(lastHeard, lastHeardWall, now, wall) > maxStalenessMs ||
      metadataOutdated(now, wall)
    )
      return { allowed: false, reason: 'STALE', asOf };
    const m = meta[p]!;
    if (!m.active) return { allowed: false, reason: 'PURPOSE_INACTIVE', asOf };
    const code = current!.store.code(subjectId, p);
    if (code === ERASED_CODE) return { allowed: false, reason: 'SUBJECT_ERASED', asOf };
    if (!m.consent) return { allowed: true, reason: 'OTHER_LEGAL_BASIS', asOf };
    if (code === GRANTED)
      return lapsing.has(p)
        ? { allowed: false, reason: 'STALE', asOf }
        : { allowed: true, reason: 'CONSENT_GRANTED', asOf };
    return { allowed: false, reason: REASON_OF[code]!, asOf };
  };
  const decider: LocalDecider = {
    // With onStale 'remote' a STALE answer becomes the server's (RemoteFallbackDecider); localDecisions types it so.
    decide:
      onStale === 'remote'
        ? (((subjectId: string, purposeKey: string) => {
            const local = decideHere(subjectId, purposeKey);
            return local.reason === 'STALE' ? decider.decideOrRemote(subjectId, purposeKey) : local;
          }) as unknown as LocalDecider['decide'])
        : decideHere,
    async decideOrRemote(subjectId, purposeKey) {
      const local = decideHere(subjectId, purposeKey);
      if (local.reason !== 'STALE' || onStale !== 'remote') return local;
      try {
        const d = await deps.remoteDecide(subjectId, purposeKey);
        return { allowed: d.allowed, reason: d.reason, asOf: Date.parse(d.at) };
      } catch (e) {
        lastError = `the remote decide failed: ${(e as Error).message}`;
        return local;
      }
    },
    health() {
      const now = steadyNow();
      const wall = Date.now();
      const silent = lastHeard ? since(lastHeard, lastHeardWall, now, wall) : null;
      const base = {
        source: source.kind,
        lastHeardAt: lastHeard || null,
        silentForMs: silent,
        maxStalenessMs,
        entries: current?.store.entries ?? 0,
        subjects: current?.store.subjects.size ?? 0,
        bytes: current?.store.bytes() ?? 0,
        reloads,
        lastError,
      };
      if (closed) return { ...base, state: 'closed', reason: 'closed' };
      if (gapReason !== null) return { ...base, state: 'stale', reason: `${gapReason}; loading the snapshot again` };
      if (silent === null || silent > maxStalenessMs) {
        return {
          ...base,
          state: 'stale',
          reason: `nothing heard from the ${source.kind} for ${silent ?? '?'} ms (bound ${maxStalenessMs} ms)${troubleReason ? `: ${troubleReason}` : ''}`,
        };
      }
      if (metadataOutdated(now, wall))
        return {
          ...base,
          state: 'stale',
          reason: `purposes and notices not read for ${since(metadataReadAt, metadataReadWall, now, wall)} ms (bound ${maxStalenessMs} ms): the subscription carries no notices${lastError ? `; ${lastError}` : ''}`,
        };
      if (lapsing.size)
        return {
          ...base,
          state: 'live',
          reason: `live; grants of ${[...lapsing.keys()].map((p) => purposes[p]).join(', ')} answer STALE until a snapshot taken after the new notice is loaded`,
        };
      return { ...base, state: 'live', reason: 'live' };
    },
    on(_event, fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(refresh);
      for (const t of timers) clearTimeout(t);
      await current?.follower?.close().catch(() => {});
      await source.close().catch(() => {});
    },
  };
  return decider;
}
