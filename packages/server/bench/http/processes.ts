// The child processes of the HTTP scenarios: the Assent server under test, the bare node:http
// baseline and the load generator. Each runs alone in its own process so the one measured never
// shares an event loop with the one measuring.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { onInterrupt } from '../lib/cleanup.ts';
import { benchEnv } from '../lib/core.ts';
import type { HeapMeterAnswer, HeapMeterMessage } from '../../src/http/bench-probe.ts';

const serverDir = path.resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

/** Peak resident set size (VmHWM) of a live process, in bytes; null where /proc is unavailable. */
export function peakRss(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far; null where /proc is unavailable. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * Milliseconds a process's main thread has spent runnable but waiting for a CPU so far (the run-queue
 * wait of /proc/<pid>/task/<pid>/schedstat): on a shared machine, how long it was kept off the cores.
 * Null where /proc or schedstat is unavailable.
 */
export function runQueueWaitMs(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ');
    const ns = Number(fields[1]);
    return Number.isFinite(ns) ? ns / 1e6 : null;
  } catch {
    return null;
  }
}

/** What a freshly started server did before it was ready to be measured. */
export interface Settle {
  seconds: number;
  cpuSeconds: number;
  settled: boolean;
  idleCpuPct: number;
}

/**
 * Asks a process started with ASSENT_BENCH_PROBE=file for the records its probe took since the last
 * time (src/http/bench-probe.ts: SIGUSR2, then the file appears by rename): id, received, ended (ms).
 */
async function readProbe(pid: number, file: string): Promise<Float64Array> {
  fs.rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 15_000;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} did not write its probe records to ${file}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const bytes = fs.readFileSync(file);
  fs.rmSync(file, { force: true });
  return new Float64Array(new Uint8Array(bytes).buffer);
}

/**
 * Sends one message to the heap meter of a child started with a probe and an IPC channel (src/http/bench-probe.ts,
 * scenario 11) and waits for its answer.
 */
function askHeapMeter(child: ChildProcess, msg: HeapMeterMessage): Promise<HeapMeterAnswer> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if ((m as HeapMeterAnswer | null)?.heapMeter !== 'answer') return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      const a = m as HeapMeterAnswer;
      if (a.error) reject(new Error(a.error));
      else resolve(a);
    };
    const onExit = (code: number | null) => reject(new Error(`process ${child.pid} exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(msg);
  });
}

/** A running Assent server child process. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** The probe's records since the last call (started with `probeFile` only). */
  probe(): Promise<Float64Array>;
  /** Asks the heap meter of a server started with `heapMeter` (scenario 11). */
  heapMeter(msg: HeapMeterMessage): Promise<HeapMeterAnswer>;
  peakRssBytes(): number | null;
  /**
   * Waits until the server's own background work has settled (under half a core for `quietSec` seconds in
   * a row, default 3: a server started on a big existing outbox first catches its dispatcher up), then measures
   * what it burns while idle over `idleSec` more seconds (default 5). Null without /proc.
   */
  settle(timeoutSec: number, opts?: { quietSec: number; idleSec: number }): Promise<Settle | null>;
  stop(): Promise<void>;
}

/**
 * Starts `src/main.ts` as `node --import tsx` (one process, so its pid is the server's own for RSS and
 * --cpu-prof) against a seeded database, and waits for /healthz.
 */
export async function startServer(
  databaseUrl: string,
  opts: {
    cpuProfDir?: string;
    env?: Record<string, string>;
    probeFile?: string;
    /** Node flags of scenario 11's meter (--expose-gc, semi-space sizes); opens an IPC channel to it (needs probeFile). */
    heapMeter?: string[];
  } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const nodeArgs = [...(opts.heapMeter ?? []), '--import', 'tsx'];
  if (opts.cpuProfDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TZ: 'UTC',
    ...benchEnv(databaseUrl),
    PORT: String(port),
    ASSENT_SKIP_WEB_BUILD: '1',
    ...(opts.probeFile ? { ASSENT_BENCH_PROBE: opts.probeFile } : {}),
    ...opts.env,
  };
  const child = spawn(process.execPath, [...nodeArgs, 'src/main.ts'], {
    cwd: serverDir,
    env,
    stdio: opts.heapMeter ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => void (output = (output + d.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const forget = onInterrupt(async () => {
    child.kill('SIGKILL');
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`The server exited with code ${child.exitCode} before it was ready:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not answer /healthz within 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    async probe() {
      if (!opts.probeFile) throw new Error('this server was started without a probe');
      return readProbe(child.pid!, opts.probeFile);
    },
    heapMeter(msg) {
      if (!opts.heapMeter) throw new Error('this server was started without the heap meter');
      return askHeapMeter(child, msg);
    },
    peakRssBytes: () => peakRss(child.pid!),
    async settle(timeoutSec, { quietSec, idleSec } = { quietSec: 3, idleSec: 5 }) {
      const pid = child.pid!;
      const first = cpuSeconds(pid);
      if (first === null) return null;
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const started = performance.now();
      let last = first;
      let quiet = 0;
      let settled = false;
      while (performance.now() - started < timeoutSec * 1000) {
        await sleep(1000);
        const now = cpuSeconds(pid) ?? last;
        quiet = now - last < 0.5 ? quiet + 1 : 0;
        last = now;
        if (quiet >= quietSec) {
          settled = true;
          break;
        }
      }
      const seconds = (performance.now() - started) / 1000 - (settled ? quietSec : 0);
      const cpu = last - first;
      const idleFrom = cpuSeconds(pid) ?? last;
      const t = performance.now();
      await sleep(idleSec * 1000);
      const idleCpuPct = (100 * ((cpuSeconds(pid) ?? idleFrom) - idleFrom)) / ((performance.now() - t) / 1000);
      return { seconds, cpuSeconds: cpu, settled, idleCpuPct };
    },
    async stop() {
      child.kill('SIGTERM');
      if (!(await waitExit(child, 15_000))) {
        child.kill('SIGKILL');
        await waitExit(child, 5_000);
      }
      forget();
    },
  };
}

