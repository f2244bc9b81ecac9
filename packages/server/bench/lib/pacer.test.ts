import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOWS, dueAt, dueBy, nextStep, type PacerStep } from './pacer.ts';

describe("scenario 4's pacer", () => {
  it('puts request i at t0 + i × interval, however late the previous ones went out', () => {
    expect(dueAt(1000, 0, 0.5)).toBe(1000);
    expect(dueAt(1000, 3, 0.5)).toBe(1001.5);
    // 3,000 req/s for 20 s: the last one is due 20 s after the first, not 20 s plus accumulated lateness.
    expect(dueAt(0, 59_999, 1000 / 3000)).toBeCloseTo(19_999.667, 3);
  });

  it('counts the requests due by now, capped at the total', () => {
    expect(dueBy(100, 99.9, 1, 10)).toBe(0);
    expect(dueBy(100, 100, 1, 10)).toBe(1);
    expect(dueBy(100, 102.5, 1, 10)).toBe(3);
    expect(dueBy(100, 1e6, 1, 10)).toBe(10);
  });

  it('sleeps on a timer when far, busy-waits through the event loop within the last millisecond, spins at the end', () => {
    const w = { spinMs: 0.02, pollMs: 1 };
    expect(nextStep(-0.001, w)).toEqual({ kind: 'fire' });
    expect(nextStep(0, w)).toEqual({ kind: 'fire' });
    expect(nextStep(0.01, w)).toEqual({ kind: 'spin' });
    expect(nextStep(0.5, w)).toEqual({ kind: 'poll' });
    expect(nextStep(1, w)).toEqual({ kind: 'poll' });
    const far = nextStep(5, w);
    expect(far.kind).toBe('sleep');
    // It wakes a poll window ahead of the due instant, so a timer that fires up to 1 ms late is still on time.
    expect((far as { ms: number }).ms).toBeCloseTo(4, 9);
  });

  it('fires every request at or after its due instant and never more than the spin step late, on a simulated clock', () => {
    // A clock that advances by what each step costs: a timer wakes 0–0.9 ms late, a turn of the event
    // loop takes 5–60 µs, a spin iteration 1 µs.
    let now = 0;
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const rate = 2_500;
    const interval = 1000 / rate;
    const total = 5_000;
    const lateness: number[] = [];
    let next = 0;
    while (next < total) {
      const step: PacerStep = nextStep(dueAt(0, next, interval) - now, DEFAULT_WINDOWS);
      if (step.kind === 'fire') {
        const upTo = dueBy(0, now, interval, total);
        while (next < upTo) lateness.push(now - dueAt(0, next++, interval));
      } else if (step.kind === 'spin') now += 0.001;
      else if (step.kind === 'poll') now += 0.005 + rand() * 0.055;
      else now += step.ms + rand() * 0.9;
    }
    expect(lateness).toHaveLength(total);
    expect(Math.min(...lateness)).toBeGreaterThanOrEqual(0);
    // Late only by what a turn of the loop costs when the poll window is entered just after a check.
    expect(Math.max(...lateness)).toBeLessThan(0.07);
  });
});
