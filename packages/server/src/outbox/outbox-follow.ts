import type { Logger } from 'pino';
import { AssentError } from '@assent/core';
import type { OutboxRepository, OutboxRow } from '../db/outbox.ts';

/** Receives committed outbox rows in commit order. */
export type OutboxListener = (row: OutboxRow) => void;

/**
 * Told after each read that found the end of the outbox: every row committed before `readAt` (epoch ms, this
 * process's clock; `readMono` the same instant on performance.now(), for comparing with other instants of this thread
 * whatever the wall clock does) is at or below `seq`, and listeners have had every row up to `seq`.
 */
export type CaughtUpListener = (seq: number, readAt: number, readMono: number) => void;

/** The part of the outbox tail a follower listens to. */
export interface TailFeed {
  subscribe(l: OutboxListener): () => void;
  onCaughtUp(l: CaughtUpListener): () => void;
  position(): number;
}

/** What a follower of the outbox is handed, in commit order. */
export type FollowItem =
  | { kind: 'event'; row: OutboxRow }
  /**
   * Every row up to `seq` has been handed over (or left out by the filter), and a read of the outbox at `readAt`
   * (epoch ms) found nothing after it.
   */
  | { kind: 'heartbeat'; seq: number; readAt: number; readMono: number };

/** Heartbeats closer together than this are not sent (the tail reads after every local commit). */
export const HEARTBEAT_MIN_GAP_MS = 200;
const REPLAY_PAGE = 500;
/** The replay reads its next page only while fewer items than this wait to be sent. */
const REPLAY_WATERMARK = 2 * REPLAY_PAGE;
/**
 * Items waiting to be sent beyond which a follower that does not keep up is ended (with an error): it subscribes
 * again from the last position it applied, and the server holds no more than this for it.
 */
export const MAX_WAITING = 10_000;
const RETRY_MS = 250;
/** New rows held while the replay is read at most: room for them and a replay page under MAX_WAITING once live. */
const MAX_HELD = MAX_WAITING / 2;

/**
 * The committed outbox from a position on, in commit order: first the rows after `after` that the tail had already
 * passed when the follower was added (read from the table, a page at a time as the follower takes them), then each
 * row as the tail reads it; no row twice, none left out between the two. Heartbeats follow each read of the tail that
 * finds the end, once the replay is done: a follower that has had one is caught up as of its `readAt`. `accept` leaves
 * rows out (other purposes); heartbeats still cover them. `stillWhole` is asked after each page of the replay is read,
 * and a CONFLICT ends the follower with it (retention pruned what the replay was to read); so does falling more than
 * MAX_WAITING items behind once live. While it replays, more than MAX_WAITING new rows are not held: the replay reads
 * on to where the tail has got to.
 */
export function followOutbox(
  tail: TailFeed,
  repo: Pick<OutboxRepository, 'listAfter'>,
  logger: Logger,
  o: { after: number; accept: (row: OutboxRow) => boolean; stillWhole?: () => Promise<void> },
): AsyncIterableIterator<FollowItem> {
  const queue: FollowItem[] = [];
  let wake: (() => void) | undefined;
  let roomForReplay: (() => void) | undefined;
  let done = false;
  let failure: unknown = null;
  let replaying = true;
  let handed = o.after;
  let lastBeatAt = Number.NEGATIVE_INFINITY;
  const held: OutboxRow[] = [];

  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const fail = (e: unknown) => {
    if (failure === null) failure = e;
    finish();
  };
  const hand = (row: OutboxRow) => {
    if (row.seq <= handed) return;
    handed = row.seq;
    if (o.accept(row)) queue.push({ kind: 'event', row });
  };
  const tooFarBehind = () =>
    fail(
      new AssentError(
        'RATE_LIMITED',
        `This subscriber fell more than ${MAX_WAITING} events behind; subscribe again from the last outboxSeq it applied.`,
      ),
    );
  // Added before the replay is read: a row the tail hands over from now on is held until the replay is done.
  const offRows = tail.subscribe((row) => {
    if (replaying) {
      // Only what the follower wants is held; past MAX_HELD none is, and the replay reads on to the tail's position
      // instead (a follower that keeps up is never ended for the writes that come while it catches up).
      if (!o.accept(row)) return;
      held.push(row);
      if (held.length > MAX_HELD) {
        held.length = 0;
        passed = Math.max(passed, tail.position());
      }
    } else {
      hand(row);
      if (queue.length > MAX_WAITING) tooFarBehind();
      notify();
    }
  });
  const offBeats = tail.onCaughtUp((seq, readAt, readMono) => {
    if (replaying || readMono - lastBeatAt < HEARTBEAT_MIN_GAP_MS) return;
    lastBeatAt = readMono;
    queue.push({ kind: 'heartbeat', seq: Math.max(seq, handed), readAt, readMono });
    notify();
  });
  /** The replay reads up to here: what the tail had passed when the follower was added (later, after an overflow). */
  let passed = tail.position();

  const replay = async () => {
    let cursor = o.after;
    while (!done && cursor < passed) {
      if (queue.length >= REPLAY_WATERMARK) {
        await new Promise<void>((r) => (roomForReplay = r));
        continue;
      }
      let rows: OutboxRow[];
      try {
        rows = await repo.listAfter(cursor, REPLAY_PAGE);
      } catch (e) {
        logger.warn({ err: e }, 'replaying the outbox to a subscriber failed; will retry');
        await new Promise((r) => setTimeout(r, RETRY_MS));
        continue;
      }
      // Asked after the read: if nothing after the position had been pruned by then, the page holds every row it should.
      // A CONFLICT ends the follower; a failed check is made again.
      try {
        await o.stillWhole?.();
      } catch (e) {
        if ((e as { code?: unknown })?.code === 'CONFLICT') return fail(e);
        logger.warn({ err: e }, 'checking the outbox for a subscriber failed; will retry');
        await new Promise((r) => setTimeout(r, RETRY_MS));
        continue;
      }
      for (const row of rows) {
        if (row.seq > passed) break;
        hand(row);
        cursor = row.seq;
      }
      notify();
      if (rows.length < REPLAY_PAGE || rows[rows.length - 1]!.seq > passed) break;
    }
    if (done) return;
    replaying = false;
    for (const row of held.splice(0)) hand(row);
    notify();
  };
  void replay().catch(fail);

  function finish() {
    if (done) return;
    done = true;
    offRows();
    offBeats();
    held.length = 0;
    notify();
    roomForReplay?.();
  }
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      while (!done && queue.length === 0) await new Promise<void>((r) => (wake = r));
      if (failure !== null) {
        queue.length = 0;
        throw failure;
      }
      if (queue.length) {
        const value = queue.shift()!;
        if (queue.length < REPLAY_WATERMARK && roomForReplay) {
          const r = roomForReplay;
          roomForReplay = undefined;
          r();
        }
        return { value, done: false };
      }
      return { value: undefined, done: true };
    },
    async return() {
      finish();
      return { value: undefined, done: true };
    },
  };
}