/** The bare node:http baseline server (with the server's probe when probeFile is given). */
export async function startBareServer(opts: { probeFile?: string; heapMeter?: string[] } = {}): Promise<{
  url: string;
  pid: number;
  probe(): Promise<Float64Array>;
  /** Asks the heap meter (started with `heapMeter` and `probeFile`: scenario 11). */
  heapMeter(msg: HeapMeterMessage): Promise<HeapMeterAnswer>;
  stop(): Promise<void>;
}> {
  // tsx only to load the probe (src/http/bench-probe.ts); scenario 1's baseline runs on plain node, as before.
  const child = fork(path.join(import.meta.dirname, 'bare-server.mjs'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...(opts.heapMeter ?? []), ...(opts.probeFile ? ['--import', 'tsx'] : [])],
    env: { ...process.env, ...(opts.probeFile ? { ASSENT_BENCH_PROBE: opts.probeFile } : {}) },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  const forget = onInterrupt(async () => void child.kill('SIGKILL'));
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async probe() {
      if (!opts.probeFile) throw new Error('the bare server was started without a probe');
      return readProbe(child.pid!, opts.probeFile);
    },
    heapMeter: (msg) => askHeapMeter(child, msg),
    async stop() {
      child.kill('SIGTERM');
      await waitExit(child, 5_000);
      forget();
    },
  };
}

/** Latency percentiles in milliseconds. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}
/** A closed-loop (autocannon) run. */
export interface ClosedResult {
  ok: number;
  bad: number;
  errors: number;
  timeouts: number;
  seconds: number;
  rps: number;
  latencyMs: LatencySummary;
}
/**
 * An open-loop (paced) run, as the generator saw it: latencyMs counts from each request's due time to
 * its answer, latenessMs from its due time to its actual send (the generator's own delay).
 */
export interface OpenResult {
  ok: number;
  bad: number;
  errors: number;
  sent: number;
  seconds: number;
  rate: number;
  /** The first request's number (x-bench-id); the run's requests are numbered firstId, firstId + 1, … */
  firstId: number;
  latencyMs: LatencySummary;
  latenessMs: LatencySummary;
  /** Connections opened after t0 (every pre-opened one was busy). */
  connectionsOpenedLate: number;
  /** Requests sent before t0 to warm the connections (not numbered, not counted above). */
  warmRequests: number;
  /** CPU the generator's process used over the run, in % of one core. */
  generatorCpuPct: number;
}

