import type { Logger } from 'pino';
import type { OutboxRepository, OutboxRow } from '../db/outbox.ts';
import { followOutbox, type CaughtUpListener, type OutboxListener } from './outbox-follow.ts';

export type { CaughtUpListener, OutboxListener } from './outbox-follow.ts';

/**
 * Follows the committed outbox from a cursor and hands each row, in commit order, to in-process
 * listeners (GraphQL subscriptions). Woken at once by a local commit, polled as the fallback so
 * commits of other instances show up too. Only committed rows are ever read, so a write that rolled
 * back is never announced.
 */
export function outboxTail(repo: OutboxRepository, logger: Logger, opts: { pollMs?: number } = {}) {
  const listeners = new Set<OutboxListener>();
  const caughtUpListeners = new Set<CaughtUpListener>();
  let cursor = 0;
  let running = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function drain() {
    if (running) return void (again = true);
    running = true;
    try {
      do {
        again = false;
        for (;;) {
          const readAt = Date.now();
          const readMono = performance.now();
          const rows = await repo.listAfter(cursor);
          for (const row of rows) {
            cursor = row.seq;
            for (const l of listeners) {
              try {
                l(row);
              } catch (e) {
                logger.error({ err: e }, 'outbox listener failed');
              }
            }
          }
          if (rows.length < 500) {
            for (const l of caughtUpListeners) {
              try {
                l(cursor, readAt, readMono);
              } catch (e) {
                logger.error({ err: e }, 'outbox caught-up listener failed');
              }
            }
            break;
          }
        }
      } while (again && !stopped);
    } catch (e) {
      logger.warn({ err: e }, 'reading the outbox failed; will retry');
    } finally {
      running = false;
    }
  }

  const tail = {
    /** Starts from the current end of the outbox (subscribers see what commits from now on). */
    async start() {
      cursor = await repo.maxSeq();
      timer = setInterval(() => void drain(), opts.pollMs ?? 250);
      timer.unref();
    },
    /**
     * Wakes the reader after a local commit; nothing before start (a process that never starts the tail, such as
     * `pnpm assent import`, would otherwise read the whole outbox from its beginning for no listener).
     */
    notify: () => {
      if (timer && !stopped) void drain();
    },
    /** Adds a listener; returns its removal. It is handed every row after position() at the time it is added. */
    subscribe(l: OutboxListener): () => void {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    /** Adds a listener told each time a read finds the end of the outbox; returns its removal. */
    onCaughtUp(l: CaughtUpListener): () => void {
      caughtUpListeners.add(l);
      return () => caughtUpListeners.delete(l);
    },
    /** The newest seq handed to listeners: a listener added now is handed every row after it. */
    position: () => cursor,
    /**
     * The committed outbox from `after` on (outbox-follow.ts); whether the outbox still holds what came after it is
     * the caller's to check, before and (stillWhole) once the replay is read (openConsentStream).
     */
    follow: (o: { after: number; accept: (row: OutboxRow) => boolean; stillWhole?: () => Promise<void> }) =>
      followOutbox(tail, repo, logger, o),
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
  return tail;
}

/** The outbox tail's type. */
export type OutboxTail = ReturnType<typeof outboxTail>;
