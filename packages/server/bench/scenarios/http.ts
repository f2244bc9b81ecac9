// Scenarios 1, 3 (over HTTP), 4 and 6 (over HTTP), and the server's peak RSS (8): the server runs
// as a child process, autocannon and the paced generator in another, and every contender of a
// scenario runs in the same repetition loop, in rotating order.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_ADMIN_TOKEN } from '../lib/core.ts';
import { log, fmtInt } from '../lib/log.ts';
import type { Options } from '../lib/options.ts';
import { summarizeProfile, type CpuProfile, type ProfileSummary } from '../lib/profile.ts';
import { rotate, reps, type Reps } from '../lib/stats.ts';
import { joinTail, summarizeTail, warmedUp, type TailSamples, type TailSummary } from '../lib/tail.ts';
import { decideBodies, decideManyBodies, healthBodies, randomPairs, writeBodies } from '../lib/workload.ts';
import {
  cpuSeconds,
  runQueueWaitMs,
  startBareServer,
  startLoadGenerator,
  startServer,
  type ClosedResult,
  type LoadGenerator,
  type OpenResult,
  type Settle,
  type Target,
} from '../http/processes.ts';

/** Scenario 1's contenders: decideUnlimited is decide on a second server with ASSENT_RATE_LIMITS=off (scenario 1d). */
type Contender = 'decide' | 'decideUnlimited' | 'decideAdmin' | 'health' | 'bare';

/** What the HTTP phase measured. */
export interface HttpMeasurements {
  closed: Record<Contender, ClosedResult[]>;
  /** rps per repetition, by contender. */
  rps: Record<Contender, Reps>;
  /** Null when --only left scenario 4 out. */
  tail: TailMeasurements | null;
  /** Null when --only left scenario 3 out. */
  decideMany: { runs: ClosedResult[]; decisionsPerSecond: Reps; batch: number } | null;
  /** Null when --only left scenario 6 out. */
  writes: { runs: ClosedResult[]; recordsPerSecond: Reps; connections: number } | null;
  peakRssBytes: number | null;
  /** Background work of the freshly started server on the seeded database before measuring (dispatcher catch-up). */
  settle: Settle | null;
  profiles: ProfileSummary[];
}

async function gql(url: string, body: string, token?: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const json = (await res.json()) as { data?: Record<string, unknown> | null; errors?: { message: string }[] };
  if (res.status !== 200 || json.errors?.length || !json.data)
    throw new Error(
      `GraphQL request failed (HTTP ${res.status}): ${JSON.stringify(json.errors ?? json).slice(0, 500)}\nrequest: ${body.slice(0, 300)}`,
    );
  return json.data;
}

