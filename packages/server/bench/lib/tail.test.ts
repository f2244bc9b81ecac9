import { describe, expect, it } from 'vitest';
import { joinTail, pool, summarizeMs, summarizeTail, warmedUp } from './tail.ts';

/** Generator records: id, due, sent, received. */
const client = (...rows: [number, number, number, number][]) => Float64Array.from(rows.flat());
/** Probe records: id, received by node:http, res.end. */
const probe = (...rows: [number, number, number][]) => Float64Array.from(rows.flat());

describe("scenario 4's join of the generator and the server's probe", () => {
  it('splits each request into lateness, server latency (send → res.end), event-loop part and from-due latency', () => {
    const j = joinTail(
      client([7, 100, 100.5, 103], [8, 101, 101.1, 102]),
      // Out of order, with a record of another run (id 3) that must be ignored.
      probe([8, 101.3, 101.6], [3, 50, 51], [7, 101.5, 102.5]),
    );
    expect([...j.lateness].map((x) => +x.toFixed(9))).toEqual([0.5, 0.1]);
    expect([...j.fromDue]).toEqual([3, 1]);
    expect([...j.server].map((x) => +x.toFixed(9))).toEqual([2, 0.5]);
    expect([...j.handler].map((x) => +x.toFixed(9))).toEqual([1, 0.3]);
    expect(j).toMatchObject({ matched: 2, unmatched: 0 });
  });

  it('counts answers the probe did not see, and leaves failed requests out of every latency but lateness', () => {
    const j = joinTail(
      client([1, 0, 0.2, 2], [2, 1, 1.1, NaN], [3, 2, 2.05, 4]),
      // Request 3 reached the server but its res.end was never noted (NaN): unmatched, as is a missing record.
      probe([3, 2.5, NaN]),
    );
    expect(j.lateness).toHaveLength(3);
    expect([...j.fromDue]).toEqual([2, 2]);
    expect(j.server).toHaveLength(0);
    expect(j).toMatchObject({ matched: 0, unmatched: 2 });
  });
});

describe('percentiles pooled over repetitions', () => {
  it('uses nearest-rank percentiles', () => {
    const s = summarizeMs(Float64Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(s).toMatchObject({ count: 100, p50: 50, p90: 90, p99: 99, p999: 100, max: 100, mean: 50.5 });
    expect(summarizeMs(new Float64Array()).p99).toBeNaN();
  });

  it('pools every repetition into one population: one slow repetition no longer sets the p99 alone', () => {
    const quiet = Float64Array.from({ length: 1000 }, () => 1);
    const paused = Float64Array.from({ length: 1000 }, (_, i) => (i < 15 ? 40 : 1));
    const pooled = pool([quiet, quiet, paused]);
    expect(pooled).toHaveLength(3000);
    // Alone, the paused repetition's p99 is the pause; pooled with two quiet ones, its 15 slow requests are 0.5 %.
    expect(summarizeMs(paused).p99).toBe(40);
    expect(summarizeMs(pooled).p99).toBe(1);
    expect(summarizeMs(pooled).p999).toBe(40);
  });

  it('summarizes each figure per repetition and pooled', () => {
    const rep = (late: number) => joinTail(client([1, 0, late, 2]), probe([1, late + 0.1, late + 1]));
    const s = summarizeTail([rep(0.1), rep(0.3)]);
    expect(s.reps.map((r) => r.lateness.p50)).toEqual([0.1, 0.3]);
    expect(s.pooled.lateness.count).toBe(2);
    expect(s.pooled.fromDue.p99).toBe(2);
    expect(s.reps[0]).toMatchObject({ matched: 1, unmatched: 0 });
  });
});

describe('warm-up until quiet', () => {
  it('waits for the minimum, then for two chunks whose CPU per request agrees within the tolerance', () => {
    expect(warmedUp([0.35, 0.2], 3)).toBe(false);
    expect(warmedUp([0.35, 0.3, 0.2], 3)).toBe(false);
    expect(warmedUp([0.35, 0.3, 0.2, 0.19], 3)).toBe(true);
    expect(warmedUp([0.2, 0.2], 1)).toBe(true);
    // No /proc reading: never called quiet.
    expect(warmedUp([NaN, NaN, NaN], 2)).toBe(false);
  });
});
