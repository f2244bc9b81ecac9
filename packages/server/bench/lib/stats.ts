/** The q-quantile (0..1) of numbers, nearest-rank. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const a = Float64Array.from(values as ArrayLike<number>).sort();
  if (a.length === 0) return NaN;
  return a[Math.min(a.length - 1, Math.max(0, Math.ceil(q * a.length) - 1))]!;
}

/** Median, min and max of the repetitions of one measurement. */
export interface Reps {
  median: number;
  min: number;
  max: number;
  values: number[];
}

export function reps(values: number[]): Reps {
  return { median: quantile(values, 0.5), min: Math.min(...values), max: Math.max(...values), values };
}

/** Latency of each call of fn, in milliseconds (calls run one after another). */
export async function timeCalls(n: number, fn: (i: number) => Promise<unknown>): Promise<Float64Array> {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out[i] = performance.now() - t;
  }
  return out;
}

/** Rotates a list by k, so each repetition runs the contenders in a different order. */
export const rotate = <T>(xs: readonly T[], k: number): T[] => xs.map((_, i) => xs[(i + k) % xs.length]!);

/** Paired ratios a[i]/b[i] of two series of repetitions (each pair ran back to back). */
export const pairedRatios = (a: number[], b: number[]) => a.map((x, i) => x / b[i]!);
