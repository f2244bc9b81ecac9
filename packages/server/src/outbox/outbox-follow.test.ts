import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { OutboxRow } from '../db/outbox.ts';
import {
  followOutbox,
  HEARTBEAT_MIN_GAP_MS,
  MAX_WAITING,
  type CaughtUpListener,
  type FollowItem,
  type OutboxListener,
} from './outbox-follow.ts';

const row = (seq: number, purposeKey = 'analytics'): OutboxRow =>
  ({
    seq,
    eventId: `e${seq}`,
    type: 'assent.consent.granted',
    subjectId: 's',
    purposeKey,
    recordId: `r${seq}`,
    event: {},
  }) as OutboxRow;

/** A tail that has passed `passed`, over a table holding `table`, whose replay read waits for `release`. */
function fakeTail(passed: number, table: OutboxRow[]) {
  const rows = new Set<OutboxListener>();
  const beats = new Set<CaughtUpListener>();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return {
    tail: {
      subscribe: (l: OutboxListener) => (rows.add(l), () => rows.delete(l)),
      onCaughtUp: (l: CaughtUpListener) => (beats.add(l), () => beats.delete(l)),
      position: () => passed,
    },
    repo: {
      listAfter: async (seq: number, limit = 500) => {
        await gate;
        return table.filter((r) => r.seq > seq).slice(0, limit);
      },
    },
    /** The tail hands a row over, as it does after a read. */
    hand: (r: OutboxRow) => {
      passed = r.seq;
      table.push(r);
      for (const l of rows) l(r);
    },
    beat: (readAt: number) => {
      for (const l of beats) l(passed, readAt, readAt);
    },
    release: () => release(),
    listeners: () => rows.size + beats.size,
  };
}

async function take(it: AsyncIterator<FollowItem>, n: number): Promise<FollowItem[]> {
  const out: FollowItem[] = [];
  for (let i = 0; i < n; i++) out.push((await it.next()).value as FollowItem);
  return out;
}

const seqs = (items: FollowItem[]) => items.map((i) => (i.kind === 'event' ? i.row.seq : `beat@${i.seq}`));
const logger = pino({ level: 'silent' });

