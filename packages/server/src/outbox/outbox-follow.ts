import type { Logger } from 'pino';
import type { OutboxRepository, OutboxRow } from '../db/outbox.ts';
import type { CaughtUpListener, OutboxListener } from './outbox-tail.ts';

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
  | { kind: 'heartbeat'; seq: number; readAt: number };

/** Heartbeats closer together than this are not sent (the tail reads after every local commit). */
export const HEARTBEAT_MIN_GAP_MS = 200;
const REPLAY_PAGE = 500;
const RETRY_MS = 250;

/**
 * The committed outbox from a position on, in commit order: first the rows after `after` that the tail had already
 * passed when the follower was added (read from the table), then each row as the tail reads it; no row twice, none
 * left out between the two. Heartbeats follow each read of the tail that finds the end, once the replay is done: a
 * follower that has had one is caught up as of its `readAt`. `accept` leaves rows out (other purposes); heartbeats
 * still cover them.
 */
export function followOutbox(
  tail: TailFeed,
  repo: Pick<OutboxRepository, 'listAfter'>,
  logger: Logger,
  o: { after: number; accept: (row: OutboxRow) => boolean },
): AsyncIterableIterator<FollowItem> {
  const queue: FollowItem[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  let replaying = true;
  let handed = o.after;
  let lastBeatAt = 0;
  const held: OutboxRow[] = [];

  const hand = (row: OutboxRow) => {
    if (row.seq <= handed) return;
    handed = row.seq;
    if (o.accept(row)) queue.push({ kind: 'event', row });
  };
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  // Added before the replay is read: a row the tail hands over from now on is held until the replay is done.
  const offRows = tail.subscribe((row) => {
    if (replaying) held.push(row);
    else {
      hand(row);
      notify();
    }
  });
  const offBeats = tail.onCaughtUp((seq, readAt) => {
    if (replaying || readAt - lastBeatAt < HEARTBEAT_MIN_GAP_MS) return;
    lastBeatAt = readAt;
    queue.push({ kind: 'heartbeat', seq: Math.max(seq, handed), readAt });
    notify();
  });
  const passed = tail.position();

  const replay = async () => {
    let cursor = o.after;
    while (!done && cursor < passed) {
      let rows: OutboxRow[];
      try {
        rows = await repo.listAfter(cursor, REPLAY_PAGE);
      } catch (e) {
        logger.warn({ err: e }, 'replaying the outbox to a subscriber failed; will retry');
        await new Promise((r) => setTimeout(r, RETRY_MS));
        continue;
      }
      for (const row of rows) {
        if (row.seq > passed) break;
        hand(row);
        cursor = row.seq;
      }
      if (rows.length < REPLAY_PAGE || rows[rows.length - 1]!.seq > passed) break;
      notify();
    }
    replaying = false;
    for (const row of held.splice(0)) hand(row);
    notify();
  };
  void replay();

  const finish = () => {
    done = true;
    offRows();
    offBeats();
    notify();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      while (!done && queue.length === 0) await new Promise<void>((r) => (wake = r));
      if (queue.length) return { value: queue.shift()!, done: false };
      return { value: undefined, done: true };
    },
    async return() {
      finish();
      return { value: undefined, done: true };
    },
  };
}
