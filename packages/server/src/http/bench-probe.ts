// An opt-in probe for `pnpm bench` (scenario 4, the tail): for every request that carries the load
// generator's number (header x-bench-id) it notes when node:http handed the request to the server and
// when the answer was ended (`res.end`), on the machine's monotonic clock, so the benchmark can join
// them to the generator's own send and receive instants. Attached only when ASSENT_BENCH_PROBE names a
// file (main.ts): with it unset the server has no listener, no patched response, nothing to pay.
// Records stay in a typed array; SIGUSR2 writes them to the file (atomically, by rename) and starts over.
// A process with an IPC channel (the benchmark started it) also answers scenario 11's heap-meter messages
// (attachHeapMeter below): what this process's heap grew by between two messages, what two scavenges left of
// it, a heap snapshot, a sampling heap profile; so allocation is measured inside the server, not in its client.
import fs from 'node:fs';
import type http from 'node:http';
import { Session } from 'node:inspector';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

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
  const detachMeter = process.channel ? attachHeapMeter() : () => {};
  return {
    flush,
    detach() {
      server.off('request', onRequest);
      process.off('SIGUSR2', flush);
      detachMeter();
    },
  };
}

/** A message of scenario 11 to a process's heap meter (over the IPC channel), and the meter's answer. */
export type HeapMeterMessage =
  | { heapMeter: 'begin' }
  | { heapMeter: 'end' }
  | { heapMeter: 'snapshot'; file: string }
  | { heapMeter: 'sample'; on: boolean; file?: string; survivors?: boolean };
export interface HeapMeterAnswer {
  heapMeter: 'answer';
  error?: string;
  /** 'end': heap grown since 'begin' (bytes), what two scavenges then left of it, and GCs V8 ran in between. */
  grown?: number;
  kept?: number;
  collections?: number;
}

/**
 * Scenario 11's meter inside a process started with --expose-gc (bench/scenarios/allocation.ts): 'begin' runs a
 * full GC and notes the used heap; 'end' notes it again (a batch is measured only when no GC ran in between, so
 * the growth is what the batch allocated), then runs two scavenges and notes what they left: what the batch's
 * requests keep alive past their answers. 'snapshot' writes a heap snapshot (the retainer study), 'sample'
 * starts and stops V8's sampling heap profiler with the objects GCs collected included (where allocation happens).
 * The meter's own allocation (a message and its answer) is a few hundred bytes per batch.
 */
export function attachHeapMeter(): () => void {
  const gc = (globalThis as { gc?: (o?: { type: 'minor' | 'major' }) => void }).gc;
  let collections = 0;
  let observer: PerformanceObserver | null = null;
  let before = 0;
  let session: Session | null = null;
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session!.post(method, params, (err, result) => (err ? reject(err) : resolve(result))),
    );
  const answer = (a: Omit<HeapMeterAnswer, 'heapMeter'>) => process.send?.({ heapMeter: 'answer', ...a });
  const onMessage = (m: unknown) => {
    const msg = m as HeapMeterMessage;
    if (typeof msg !== 'object' || msg === null || !('heapMeter' in msg)) return;
    if (!gc) return void answer({ error: 'the heap meter needs node --expose-gc' });
    if (msg.heapMeter === 'begin') {
      if (!observer) {
        observer = new PerformanceObserver((list) => void (collections += list.getEntries().length));
        observer.observe({ entryTypes: ['gc'] });
      }
      gc();
      // Let the observer report the GC just run before counting from zero.
      setTimeout(() => {
        collections = 0;
        before = process.memoryUsage().heapUsed;
        answer({});
      }, 5);
    } else if (msg.heapMeter === 'end') {
      const grown = process.memoryUsage().heapUsed - before;
      setTimeout(() => {
        const seen = collections;
        gc({ type: 'minor' });
        gc({ type: 'minor' });
        answer({ grown, kept: process.memoryUsage().heapUsed - before, collections: seen });
      }, 5);
    } else if (msg.heapMeter === 'snapshot') {
      v8.writeHeapSnapshot(msg.file);
      answer({});
    } else if (msg.heapMeter === 'sample') {
      void (async () => {
        if (msg.on) {
          session = new Session();
          session.connect();
          // Every allocation, also of objects the next scavenge collects: where the bytes per request come from; or
          // (survivors) what a scavenge found alive, also when a full GC collected it later.
          await post('HeapProfiler.startSampling', {
            samplingInterval: 256,
            includeObjectsCollectedByMajorGC: true,
            includeObjectsCollectedByMinorGC: !msg.survivors,
          });
        } else if (session) {
          if (msg.survivors) {
            gc({ type: 'minor' });
            gc({ type: 'minor' });
          }
          const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
          if (msg.file) fs.writeFileSync(msg.file, JSON.stringify(profile));
          session.disconnect();
          session = null;
        }
        answer({});
      })().catch((e: unknown) => answer({ error: String(e) }));
    }
  };
  // The channel keeps its reference count as the process's other 'message' listeners leave it (a test runner's).
  process.on('message', onMessage);
  return () => {
    process.off('message', onMessage);
    observer?.disconnect();
    session?.disconnect();
  };
}