/** What the load generator is told to send. */
export interface Target {
  url: string;
  path: string;
  headers: Record<string, string>;
  bodies: string[];
}

/** The load generator child process. */
export interface LoadGenerator {
  pid: number;
  closed(t: Target, o: { connections: number; durationSec: number }): Promise<ClosedResult>;
  /**
   * An open-loop run at `rate`: `connections` (default maxSockets) opened and warmed before t0. With
   * recordFile, the generator writes id, due, sent and received (ms, monotonic clock; NaN when the
   * request failed) of each request there.
   */
  open(
    t: Target,
    o: {
      rate: number;
      durationSec: number;
      maxSockets: number;
      connections?: number;
      firstId?: number;
      recordFile?: string;
    },
  ): Promise<OpenResult>;
  stop(): Promise<void>;
}

/** A worker child process of the benchmark, driven over IPC: `call` sends a typed request and awaits its answer. */
async function forkWorker(file: string, name: string, execArgv: string[] = []) {
  const child = fork(path.join(import.meta.dirname, file), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  const forget = onInterrupt(async () => void child.kill('SIGKILL'));
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new Error(`${name}: ${m.error}`));
    else p.resolve(m.result);
  });
  child.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`${name} exited with ${code}`));
    pending.clear();
  });
  return {
    pid: child.pid!,
    call: <T>(type: string, fields: object) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, type, ...fields });
      }),
    async stop() {
      if (child.connected) child.disconnect();
      if (!(await waitExit(child, 5_000))) child.kill('SIGKILL');
      forget();
    },
  };
}

export async function startLoadGenerator(): Promise<LoadGenerator> {
  const w = await forkWorker('load-worker.mjs', 'load generator', ['--import', 'tsx']);
  return {
    pid: w.pid,
    closed: (t, o) => w.call<ClosedResult>('closed', { options: { ...t, ...o } }),
    open: (t, o) => w.call<OpenResult>('open', { options: { ...t, ...o } }),
    stop: w.stop,
  };
}

/** Where scenario 7 measured one channel: latency from the withdrawal's answer to the event's arrival. */
export interface ChannelResult {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  missing: number;
  beforeAnswer: number;
  /** JetStream only: answer → message stored in the stream. */ storedP50?: number;
  storedP99?: number;
  /** recordedAt (stamped as the write began) → arrival: an upper bound of commit → arrival. */ recordedP50: number;
  recordedP99: number;
}
/** One repetition of scenario 7. */
export interface PropagationRun {
  withdrawals: number;
  writeErrors: number;
  decideErrors: number;
  trials: number;
  stale: number;
  seconds: number;
  achievedOpsPerSecond: number;
  firstError: string | null;
  badSignatures: number;
  webhook: ChannelResult;
  nats?: ChannelResult;
}

/** Scenario 7's child: webhook receiver, JetStream consumer and the paced grant/withdraw driver. */
export interface PropagationWorker {
  /** Starts the receiver (and the JetStream consumer when natsUrl is given); returns the URL to register. */
  listen(natsUrl: string | null): Promise<{ webhookUrl: string }>;
  /** The registered webhook's secret: from now on every delivery's signature is verified. */
  secret(secret: string): Promise<void>;
  run(o: {
    url: string;
    token: string;
    pairs: { subjectId: string; purposeKey: string }[];
    rate: number;
    settleMs: number;
    withNats: boolean;
  }): Promise<PropagationRun>;
  stop(): Promise<void>;
}

export async function startPropagationWorker(): Promise<PropagationWorker> {
  const w = await forkWorker('propagation-worker.mjs', 'propagation worker');
  return {
    listen: (natsUrl) => w.call('listen', { natsUrl }),
    secret: async (secret) => void (await w.call('secret', { secret })),
    run: (o) => w.call<PropagationRun>('run', { options: o }),
    stop: w.stop,
  };
}