/** Checks that a target answers its first bodies without errors (a benchmark of error responses would be worthless). */
async function precheck(t: Target) {
  for (const body of t.bodies.slice(0, 3)) {
    const res = await fetch(`${t.url}${t.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...t.headers },
      body,
    });
    const json = (await res.json()) as { data?: unknown; errors?: unknown[] };
    if (res.status !== 200 || json.errors?.length || !json.data)
      throw new Error(`${t.url}${t.path} answered HTTP ${res.status}: ${JSON.stringify(json).slice(0, 400)}`);
  }
}

const assertClean = (name: string, r: ClosedResult | OpenResult) => {
  const errors = r.errors + ('timeouts' in r ? r.timeouts : 0);
  if (r.bad > 0 || errors > 0) log(`  warning: ${name}: ${r.bad} non-2xx answers and ${errors} errors/timeouts`);
  if (r.ok === 0) throw new Error(`${name}: no successful request at all`);
};

/** One contender of scenario 4: what the generator targets and the process whose probe is joined to it. */
interface TailContender {
  name: 'decide' | 'bare';
  target: Target;
  pid: number;
  probe(): Promise<Float64Array>;
}

/** Scenario 4 for one contender: the generator's runs, the joined figures, and its warm-up. */
export interface TailResult {
  runs: OpenResult[];
  /**
   * Per repetition, ms per second of the run that the main thread of the process measured and of the
   * generator spent runnable but waiting for a CPU (schedstat; null without /proc): the machine's share.
   */
  runQueueMsPerSec: { measured: number | null; generator: number | null }[];
  summary: TailSummary;
  warmup: { seconds: number; quiet: boolean; cpuMsPerRequest: number[] };
}

/** Scenario 4: the Assent server and the bare node:http floor, measured with the same generator at the same rate. */
export interface TailMeasurements {
  rate: number;
  durationSec: number;
  connections: number;
  decide: TailResult;
  bare: TailResult;
}

/** Where a probed process writes its records (src/http/bench-probe.ts). */
const probeFile = (name: string) => path.join(os.tmpdir(), `assent-bench-probe-${process.pid}-${name}.f64`);

/** Reads a record file of the generator (Float64, CLIENT_STRIDE per request) and removes it. */
function readRecords(file: string): Float64Array {
  const bytes = fs.readFileSync(file);
  fs.rmSync(file, { force: true });
  return new Float64Array(new Uint8Array(bytes).buffer);
}

/**
 * Scenario 4: open loop at half of decide's peak. Per contender, a warm-up at the tail rate in 1 s
 * chunks until the process's CPU per request stops moving (the optimizer is done; quick: 2–4 s, full:
 * 5–10 s); then repetitions alternating the contenders, each with its connections opened and warmed
 * before t0, every request joined to the probe's record of it, and the percentiles pooled.
 */
async function tailScenario(
  o: Options,
  load: LoadGenerator,
  peak: number,
  contenders: TailContender[],
): Promise<TailMeasurements> {
  const rate = Math.max(10, Math.round(peak / 2));
  const durationSec = o.durationSec * 2;
  const connections = 32;
  const warm = o.quick ? { minSec: 2, maxSec: 4 } : { minSec: 5, maxSec: 10 };
  log(
    `  4. decide tail at ${fmtInt(rate)} req/s (half of the peak), open loop, vs bare node:http: warm-up until quiet, then ${o.reps} × ${durationSec} s each, pooled`,
  );
  let nextId = 1;
  const open = async (c: TailContender, seconds: number, recordFile?: string) => {
    const r = await load.open(c.target, {
      rate,
      durationSec: seconds,
      maxSockets: connections,
      connections,
      firstId: nextId,
      recordFile,
    });
    nextId += r.sent;
    assertClean(`tail (${c.name})`, r);
    return r;
  };
  const warmups = new Map<string, TailResult['warmup']>();
  for (const c of contenders) {
    // CPU per request over the chunk, connection warm-up requests included (the same requests).
    const cpuMsPerRequest: number[] = [];
    const started = performance.now();
    let quiet = false;
    while (cpuMsPerRequest.length < warm.maxSec) {
      const before = cpuSeconds(c.pid);
      const r = await open(c, 1);
      const after = cpuSeconds(c.pid);
      cpuMsPerRequest.push(
        before === null || after === null ? NaN : ((after - before) * 1000) / Math.max(1, r.ok + r.warmRequests),
      );
      if ((quiet = warmedUp(cpuMsPerRequest, warm.minSec))) break;
    }
    await c.probe(); // the warm-up's records: dropped
    warmups.set(c.name, { seconds: (performance.now() - started) / 1000, quiet, cpuMsPerRequest });
    log(
      `     ${c.name}: warm-up ${cpuMsPerRequest.length} s, ${quiet ? 'quiet' : 'NOT quiet'} (CPU ms per request ${cpuMsPerRequest.map((x) => x.toFixed(3)).join(', ')})`,
    );
  }
  const runs = new Map<string, OpenResult[]>(contenders.map((c) => [c.name, []]));
  const waits = new Map<string, TailResult['runQueueMsPerSec']>(contenders.map((c) => [c.name, []]));
  const waitPerSec = (before: number | null, after: number | null, seconds: number) =>
    before === null || after === null ? null : (after - before) / seconds;
  const samples = new Map<string, TailSamples[]>(contenders.map((c) => [c.name, []]));
  const recordFile = probeFile('generator');
  for (let rep = 0; rep < o.reps; rep++) {
    const line: string[] = [];
    for (const c of rotate(contenders, rep)) {
      // Per second of the whole call (connection warm-up included), the interval the two readings span.
      const waited = [runQueueWaitMs(c.pid), runQueueWaitMs(load.pid)] as const;
      const from = performance.now();
      const r = await open(c, durationSec, recordFile);
      const seconds = (performance.now() - from) / 1000;
      waits.get(c.name)!.push({
        measured: waitPerSec(waited[0], runQueueWaitMs(c.pid), seconds),
        generator: waitPerSec(waited[1], runQueueWaitMs(load.pid), seconds),
      });
      const joined = joinTail(readRecords(recordFile), await c.probe());
      if (joined.unmatched > 0) log(`  warning: tail (${c.name}): ${joined.unmatched} answers the probe did not see`);
      runs.get(c.name)!.push(r);
      samples.get(c.name)!.push(joined);
      const s = summarizeTail([joined]).pooled;
      const w = waits.get(c.name)!.at(-1)!;
      line.push(
        `${c.name} from due p50/p99 ${s.fromDue.p50.toFixed(2)}/${s.fromDue.p99.toFixed(2)} ms, server ${s.server.p50.toFixed(2)}/${s.server.p99.toFixed(2)} ms, late p99 ${s.lateness.p99.toFixed(2)} ms, run-queue wait ${w.measured?.toFixed(0) ?? '?'}/${w.generator?.toFixed(0) ?? '?'} ms/s`,
      );
    }
    log(`     rep ${rep + 1}: ${line.join('; ')}`);
  }
  const result = (name: TailContender['name']): TailResult => ({
    runs: runs.get(name)!,
    runQueueMsPerSec: waits.get(name)!,
    summary: summarizeTail(samples.get(name)!),
    warmup: warmups.get(name)!,
  });
  return { rate, durationSec, connections, decide: result('decide'), bare: result('bare') };
}

/** Runs the HTTP scenarios against a seeded database. */
export async function httpPhase(
  o: Options,
  databaseUrl: string,
  subjects: number,
  profileDir: string | null,
): Promise<HttpMeasurements> {
  const load = await startLoadGenerator();
  const bare = await startBareServer();
  // Scenario 4's floor carries the probe; scenario 1's bare baseline does not (its handler never reads a header).
  const tailFloor = await startBareServer({ probeFile: probeFile('bare') });
  let server = await startServer(databaseUrl, { probeFile: probeFile('server') });
  // The same server without per-caller limits, on the same database: what limiting costs decide (scenario 1d).
  // It leaves dispatching to the first.
  const unlimited = await startServer(databaseUrl, { env: { ASSENT_RATE_LIMITS: 'off', ASSENT_DISPATCHER: 'off' } });
  try {
    const { createApiKey } = (await gql(
      server.url,
      JSON.stringify({ query: 'mutation { createApiKey(role: SERVICE, name: "bench") { secret } }' }),
      BENCH_ADMIN_TOKEN,
    )) as { createApiKey: { secret: string } };
    const serviceAuth = { authorization: `Bearer ${createApiKey.secret}` };
    // A server started on a seeded outbox catches its dispatcher up first: measure only once that is over.
    const settle = await server.settle(o.quick ? 120 : 3600, o.settle);
    if (settle)
      log(
        `  server ${settle.settled ? 'settled' : 'still busy'} after ${settle.seconds.toFixed(1)} s (${settle.cpuSeconds.toFixed(1)} CPU-s of start-up background work); idle, it uses ${settle.idleCpuPct.toFixed(0)}% of a core`,
      );
    // The limits-off server settles too (its projection warm-up), so neither contender of 1d starts colder.
    await unlimited.settle(o.quick ? 120 : 3600, o.settle);
    const pairs = randomPairs(20_000, subjects, o.seed + 1);
    const targets: Record<Contender, Target> = {
      decide: { url: server.url, path: '/graphql', headers: serviceAuth, bodies: decideBodies(pairs) },
      decideUnlimited: { url: unlimited.url, path: '/graphql', headers: serviceAuth, bodies: decideBodies(pairs) },
      decideAdmin: {
        url: server.url,
        path: '/graphql',
        headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
        bodies: decideBodies(pairs),
      },
      // The constant query needs no token (it is public): Apollo's floor with nothing else on the path.
      health: { url: server.url, path: '/graphql', headers: {}, bodies: healthBodies() },
      bare: { url: bare.url, path: '/graphql', headers: serviceAuth, bodies: decideBodies(pairs) },
    };
    for (const t of Object.values(targets)) await precheck(t);
    const names = Object.keys(targets) as (keyof typeof targets)[];

    // Scenario 1: peak closed-loop throughput of each contender.
    log(
      `  1. decide (limits on and off) vs { health { ok } } vs bare node:http: ${o.reps} × ${o.durationSec} s each, ${o.connections} connections`,
    );
    for (const n of names)
      if (o.warmupSec > 0) await load.closed(targets[n], { connections: o.connections, durationSec: o.warmupSec });
    const closed = {
      decide: [],
      decideUnlimited: [],
      decideAdmin: [],
      health: [],
      bare: [],
    } as HttpMeasurements['closed'];
    for (let rep = 0; rep < o.reps; rep++) {
      for (const n of rotate(names, rep)) {
        const r = await load.closed(targets[n], { connections: o.connections, durationSec: o.durationSec });
        assertClean(n, r);
        closed[n].push(r);
      }
      log(`     rep ${rep + 1}: ${names.map((n) => `${n} ${fmtInt(closed[n][rep]!.rps)}/s`).join(', ')}`);
    }
    const rps = Object.fromEntries(names.map((n) => [n, reps(closed[n].map((r) => r.rps))])) as HttpMeasurements['rps'];
    await unlimited.stop();

    // Scenario 4: open-loop tail at half of decide's peak, against the server and the bare floor.
    const tail =
      !o.only || o.only.includes('4')
        ? await tailScenario(o, load, rps.decide.median, [
            { name: 'decide', target: targets.decide, pid: server.pid, probe: () => server.probe() },
            {
              name: 'bare',
              target: { ...targets.bare, url: tailFloor.url },
              pid: tailFloor.pid,
              probe: () => tailFloor.probe(),
            },
          ])
        : null;
    await tailFloor.stop();
    if (o.only) {
      const peakRssBytes = server.peakRssBytes();
      await server.stop();
      return { closed, rps, tail, decideMany: null, writes: null, peakRssBytes, settle, profiles: [] };
    }

    // Scenario 3 (HTTP): decideMany with 1000 requests per call.
    const batch = 1000;
    const manyTarget: Target = {
      url: server.url,
      path: '/graphql',
      headers: serviceAuth,
      bodies: decideManyBodies(Array.from({ length: 16 }, (_, i) => randomPairs(batch, subjects, o.seed + 100 + i))),
    };
    await precheck(manyTarget);
    log(`  3. decideMany × ${batch} over HTTP: ${o.reps} × ${o.durationSec} s, 2 connections`);
    if (o.warmupSec > 0) await load.closed(manyTarget, { connections: 2, durationSec: o.warmupSec });
    const manyRuns: ClosedResult[] = [];
    for (let rep = 0; rep < o.reps; rep++) {
      const r = await load.closed(manyTarget, { connections: 2, durationSec: o.durationSec });
      assertClean('decideMany', r);
      manyRuns.push(r);
    }

    // Scenario 6 (HTTP): grants and withdrawals through the API, absolute records/s.
    const writeConnections = 4;
    const writeTarget: Target = {
      url: server.url,
      path: '/graphql',
      headers: serviceAuth,
      bodies: writeBodies(20_000, subjects, o.seed + 7),
    };
    await precheck(writeTarget);
    log(`  6. grantConsent/withdrawConsent over HTTP: ${o.reps} × ${o.durationSec} s, ${writeConnections} connections`);
    if (o.warmupSec > 0) await load.closed(writeTarget, { connections: writeConnections, durationSec: o.warmupSec });
    const writeRuns: ClosedResult[] = [];
    for (let rep = 0; rep < o.reps; rep++) {
      const r = await load.closed(writeTarget, { connections: writeConnections, durationSec: o.durationSec });
      assertClean('writes', r);
      writeRuns.push(r);
    }

    const peakRssBytes = server.peakRssBytes();
    await server.stop();

    const profiles: ProfileSummary[] = [];
    if (profileDir) {
      const dur = Math.max(3, o.durationSec);
      const tailRate = tail?.rate ?? Math.max(10, Math.round(rps.decide.median / 2));
      const runs: [string, Target, (t: Target) => Promise<ClosedResult | OpenResult>][] = [
        [
          'server: decide over HTTP, closed loop',
          targets.decide,
          (t) => load.closed(t, { connections: o.connections, durationSec: dur }),
        ],
        [
          `server: decide over HTTP at ${fmtInt(tailRate)} req/s, open loop (scenario 4)`,
          targets.decide,
          (t) => load.open(t, { rate: tailRate, durationSec: dur, maxSockets: 32 }),
        ],
        [
          'server: { health { ok } } over HTTP',
          targets.health,
          (t) => load.closed(t, { connections: o.connections, durationSec: dur }),
        ],
        [
          'server: decideMany × 1000 over HTTP',
          manyTarget,
          (t) => load.closed(t, { connections: 2, durationSec: dur }),
        ],
        [
          'server: grantConsent/withdrawConsent over HTTP',
          writeTarget,
          (t) => load.closed(t, { connections: writeConnections, durationSec: dur }),
        ],
      ];
      for (const [label, t, run] of runs) {
        const dir = path.join(profileDir, `server-${runs.findIndex((r) => r[0] === label) + 1}`);
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir, { recursive: true });
        server = await startServer(databaseUrl, { cpuProfDir: dir });
        await server.settle(600, o.settle);
        const target = { ...t, url: server.url };
        await load.closed(target, { connections: 2, durationSec: 1 });
        const loadStart = performance.now();
        assertClean(label, await run(target));
        const loadEnd = performance.now();
        await server.stop();
        const exited = performance.now();
        const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
        if (!file) {
          log(`  warning: no CPU profile was written for ${label}`);
          continue;
        }
        const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
        // The profile runs from start-up to exit; keep the measured load only (its clock ends at exit).
        const summary = summarizeProfile(profile, label, {
          fromUs: profile.endTime - (exited - loadStart) * 1000,
          toUs: profile.endTime - (exited - loadEnd) * 1000,
        });
        summary.file = path.relative(path.resolve(profileDir, '../..'), path.join(dir, file));
        profiles.push(summary);
      }
    }
    return {
      closed,
      rps,
      tail,
      decideMany: { runs: manyRuns, decisionsPerSecond: reps(manyRuns.map((r) => r.rps * batch)), batch },
      writes: { runs: writeRuns, recordsPerSecond: reps(writeRuns.map((r) => r.rps)), connections: writeConnections },
      peakRssBytes,
      settle,
      profiles,
    };
  } finally {
    await server.stop().catch(() => {});
    await unlimited.stop().catch(() => {});
    await bare.stop();
    await tailFloor.stop();
    await load.stop();
  }
}
