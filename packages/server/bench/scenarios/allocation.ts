// Scenario 11 (issue #19): heap allocated per `decide` over HTTP by the SERVER, on the decide fast path and on
// Apollo's path (a second server with ASSENT_DECIDE_FAST_PATH=off, same database), next to a bare node:http handler
// answering a constant of the same size (the floor). Each server runs in its own process, started with --expose-gc,
// a young generation large enough that a batch fits in it, the benchmark probe and an IPC channel to its heap meter
// (src/http/bench-probe.ts); the client is this process, writing prepared request bytes on raw sockets. For each
// batch the meter runs a full GC and notes the server's used heap ('begin'), the batch is sent, and the meter notes
// the heap again ('end'): the growth divided by the batch's requests is one sample; a batch during which the server's
// V8 collected anything is discarded. Then two scavenges: what is still there is what the batch's requests kept
// alive past their answers (11c). The servers' own timers allocate too (the same per second for each): the figures
// are upper bounds. Each batch opens its connections and sends one request on each before 'begin', so connection
// set-up is not counted and no keep-alive timeout closes a socket mid-batch.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BENCH_ADMIN_TOKEN } from '../lib/core.ts';
import { fmtInt, log } from '../lib/log.ts';
import type { Options } from '../lib/options.ts';
import type { Row } from '../lib/report.ts';
import { reps, rotate, type Reps } from '../lib/stats.ts';
import { decideBodies, randomPairs } from '../lib/workload.ts';
import { startBareServer, startServer } from '../http/processes.ts';
import type { HeapMeterAnswer, HeapMeterMessage } from '../../src/http/bench-probe.ts';

type Contender = 'fastPath' | 'apollo' | 'bare';
const CONTENDERS: readonly Contender[] = ['fastPath', 'apollo', 'bare'];
/** Keep-alive sockets a batch is spread over. */
const CONNECTIONS = 4;
/** Young generation of the servers (MB per semi-space): a batch fills at most half of it (BATCH_BYTES). */
const SEMI_SPACE_MB = 64;
const METER_FLAGS = [
  ...(process.env.BENCH_METER_FLAGS?.split(' ') ?? []),
  '--expose-gc',
  `--min-semi-space-size=${SEMI_SPACE_MB}`,
  `--max-semi-space-size=${SEMI_SPACE_MB}`,
];
/** Bytes a batch may allocate in a server: its requests are sized from a first measured batch. */
const BATCH_BYTES = 24 * 1024 * 1024;
const MIN_BATCH = 200;
const MAX_BATCH = 4_000;
/** The fast path's target (the issue): bytes per decide. */
const TARGET_BYTES = 5 * 1024;

/** What scenario 11 measured: bytes the server allocated per decide, per batch, by contender. */
export interface AllocationMeasurements {
  callsPerContender: Record<Contender, number>;
  batch: Record<Contender, number>;
  bytesPerDecide: Record<Contender, Reps>;
  /** Of those, what was still alive after two scavenges once the batch was answered (promoted: kept by something). */
  survivingPerDecide: Record<Contender, Reps>;
  /** Batches thrown away because a GC ran during them. */
  discarded: Record<Contender, number>;
}

/** A keep-alive socket that sends prepared requests one after another and waits for each whole answer. */
function rawConnection(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  let head = '';
  let remaining = -1;
  let status = 0;
  let done: ((status: number) => void) | null = null;
  socket.on('data', (chunk: Buffer) => {
    let body = chunk.length;
    if (remaining < 0) {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      status = Number(head.slice(9, 12));
      remaining = Number(/content-length: (\d+)/i.exec(head)![1]);
      body = head.length - end - 4;
      head = '';
    }
    remaining -= body;
    if (remaining <= 0) {
      remaining = -1;
      const d = done!;
      done = null;
      d(status);
    }
  });
  return {
    ready: new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    }),
    send(request: Buffer): Promise<number> {
      return new Promise((resolve) => {
        done = resolve;
        socket.write(request);
      });
    },
    close: () => socket.destroy(),
  };
}

