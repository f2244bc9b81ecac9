// The schedule of scenario 4's open-loop generator (http/load-worker.mjs), as pure arithmetic: request
// i is due at t0 + i × interval whatever happened before (no drift, no coordinated omission), and what
// the generator does until the next due instant depends only on how far away it is.

/** The instant (ms) request i is due. */
export const dueAt = (t0: number, i: number, intervalMs: number): number => t0 + i * intervalMs;

/** How many of `total` requests are due at `now` (every i with dueAt(i) ≤ now). */
export function dueBy(t0: number, now: number, intervalMs: number, total: number): number {
  if (now < t0) return 0;
  return Math.min(total, Math.floor((now - t0) / intervalMs) + 1);
}

/** How close the generator waits in each way (ms before the due instant). */
export interface PacerWindows {
  /** Within this, spin synchronously on the clock (nothing else runs: keep it short). */
  spinMs: number;
  /**
   * Within this, busy-wait through the event loop (`setImmediate`): the clock is read again after each
   * turn, and answers that arrive meanwhile are still read at once. Farther away, sleep on a timer
   * (setTimeout wakes up to about a millisecond late), waking this far ahead of the due instant.
   */
  pollMs: number;
}

/** What the generator does next, given the time until the next request is due. */
export type PacerStep = { kind: 'fire' } | { kind: 'spin' } | { kind: 'poll' } | { kind: 'sleep'; ms: number };

export function nextStep(gapMs: number, w: PacerWindows): PacerStep {
  if (gapMs <= 0) return { kind: 'fire' };
  if (gapMs <= w.spinMs) return { kind: 'spin' };
  if (gapMs <= w.pollMs) return { kind: 'poll' };
  return { kind: 'sleep', ms: gapMs - w.pollMs };
}

/** The generator's default windows: a timer sleep until 1 ms before, the event loop until 20 µs before, then a spin. */
export const DEFAULT_WINDOWS: PacerWindows = { spinMs: 0.02, pollMs: 1 };