describe('followOutbox', () => {
  it('replays what the tail had passed, then what it hands over meanwhile and after, each once and in order', async () => {
    const t = fakeTail(3, [row(1), row(2), row(3)]);
    const it = followOutbox(t.tail, t.repo, logger, { after: 1, accept: () => true });
    // Handed over while the replay is still being read: held, and sent after it.
    t.hand(row(4));
    t.beat(1000);
    t.release();
    expect(seqs(await take(it, 3))).toEqual([2, 3, 4]);
    t.hand(row(5));
    t.beat(2000);
    expect(seqs(await take(it, 2))).toEqual([5, 'beat@5']);
    await it.return!();
    expect(t.listeners()).toBe(0);
  });

  it('a position past the tail (a snapshot read after its last read) skips what the tail hands over up to it', async () => {
    const t = fakeTail(2, [row(1), row(2), row(3), row(4)]);
    const it = followOutbox(t.tail, t.repo, logger, { after: 4, accept: () => true });
    t.release();
    t.hand(row(3));
    t.hand(row(4));
    t.hand(row(5));
    await new Promise((r) => setTimeout(r, 0));
    t.beat(1000);
    expect(seqs(await take(it, 2))).toEqual([5, 'beat@5']);
  });

  it('ends with the CONFLICT stillWhole gives after a page of the replay is read (retention pruned part of it), and lets go of the tail', async () => {
    const t = fakeTail(3, [row(1), row(2), row(3)]);
    const pruned = Object.assign(new Error('pruned meanwhile'), { code: 'CONFLICT' });
    const it = followOutbox(t.tail, t.repo, logger, {
      after: 0,
      accept: () => true,
      stillWhole: () => Promise.reject(pruned),
    });
    t.release();
    await expect(it.next()).rejects.toBe(pruned);
    expect(t.listeners()).toBe(0);
  });

  it('reads the replay a page at a time as the follower takes it, not all at once', async () => {
    const table = Array.from({ length: 5000 }, (_, i) => row(i + 1));
    const t = fakeTail(5000, table);
    let reads = 0;
    const repo = { listAfter: (seq: number, limit?: number) => (reads++, t.repo.listAfter(seq, limit)) };
    const it = followOutbox(t.tail, repo, logger, { after: 0, accept: () => true });
    t.release();
    await new Promise((r) => setTimeout(r, 20));
    // Two pages fill the watermark; the rest wait for the follower.
    expect(reads).toBe(2);
    const all = await take(it, 5000);
    expect(seqs(all)).toEqual(table.map((r) => r.seq));
    expect(reads).toBeGreaterThanOrEqual(10);
  });

  it('a follower more than MAX_WAITING events behind is ended, so that it subscribes again from where it got to', async () => {
    const t = fakeTail(0, []);
    const it = followOutbox(t.tail, t.repo, logger, { after: 0, accept: () => true });
    t.release();
    await new Promise((r) => setTimeout(r, 0));
    for (let seq = 1; seq <= MAX_WAITING + 1; seq++) t.hand(row(seq));
    await expect(it.next()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(t.listeners()).toBe(0);
  });

  it('leaves out what accept refuses, and the heartbeat still covers it; heartbeats closer than the gap are dropped', async () => {
    const t = fakeTail(0, []);
    const it = followOutbox(t.tail, t.repo, logger, { after: 0, accept: (r) => r.purposeKey === 'analytics' });
    t.release();
    await new Promise((r) => setTimeout(r, 0));
    t.hand(row(1, 'marketing-email'));
    t.hand(row(2));
    t.hand(row(3, 'marketing-email'));
    t.beat(10_000);
    t.beat(10_000 + HEARTBEAT_MIN_GAP_MS - 1);
    t.hand(row(4));
    t.beat(10_000 + HEARTBEAT_MIN_GAP_MS);
    expect(seqs(await take(it, 4))).toEqual([2, 'beat@3', 4, 'beat@4']);
  });

  it('sends no heartbeat before the replay is done: a follower is never told it is caught up too early', async () => {
    const t = fakeTail(2, [row(1), row(2)]);
    const it = followOutbox(t.tail, t.repo, logger, { after: 0, accept: () => true });
    t.beat(1000);
    t.release();
    const first = await take(it, 2);
    t.beat(2000);
    expect(seqs([...first, ...(await take(it, 1))])).toEqual([1, 2, 'beat@2']);
  });

  it('a follower that keeps up is not ended by the writes that come while it replays a backlog', async () => {
    const BACKLOG = 30_000;
    const t = fakeTail(
      BACKLOG,
      Array.from({ length: BACKLOG }, (_, i) => row(i + 1)),
    );
    const it = followOutbox(t.tail, t.repo, logger, { after: 0, accept: () => true });
    t.release();
    let taken = 0;
    let last = 0;
    let next = BACKLOG;
    // One commit for every two items taken, until the backlog and what came meanwhile are all taken.
    while (last < next) {
      const r = await it.next();
      const item = r.value as FollowItem;
      if (item.kind !== 'event') continue;
      expect(item.row.seq).toBe(last + 1);
      last = item.row.seq;
      if (++taken % 2 === 0 && next < BACKLOG + 20_000) t.hand(row(++next));
    }
    expect(last).toBe(BACKLOG + 20_000);
  }, 60_000);

  it('a failed check of the outbox while replaying is made again, not the end of the follower', async () => {
    const t = fakeTail(2, [row(1), row(2)]);
    let checks = 0;
    const it = followOutbox(t.tail, t.repo, logger, {
      after: 0,
      accept: () => true,
      stillWhole: async () => {
        if (checks++ === 0) throw new Error('the database went away');
      },
    });
    t.release();
    expect(seqs(await take(it, 2))).toEqual([1, 2]);
    expect(checks).toBe(2);
  });
});