function requestBytes(port: number, body: string, token: string): Buffer {
  return Buffer.from(
    `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * Runs scenario 11 against a seeded database: three server processes, this process the client. With `studyDir`,
 * also writes for each contender a sampling heap profile over two batches, one of what survived scavenges over twelve
 * batches, and heap snapshots before and after a batch (the retainer study; BENCHMARKS.md, "Lean decide path (#19)").
 */
export async function allocationPhase(
  o: Options,
  databaseUrl: string,
  subjects: number,
): Promise<AllocationMeasurements> {
  const calls = o.allocCalls;
  const studyDir = o.allocStudyDir;
  log(
    `  11. heap the server allocates per decide: fast path vs Apollo's path vs bare node:http, ≥ ${fmtInt(calls)} calls each`,
  );
  const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'assent-alloc-'));
  const server = (fastPath: 'on' | 'off') =>
    startServer(databaseUrl, {
      probeFile: path.join(probeDir, `probe-${fastPath}.f64`),
      heapMeter: METER_FLAGS,
      env: { ASSENT_DISPATCHER: 'off', ASSENT_WARM_PROJECTION: 'off', ASSENT_DECIDE_FAST_PATH: fastPath },
    });
  const fast = await server('on');
  const apollo = await server('off').catch(async (e: unknown) => {
    await fast.stop();
    throw e;
  });
  const bare = await startBareServer({
    probeFile: path.join(probeDir, 'probe-bare.f64'),
    heapMeter: METER_FLAGS,
  }).catch(async (e: unknown) => {
    await Promise.all([fast.stop(), apollo.stop()]);
    throw e;
  });
  try {
    const meters: Record<Contender, (m: HeapMeterMessage) => Promise<HeapMeterAnswer>> = {
      fastPath: (m) => fast.heapMeter(m),
      apollo: (m) => apollo.heapMeter(m),
      bare: (m) => bare.heapMeter(m),
    };
    const portOf = (url: string) => Number(new URL(url).port);
    const ports: Record<Contender, number> = {
      fastPath: portOf(fast.url),
      apollo: portOf(apollo.url),
      bare: portOf(bare.url),
    };
    const created = await fetch(`${fast.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
      body: JSON.stringify({ query: 'mutation { createApiKey(role: SERVICE, name: "bench allocation") { secret } }' }),
    });
    const token = ((await created.json()) as { data: { createApiKey: { secret: string } } }).data.createApiKey.secret;
    const bodies = decideBodies(randomPairs(2_000, subjects, o.seed + 11));
    const prepared = Object.fromEntries(
      CONTENDERS.map((c) => [c, bodies.map((b) => requestBytes(ports[c], b, token))]),
    ) as Record<Contender, Buffer[]>;

    let next = 0;
    /** n requests over fresh connections; `meter` brackets them (after one unmeasured request per connection). */
    const batch = async (c: Contender, n: number, meter = false): Promise<HeapMeterAnswer | null> => {
      const sockets = Array.from({ length: CONNECTIONS }, () => rawConnection(ports[c]));
      try {
        await Promise.all(sockets.map((s) => s.ready));
        const send = async (s: ReturnType<typeof rawConnection>) => {
          const status = await s.send(prepared[c][next++ % bodies.length]!);
          if (status !== 200) throw new Error(`${c} answered HTTP ${status}`);
        };
        await Promise.all(sockets.map(send));
        if (meter) await meters[c]({ heapMeter: 'begin' });
        await Promise.all(
          sockets.map(async (s, k) => {
            for (let i = k; i < n; i += CONNECTIONS) await send(s);
          }),
        );
        return meter ? await meters[c]({ heapMeter: 'end' }) : null;
      } finally {
        for (const s of sockets) s.close();
      }
    };
    // Warm: the fast path learns the document and caches the key, V8 optimizes every contender.
    for (const c of CONTENDERS) await batch(c, 1_200);
    // Size each contender's batches from a first measured one so a batch stays well inside the young generation.
    const size = {} as Record<Contender, number>;
    for (const c of CONTENDERS) {
      const first = await batch(c, MIN_BATCH, true);
      const perRequest = Math.max(1, first!.grown! / MIN_BATCH);
      size[c] = Math.min(MAX_BATCH, Math.max(MIN_BATCH, Math.floor(BATCH_BYTES / perRequest / 100) * 100));
    }

    const samples: Record<Contender, number[]> = { fastPath: [], apollo: [], bare: [] };
    const surviving: Record<Contender, number[]> = { fastPath: [], apollo: [], bare: [] };
    const discarded: Record<Contender, number> = { fastPath: 0, apollo: 0, bare: 0 };
    const done: Record<Contender, number> = { fastPath: 0, apollo: 0, bare: 0 };
    for (let i = 0; CONTENDERS.some((c) => done[c] < calls); i++)
      for (const c of rotate(CONTENDERS, i)) {
        if (done[c] >= calls) continue;
        const m = (await batch(c, size[c], true))!;
        done[c] += size[c];
        if (m.collections !== 0 || m.grown! <= 0) discarded[c]++;
        else {
          samples[c].push(m.grown! / size[c]);
          surviving[c].push(Math.max(0, m.kept!) / size[c]);
        }
      }
    if (studyDir) {
      fs.mkdirSync(studyDir, { recursive: true });
      for (const c of CONTENDERS) {
        await meters[c]({ heapMeter: 'sample', on: true });
        await batch(c, size[c]);
        await batch(c, size[c]);
        await meters[c]({ heapMeter: 'sample', on: false, file: path.join(studyDir, `${c}.heapprofile`) });
        // Long enough for several scavenges under load (the young generation holds a few batches).
        await meters[c]({ heapMeter: 'sample', on: true, survivors: true });
        for (let k = 0; k < 12; k++) await batch(c, size[c]);
        await meters[c]({
          heapMeter: 'sample',
          on: false,
          survivors: true,
          file: path.join(studyDir, `${c}-survivors.heapprofile`),
        });
        await batch(c, size[c]);
        await meters[c]({ heapMeter: 'snapshot', file: path.join(studyDir, `${c}-before.heapsnapshot`) });
        await batch(c, size[c]);
        await meters[c]({ heapMeter: 'snapshot', file: path.join(studyDir, `${c}-after.heapsnapshot`) });
      }
      log(`     study files (sampling heap profiles, snapshots before/after a batch) in ${studyDir}`);
    }
    const result: AllocationMeasurements = {
      callsPerContender: done,
      batch: size,
      bytesPerDecide: summary(samples),
      survivingPerDecide: summary(surviving),
      discarded,
    };
    log(
      `     bytes/decide in the server (median): ${CONTENDERS.map((c) => `${c} ${fmtInt(result.bytesPerDecide[c].median)} (${fmtInt(result.survivingPerDecide[c].median)} surviving two scavenges; ${fmtInt(done[c])} calls in batches of ${size[c]})`).join(', ')}; discarded batches: ${CONTENDERS.map((c) => discarded[c]).join('/')}`,
    );
    return result;
  } finally {
    await Promise.all([fast.stop(), apollo.stop(), bare.stop()]);
    fs.rmSync(probeDir, { recursive: true, force: true });
  }
}

/** Scenario 11's rows of the results table. */
export function allocationRows(m: AllocationMeasurements): Row[] {
  const b = m.bytesPerDecide;
  return [
    {
      id: '11a',
      scenario: `heap the server allocates per \`decide\` over HTTP on the decide fast path (measured in the server's process, median of batches of ${m.batch.fastPath})`,
      value: b.fastPath,
      unit: 'bytes',
      baseline: { name: "the same on Apollo's path (ASSENT_DECIDE_FAST_PATH=off)", value: b.apollo, unit: 'bytes' },
      ratio: b.fastPath.median / b.apollo.median,
      target: '≤ 5 KB',
      pass: b.fastPath.median <= TARGET_BYTES,
    },
    {
      id: '11c',
      scenario: 'of that, bytes per `decide` still alive after two scavenges once its batch was answered (fast path)',
      value: m.survivingPerDecide.fastPath,
      unit: 'bytes',
      baseline: { name: "the same on Apollo's path", value: m.survivingPerDecide.apollo, unit: 'bytes' },
      ratio: m.survivingPerDecide.fastPath.median / m.survivingPerDecide.apollo.median,
      target: 'report',
      pass: null,
    },
    {
      id: '11b',
      scenario:
        'heap a bare node:http server allocates per request answering a constant (the floor, measured the same way)',
      value: b.bare,
      unit: 'bytes',
      baseline: { name: 'the decide fast path', value: b.fastPath, unit: 'bytes' },
      ratio: b.bare.median / b.fastPath.median,
      target: 'report',
      pass: null,
    },
  ];
}

const summary = (by: Record<Contender, number[]>) =>
  Object.fromEntries(
    CONTENDERS.map((c) => [c, by[c].length ? reps(by[c]) : { median: NaN, min: NaN, max: NaN, values: [] }]),
  ) as Record<Contender, Reps>;
