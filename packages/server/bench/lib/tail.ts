// Scenario 4's arithmetic: the generator's records joined to the server probe's by request number,
// and percentiles pooled over repetitions. Every instant is in ms on the machine's monotonic clock
// (both processes read the same one), so differences across the two processes are meaningful.
import { PROBE_STRIDE } from '../../src/http/bench-probe.ts';
import type { LatencySummary } from '../http/processes.ts';

/** Numbers per request in the generator's record file: id, due, sent, received. */
export const CLIENT_STRIDE = 4;

/** One repetition's latencies (ms), one entry per request that has the figure. */
export interface TailSamples {
  /** Due → answer read by the generator: what a caller on this schedule waits (4a). */
  fromDue: Float64Array;
  /** Generator's send → the server's `res.end`: the server's latency, socket queue and pauses included (4b). */
  server: Float64Array;
  /** node:http's request event → `res.end`: the part spent once the server's event loop took the request. */
  handler: Float64Array;
  /** Due → actual send: the generator's own lateness (its pacer, or waiting for a free connection). */
  lateness: Float64Array;
  /** Answered requests the server's probe saw / did not see. */
  matched: number;
  unmatched: number;
}

/**
 * Joins one run of the generator (CLIENT_STRIDE numbers per request) with the server probe's records
 * (PROBE_STRIDE per request; records of other runs are ignored).
 */
export function joinTail(client: Float64Array, server: Float64Array): TailSamples {
  const byId = new Map<number, number>();
  for (let i = 0; i + PROBE_STRIDE <= server.length; i += PROBE_STRIDE) byId.set(server[i]!, i);
  const fromDue: number[] = [];
  const onServer: number[] = [];
  const handler: number[] = [];
  const lateness: number[] = [];
  let matched = 0;
  let unmatched = 0;
  for (let i = 0; i + CLIENT_STRIDE <= client.length; i += CLIENT_STRIDE) {
    const [id, due, sent, received] = [client[i]!, client[i + 1]!, client[i + 2]!, client[i + 3]!];
    if (Number.isNaN(sent)) continue;
    lateness.push(sent - due);
    if (Number.isNaN(received)) continue;
    fromDue.push(received - due);
    const j = byId.get(id);
    const ended = j === undefined ? NaN : server[j + 2]!;
    if (Number.isNaN(ended)) {
      unmatched++;
      continue;
    }
    matched++;
    onServer.push(ended - sent);
    handler.push(ended - server[j! + 1]!);
  }
  return {
    fromDue: Float64Array.from(fromDue),
    server: Float64Array.from(onServer),
    handler: Float64Array.from(handler),
    lateness: Float64Array.from(lateness),
    matched,
    unmatched,
  };
}

/** Nearest-rank percentiles of milliseconds (sorts a copy). */
export function summarizeMs(values: Float64Array): LatencySummary {
  const a = Float64Array.from(values).sort();
  const at = (q: number) => (a.length ? a[Math.min(a.length - 1, Math.max(0, Math.ceil(q * a.length) - 1))]! : NaN);
  let sum = 0;
  for (const v of a) sum += v;
  return {
    count: a.length,
    mean: a.length ? sum / a.length : NaN,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    p999: at(0.999),
    max: a.length ? a[a.length - 1]! : NaN,
  };
}

/** All repetitions' samples as one population: a p99 from n× the samples (one pause no longer sets it alone). */
export function pool(runs: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(runs.reduce((n, r) => n + r.length, 0));
  let at = 0;
  for (const r of runs) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}

/** Which latency of TailSamples. */
export type TailFigure = 'fromDue' | 'server' | 'handler' | 'lateness';
export const TAIL_FIGURES: readonly TailFigure[] = ['fromDue', 'server', 'handler', 'lateness'];

/** Per-repetition and pooled percentiles of every figure. */
export interface TailSummary {
  reps: (Record<TailFigure, LatencySummary> & { matched: number; unmatched: number })[];
  pooled: Record<TailFigure, LatencySummary>;
}

export function summarizeTail(runs: readonly TailSamples[]): TailSummary {
  const figures = <T>(f: (k: TailFigure) => T) =>
    Object.fromEntries(TAIL_FIGURES.map((k) => [k, f(k)])) as Record<TailFigure, T>;
  return {
    reps: runs.map((r) => ({ ...figures((k) => summarizeMs(r[k])), matched: r.matched, unmatched: r.unmatched })),
    pooled: figures((k) => summarizeMs(pool(runs.map((r) => r[k])))),
  };
}

/**
 * Warm-up until quiet: the server's CPU per request over consecutive warm-up chunks at the tail rate
 * (a cheap signal: while the JIT still compiles, each request costs more). Quiet once the last two
 * chunks agree within `tolerance` (relative) and at least minChunks ran.
 */
export function warmedUp(cpuMsPerRequest: readonly number[], minChunks: number, tolerance = 0.1): boolean {
  const n = cpuMsPerRequest.length;
  if (n < Math.max(2, minChunks)) return false;
  const [a, b] = [cpuMsPerRequest[n - 2]!, cpuMsPerRequest[n - 1]!];
  if (!Number.isFinite(a) || !Number.isFinite(b) || a <= 0) return false;
  return Math.abs(b - a) / a <= tolerance;
}
