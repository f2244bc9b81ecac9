const started = performance.now();

/** Progress on stderr with the time since start, so stdout keeps only the report. */
export function log(message: string): void {
  const s = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${s}s] ${message}\n`);
}

/** A number with thousands separators. */
export const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
