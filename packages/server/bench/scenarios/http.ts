// Scenarios 1, 3 (over HTTP), 4 and 6 (over HTTP), and the server's peak RSS (8): the server runs
// as a child process, autocannon and the paced generator in another, and every contender of a
// scenario runs in the same repetition loop, in rotating order.
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_ADMIN_TOKEN } from '../lib/core.ts';
import { log, fmtInt } from '../lib/log.ts';
import type { Options } from '../lib/options.ts';
import { summarizeProfile, type CpuProfile, type ProfileSummary } from '../lib/profile.ts';
import { rotate, reps, type Reps } from '../lib/stats.ts';
import { decideBodies, decideManyBodies, healthBodies, randomPairs, writeBodies } from '../lib/workload.ts';
import {
  startBareServer,
  startLoadGenerator,
  startServer,
  type ClosedResult,
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
  tail: { rate: number; runs: OpenResult[]; p50: Reps; p99: Reps };
  decideMany: { runs: ClosedResult[]; decisionsPerSecond: Reps; batch: number };
  writes: { runs: ClosedResult[]; recordsPerSecond: Reps; connections: number };
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

/** Runs the HTTP scenarios against a seeded database. */
export async function httpPhase(
  o: Options,
  databaseUrl: string,
  subjects: number,
  profileDir: string | null,
): Promise<HttpMeasurements> {
  const load = await startLoadGenerator();
  const bare = await startBareServer();
  let server = await startServer(databaseUrl);
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
    const settle = await server.settle(o.quick ? 120 : 3600);
    if (settle)
      log(
        `  server ${settle.settled ? 'settled' : 'still busy'} after ${settle.seconds.toFixed(1)} s (${settle.cpuSeconds.toFixed(1)} CPU-s of start-up background work); idle, it uses ${settle.idleCpuPct.toFixed(0)}% of a core`,
      );
    // The limits-off server settles too (its projection warm-up), so neither contender of 1d starts colder.
    await unlimited.settle(o.quick ? 120 : 3600);
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

    // Scenario 4: open-loop tail at half of decide's peak.
    const rate = Math.max(10, Math.round(rps.decide.median / 2));
    log(`  4. decide tail at ${fmtInt(rate)} req/s (half of the peak), open loop: ${o.reps} × ${o.durationSec * 2} s`);
    if (o.warmupSec > 0) await load.open(targets.decide, { rate, durationSec: o.warmupSec, maxSockets: 32 });
    const tailRuns: OpenResult[] = [];
    for (let rep = 0; rep < o.reps; rep++) {
      const r = await load.open(targets.decide, { rate, durationSec: o.durationSec * 2, maxSockets: 32 });
      assertClean('tail', r);
      tailRuns.push(r);
    }
    const tail = {
      rate,
      runs: tailRuns,
      p50: reps(tailRuns.map((r) => r.latencyMs.p50)),
      p99: reps(tailRuns.map((r) => r.latencyMs.p99)),
    };

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
      const runs: [string, Target, (t: Target) => Promise<ClosedResult | OpenResult>][] = [
        [
          'server: decide over HTTP, closed loop',
          targets.decide,
          (t) => load.closed(t, { connections: o.connections, durationSec: dur }),
        ],
        [
          `server: decide over HTTP at ${fmtInt(rate)} req/s, open loop (scenario 4)`,
          targets.decide,
          (t) => load.open(t, { rate, durationSec: dur, maxSockets: 32 }),
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
        await server.settle(600);
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
    await load.stop();
  }
}
