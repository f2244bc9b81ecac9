import { minuteOf, SUBJECT_TOKENS_COUNT_KEY } from '@assent/core';
import type { DecisionCountRepository, DecisionCountRow } from '../db/decision-count.repository.ts';
import type { Logger } from '../logger.ts';
import type { Principal } from './auth.service.ts';

/**
 * Decisions counted per caller key per minute (README, "Access log"): decide and decideMany are not logged per call.
 * Counting is a map increment in memory; the counts are added to the DecisionCount table every `flushSeconds` and at
 * shutdown, one small transaction for every (key, minute) touched since the last flush.
 */
export function decisionCounter(opts: {
  repo: DecisionCountRepository;
  flushSeconds: number;
  logger: Logger;
  now?: () => number;
}) {
  const now = opts.now ?? Date.now;
  let minute = 0;
  let current = new Map<string, { calls: number; decisions: number }>();
  let done: DecisionCountRow[] = [];
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> = Promise.resolve();

  const closeMinute = () => {
    for (const [keyId, c] of current) done.push({ keyId, minute: new Date(minute), ...c });
    current = new Map();
  };

  const flushOnce = async () => {
    closeMinute();
    const rows = done;
    done = [];
    if (rows.length === 0) return;
    try {
      await opts.repo.add(rows);
    } catch (err) {
      // Kept for the next flush: a database hiccup loses no count.
      done.push(...rows);
      opts.logger.warn({ err, rows: rows.length }, 'adding decision counts failed; kept for the next flush');
    }
  };

  const flush = (): Promise<void> => {
    flushing = flushing.then(flushOnce);
    return flushing;
  };

  /** Counts of runs that may yet be handed over and run again (hold, settle). */
  const held = new WeakMap<Principal, { calls: number; decisions: number }>();

  const add = (principal: Principal, calls: number, decisions: number) => {
    const m = minuteOf(now());
    if (m !== minute) {
      closeMinute();
      minute = m;
    }
    const key = principal.role === 'SUBJECT' ? SUBJECT_TOKENS_COUNT_KEY : principal.id;
    const c = current.get(key);
    if (c) {
      c.calls += calls;
      c.decisions += decisions;
    } else current.set(key, { calls, decisions });
  };

  return {
    /** Counts one decide (decisions = 1) or decideMany (decisions = its requests) call of a caller. */
    count(principal: Principal, decisions: number): void {
      if (principal.via === 'internal') return;
      const h = held.get(principal);
      if (h) {
        h.calls += 1;
        h.decisions += decisions;
      } else add(principal, 1, decisions);
    },

    /**
     * A stand-in for `principal` whose counts wait for `settle`: the decide fast path runs a document with it, and
     * when the run is handed to Apollo (an error in one of its fields, say) Apollo runs the whole document again and
     * counts it; the fast path's counts are then dropped, so a request is counted once whichever path answers it.
     */
    hold(principal: Principal): Principal {
      const stand = { ...principal };
      held.set(stand, { calls: 0, decisions: 0 });
      return stand;
    },

    /** Counts what a held run counted if its answer was sent (`kept`), else drops it. */
    settle(stand: Principal, kept: boolean): void {
      const h = held.get(stand);
      held.delete(stand);
      if (kept && h && h.calls > 0) add(stand, h.calls, h.decisions);
    },

    /** Adds every count so far to the table (one flush at a time). */
    flush,

    /** Flushes every `flushSeconds`. */
    start(): void {
      if (timer) return;
      timer = setInterval(() => void flush(), opts.flushSeconds * 1000);
      timer.unref();
    },

    /** Stops the timer and flushes what is left. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await flush();
    },
  };
}

/** The decision counter's type. */
export type DecisionCounter = ReturnType<typeof decisionCounter>;
