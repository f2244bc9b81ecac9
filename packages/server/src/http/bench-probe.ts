// An opt-in probe for `pnpm bench` (scenario 4, the tail): for every request that carries the load
// generator's number (header x-bench-id) it notes when node:http handed the request to the server and
// when the answer was ended (`res.end`), on the machine's monotonic clock, so the benchmark can join
// them to the generator's own send and receive instants. Attached only when ASSENT_BENCH_PROBE names a
// file (main.ts): with it unset the server has no listener, no patched response, nothing to pay.
// Records stay in a typed array; SIGUSR2 writes them to the file (atomically, by rename) and starts over.
import fs from 'node:fs';
import type http from 'node:http';
import { performance } from 'node:perf_hooks';

/** The request header the benchmark's generator numbers its requests with (a non-negative integer). */
export const BENCH_ID_HEADER = 'x-bench-id';
/** Numbers per record in the file: id, received (ms), ended (ms). */
export const PROBE_STRIDE = 3;

/**
 * Milliseconds on the clock of `process.hrtime` (CLOCK_MONOTONIC, shared by every process of the
 * machine) minus `performance.now()` in this process: both read libuv's hrtime, so adding this makes
 * `performance.now()` comparable across processes without a BigInt per reading.
 */
export function monotonicOffsetMs(): number {
  return Number(process.hrtime.bigint()) / 1e6 - performance.now();
}

export interface BenchProbe {
  /** Writes the records taken since the last flush to the file (Float64 little-endian, PROBE_STRIDE per request) and forgets them. */
  flush(): void;
  detach(): void;
}

export function attachBenchProbe(server: http.Server, file: string): BenchProbe {
  let records = new Float64Array(PROBE_STRIDE * 65_536);
  let count = 0;
  // A flush starts a new epoch: a request still open across it is not written into the next batch.
  let epoch = 0;
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const header = req.headers[BENCH_ID_HEADER];
    if (typeof header !== 'string') return;
    const id = Number(header);
    if (!Number.isSafeInteger(id) || id < 0) return;
    if ((count + 1) * PROBE_STRIDE > records.length) {
      const grown = new Float64Array(records.length * 2);
      grown.set(records);
      records = grown;
    }
    const i = count++ * PROBE_STRIDE;
    const at = epoch;
    records[i] = id;
    records[i + 1] = performance.now();
    records[i + 2] = NaN;
    const end = res.end;
    res.end = function (this: http.ServerResponse, ...args: unknown[]) {
      if (at === epoch) records[i + 2] = performance.now();
      return (end as (...a: unknown[]) => http.ServerResponse).apply(this, args);
    } as typeof res.end;
  };
  const flush = () => {
    const offset = monotonicOffsetMs();
    const out = records.slice(0, count * PROBE_STRIDE);
    for (let i = 0; i < out.length; i += PROBE_STRIDE) {
      out[i + 1]! += offset;
      out[i + 2]! += offset;
    }
    count = 0;
    epoch++;
    fs.writeFileSync(`${file}.tmp`, new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
    fs.renameSync(`${file}.tmp`, file);
  };
  server.prependListener('request', onRequest);
  process.on('SIGUSR2', flush);
  return {
    flush,
    detach() {
      server.off('request', onRequest);
      process.off('SIGUSR2', flush);
    },
  };
}
