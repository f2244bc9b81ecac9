// `pnpm bench`: seeds Assent at scale and measures it against baselines run side by side in the
// same run, on SQLite and on PostgreSQL. Writes bench/results/<date>-<db>.json, prints a markdown
// table, and with --update-doc rewrites that table in BENCHMARKS.md. Targets that are missed are
// reported, never fatal: the exit code is non-zero only when the harness itself fails.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { repoRoot } from '../src/env.ts';
import { installInterruptHandler, onInterrupt } from './lib/cleanup.ts';
import { postgresDatabase, sqliteDatabase, type BenchDatabase, type Kind } from './lib/databases.ts';
import { fmtInt, log } from './lib/log.ts';
import { parseOptions, USAGE, type Options } from './lib/options.ts';
import { profileMarkdown, type ProfileSummary } from './lib/profile.ts';
import { formatBytes, formatReps, markdownTable, replaceBlock, type Row } from './lib/report.ts';
import { pairedRatios, quantile, reps, type Reps } from './lib/stats.ts';
import { bannerPhase, type BannerMeasurements } from './scenarios/banner.ts';
import { httpPhase, type HttpMeasurements, type TailResult } from './scenarios/http.ts';
import {
  DECIDER_WRITE_RATE,
  importOnlyPhase,
  localDecisionsPhase,
  type ImportRun,
  type LocalMeasurements,
} from './scenarios/local-decisions.ts';
import { inProcessPhase, overviewOnlyPhase, type InProcessMeasurements } from './scenarios/in-process.ts';
import { checkpointPhase } from './scenarios/checkpoint.ts';
import { allocationPhase, allocationRows, type AllocationMeasurements } from './scenarios/allocation.ts';
import {
  FULL_RUN_TRIALS,
  propagationPhase,
  STEADY_RATE,
  type ChannelReps,
  type PropagationMeasurements,
  type RateMeasurements,
} from './scenarios/propagation.ts';
import { seedDatabase, seedMetaFile, type SeedReport } from './seed/seed.ts';
import { twoInstancePhase, type TwoInstanceMeasurements } from './scenarios/two-instances.ts';

const SQLITE_DECIDE_MANY_TARGET = 200_000;
/** Scenarios L's targets (the client issue): snapshot rows/s, local decisions/s and their ratio to Map.get, import rows/s. */
const SNAPSHOT_TARGET = 200_000;
const LOCAL_DECIDE_TARGET = 5_000_000;
const LOCAL_DECIDE_RATIO = 0.3;
const IMPORT_TARGET = 10_000;
const DECIDER_TRIALS_TARGET = 10_000;

interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  database: string;
  loadAverageStart: number[];
  loadAverageEnd?: number[];
}

function git(): { commit: string | null; dirtyFiles: number | null } {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: repoRoot, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean).length;
    return { commit, dirtyFiles: dirty };
  } catch {
    return { commit: null, dirtyFiles: null };
  }
}

async function databaseVersion(kind: Kind, o: Options): Promise<string> {
  if (kind === 'sqlite') {
    const db = new Sqlite(':memory:');
    const v = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    db.close();
    return `SQLite ${v} (better-sqlite3)`;
  }
  const c = new pg.Client({ connectionString: o.pgAdminUrl });
  try {
    await c.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL is not reachable at ${o.pgAdminUrl} (${(e as Error).message}); start it, pass --pg-url, or run --db sqlite.`,
      { cause: e },
    );
  }
  try {
    const v = (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    const sb = (await c.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]!.shared_buffers;
    return `PostgreSQL ${v} (shared_buffers ${sb}, same host)`;
  } finally {
    await c.end();
  }
}

/**
 * The two databases of a run. Names carry this process's id unless --reuse asks for the stable ones,
 * so two runs on one PostgreSQL server (or one data directory) never drop each other's databases.
 */
function databasesFor(kind: Kind, o: Options): { main: BenchDatabase; small: BenchDatabase } {
  const tag = o.reuse || o.seedOnly ? '' : `-${process.pid}`;
  return kind === 'sqlite'
    ? {
        main: sqliteDatabase(o.dataDir, `${o.namePrefix}-${o.subjects}${tag}`, 'main'),
        small: sqliteDatabase(o.dataDir, `${o.namePrefix}-small-${o.smallSubjects}${tag}`, 'small'),
      }
    : {
        main: postgresDatabase(o.pgAdminUrl, `${o.pgPrefix}_${o.subjects}${tag.replace('-', '_')}`, 'main'),
        small: postgresDatabase(
          o.pgAdminUrl,
          `${o.pgPrefix}_small_${o.smallSubjects}${tag.replace('-', '_')}`,
          'small',
        ),
      };
}

/** Scenario 1's rows: decide's closed-loop peak against its baselines. */
function scenario1Rows(h: HttpMeasurements): Row[] {
  const rows: Row[] = [];
  const decideVsHealth = quantile(pairedRatios(h.rps.decide.values, h.rps.health.values), 0.5);
  rows.push({
    id: '1a',
    scenario: '`decide` over GraphQL HTTP (SERVICE key), keep-alive, closed loop',
    value: h.rps.decide,
    unit: 'req/s',
    baseline: { name: 'Apollo `{ health { ok } }`, same server', value: h.rps.health, unit: 'req/s' },
    ratio: decideVsHealth,
    target: '≥ 0.5×',
    pass: decideVsHealth >= 0.5,
  });
  // Issue #19's target for 1b: the lean decide path at 0.4× of a handler that does nothing.
  const decideVsBare = quantile(pairedRatios(h.rps.decide.values, h.rps.bare.values), 0.5);
  rows.push({
    id: '1b',
    scenario: '`decide` over GraphQL HTTP vs a bare node:http handler',
    value: h.rps.decide,
    unit: 'req/s',
    baseline: { name: 'bare node:http, constant answer', value: h.rps.bare, unit: 'req/s' },
    ratio: decideVsBare,
    target: '≥ 0.4×',
    pass: decideVsBare >= 0.4,
  });
  rows.push({
    id: '1c',
    scenario: '`decide` over GraphQL HTTP with the admin token (no API-key lookup)',
    value: h.rps.decideAdmin,
    unit: 'req/s',
    baseline: { name: 'Apollo `{ health { ok } }`', value: h.rps.health, unit: 'req/s' },
    ratio: quantile(pairedRatios(h.rps.decideAdmin.values, h.rps.health.values), 0.5),
    target: 'report',
    pass: null,
  });
  const limitedVsUnlimited = quantile(pairedRatios(h.rps.decide.values, h.rps.decideUnlimited.values), 0.5);
  rows.push({
    id: '1d',
    scenario: '`decide` over GraphQL HTTP (SERVICE key) with per-caller rate limits on (in memory)',
    value: h.rps.decide,
    unit: 'req/s',
    baseline: {
      name: 'the same on a second server with ASSENT_RATE_LIMITS=off',
      value: h.rps.decideUnlimited,
      unit: 'req/s',
    },
    ratio: limitedVsUnlimited,
    target: '≥ 0.95×',
    pass: limitedVsUnlimited >= 0.95,
  });
  return rows;
}

/** A pooled percentile shown with the range of the repetitions' own values of it. */
const pooledReps = (pooled: number, perRep: number[]): Reps => ({
  median: pooled,
  min: Math.min(...perRep),
  max: Math.max(...perRep),
  values: perRep,
});

/** Scenario 4's rows: the tail from due (4a), the server's own tail (4b), the bare floor (4c), the generator (4d). */
function tailRows(h: HttpMeasurements): Row[] {
  const t = h.tail;
  if (!t) return [];
  const d = t.decide.summary;
  const f = t.bare.summary;
  const n = fmtInt(d.pooled.fromDue.count);
  const per = (s: typeof d, fig: 'fromDue' | 'server' | 'handler' | 'lateness', q: 'p50' | 'p99') =>
    pooledReps(
      s.pooled[fig][q],
      s.reps.map((r) => r[fig][q]),
    );
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  const serverRatio = d.pooled.server.p99 / d.pooled.server.p50;
  const floorRatio = f.pooled.server.p99 / f.pooled.server.p50;
  const lateness = (s: typeof d) => `p50 ${ms(s.pooled.lateness.p50)}, p99 ${ms(s.pooled.lateness.p99)}`;
  const cpu = (r: { generatorCpuPct: number }[]) =>
    fmtInt(
      quantile(
        r.map((x) => x.generatorCpuPct),
        0.5,
      ),
    );
  const wait = (r: TailResult, who: 'measured' | 'generator') => {
    const v = r.runQueueMsPerSec.map((x) => x[who]).filter((x): x is number => x !== null);
    return v.length ? fmtInt(quantile(v, 0.5)) : '?';
  };
  const late = (r: { connectionsOpenedLate: number }[]) =>
    fmtInt(r.reduce((sum, x) => sum + x.connectionsOpenedLate, 0));
  return [
    {
      id: '4a',
      scenario: `tail: \`decide\` over HTTP at ${fmtInt(t.rate)} req/s (half the peak), open loop, p99 from due time, pooled over ${t.decide.runs.length} × ${t.durationSec} s (${n} requests; range: each repetition's own p99)`,
      value: per(d, 'fromDue', 'p99'),
      unit: 'ms',
      baseline: null,
      ratio: null,
      target: '≤ 10 ms',
      pass: d.pooled.fromDue.p99 <= 10,
      note: `p50 ${ms(d.pooled.fromDue.p50)}; the bare node:http floor with the same generator: p50 ${ms(f.pooled.fromDue.p50)}, p99 ${ms(f.pooled.fromDue.p99)}`,
    },
    {
      id: '4b',
      scenario:
        "tail on the server: the generator's send → the server's `res.end` (probe in the server, joined per request), pooled p99 against its p50",
      value: per(d, 'server', 'p99'),
      unit: 'ms',
      baseline: { name: 'p50', value: per(d, 'server', 'p50'), unit: 'ms' },
      ratio: serverRatio,
      target: '≤ 3×',
      pass: serverRatio <= 3,
      note: `inside the event loop (request event → res.end): p50 ${ms(d.pooled.handler.p50)}, p99 ${ms(d.pooled.handler.p99)}; ${fmtInt(d.reps.reduce((x, r) => x + r.unmatched, 0))} answers unmatched`,
    },
    {
      id: '4c',
      scenario:
        'the floor: bare node:http (constant answer, same probe) with the same generator and rate, server-side pooled p99 against its p50',
      value: per(f, 'server', 'p99'),
      unit: 'ms',
      baseline: { name: 'p50', value: per(f, 'server', 'p50'), unit: 'ms' },
      ratio: floorRatio,
      target: 'report',
      pass: null,
      note: `inside its event loop: p50 ${ms(f.pooled.handler.p50)}, p99 ${ms(f.pooled.handler.p99)}`,
    },
    {
      id: '4d',
      scenario: "the generator's lateness (due → actual send), p99 pooled, in the decide runs",
      value: per(d, 'lateness', 'p99'),
      unit: 'ms',
      baseline: { name: 'the same in the bare runs', value: per(f, 'lateness', 'p99'), unit: 'ms' },
      ratio: null,
      target: 'report',
      pass: null,
      note: `decide runs ${lateness(d)}, bare runs ${lateness(f)}; the generator used ${cpu(t.decide.runs)}% / ${cpu(t.bare.runs)}% of a core (median); connections opened after t0: ${late(t.decide.runs)} / ${late(t.bare.runs)}; main threads waiting for a CPU (run queue, median ms per second): server ${wait(t.decide, 'measured')}, floor ${wait(t.bare, 'measured')}, generator ${wait(t.decide, 'generator')} / ${wait(t.bare, 'generator')}; warm-up ${t.decide.warmup.cpuMsPerRequest.length} s / ${t.bare.warmup.cpuMsPerRequest.length} s, ${t.decide.warmup.quiet && t.bare.warmup.quiet ? 'both quiet' : 'NOT quiet (CPU per request still moving at the cap)'}`,
    },
  ];
}

/** The results table of one database. */
function buildRows(
  kind: Kind,
  seed: { main: SeedReport; small: SeedReport },
  dbBytes: number,
  tables: { table: string; bytes: number }[],
  h: HttpMeasurements,
  p: InProcessMeasurements,
  g: PropagationMeasurements,
  two: TwoInstanceMeasurements | null,
): Row[] {
  const { decideMany: many, writes } = h;
  if (!many || !writes) throw new Error('scenarios 3 and 6 were left out (--only), so the whole table cannot be built');
  const rows: Row[] = [];
  rows.push(...scenario1Rows(h));
  rows.push({
    id: '2a',
    scenario: `\`decide\` in process (service), p50 over ${fmtInt(p.decide.calls)} sequential calls`,
    value: p.decide.product.p50,
    unit: 'ms',
    baseline: { name: 'raw prepared PK SELECT on "ConsentState"', value: p.decide.raw.p50, unit: 'ms' },
    ratio: p.decide.p50Ratio,
    target: '≤ 1.5×',
    pass: p.decide.p50Ratio <= 1.5,
  });
  rows.push({
    id: '2b',
    scenario: '`decide` in process (service), p99',
    value: p.decide.product.p99,
    unit: 'ms',
    baseline: { name: 'raw prepared PK SELECT', value: p.decide.raw.p99, unit: 'ms' },
    ratio: p.decide.p99Ratio,
    target: '≤ 2.5×',
    pass: p.decide.p99Ratio <= 2.5,
  });
  rows.push({
    id: '2c',
    scenario:
      'for comparison: the same projection row read through Prisma (`consentState.findUnique`), p50 — what each query still made through Prisma costs (polling loops, catalog, dispatcher)',
    value: p.prisma.prisma.p50,
    unit: 'ms',
    baseline: { name: 'raw prepared PK SELECT', value: p.prisma.raw.p50, unit: 'ms' },
    ratio: p.prisma.p50Ratio,
    target: 'report',
    pass: null,
  });
  const manyTarget = kind === 'sqlite' ? `≥ ${fmtInt(SQLITE_DECIDE_MANY_TARGET)}/s` : 'report (target is for SQLite)';
  rows.push({
    id: '3a',
    scenario: '`decideMany` × 1,000 over GraphQL HTTP (2 connections)',
    value: many.decisionsPerSecond,
    unit: 'decisions/s',
    baseline: { name: 'raw driver reading the same 1,000 rows, in process', value: p.decideMany.raw, unit: 'rows/s' },
    ratio: many.decisionsPerSecond.median / p.decideMany.raw.median,
    target: manyTarget,
    pass: kind === 'sqlite' ? many.decisionsPerSecond.median >= SQLITE_DECIDE_MANY_TARGET : null,
  });
  rows.push({
    id: '3b',
    scenario: '`decideMany` × 1,000 in process (service)',
    value: p.decideMany.product,
    unit: 'decisions/s',
    baseline: { name: 'raw driver batch read', value: p.decideMany.raw, unit: 'rows/s' },
    ratio: p.decideMany.ratio,
    target: manyTarget,
    pass: kind === 'sqlite' ? p.decideMany.product.median >= SQLITE_DECIDE_MANY_TARGET : null,
  });
  rows.push(...tailRows(h));
  rows.push({
    id: '5',
    scenario: `scale: \`decide\` p99 in process at ${fmtInt(p.scale.bigRecords)} records`,
    value: p.scale.big.p99,
    unit: 'ms',
    baseline: { name: `p99 at ${fmtInt(p.scale.smallRecords)} records`, value: p.scale.small.p99, unit: 'ms' },
    ratio: p.scale.p99Ratio,
    target: '≤ 1.25×',
    pass: p.scale.p99Ratio <= 1.25,
  });
  if (p.cached) {
    rows.push({
      id: '5b',
      scenario: `scale, where it sits: raw prepared PK read p99 at ${fmtInt(p.scale.bigRecords)} records with the projection held in a warmed ${formatBytes(p.cached.cacheBytes)} SQLite page cache`,
      value: p.cached.cached.p99,
      unit: 'ms',
      baseline: {
        name: "same read, SQLite's default page cache (~16 MB in this build)",
        value: p.cached.plain.p99,
        unit: 'ms',
      },
      ratio: p.cached.p99Ratio,
      target: 'report',
      pass: null,
    });
  }
  rows.push({
    id: '6a',
    scenario: 'writes: service grantConsent/withdrawConsent in process, one at a time',
    value: p.writes.product,
    unit: 'records/s',
    baseline: { name: 'raw-driver loop, same SQL transaction', value: p.writes.raw, unit: 'records/s' },
    ratio: p.writes.ratio,
    target: '≥ 0.35×',
    pass: p.writes.ratio >= 0.35,
  });
  rows.push({
    id: '9',
    scenario: `overview: \`consentOverview\` (${p.overview.days} days by day, every purpose) p99 in process at ${fmtInt(p.scale.bigRecords)} records`,
    value: p.overview.big.p99,
    unit: 'ms',
    baseline: { name: `p99 at ${fmtInt(p.scale.smallRecords)} records`, value: p.overview.small.p99, unit: 'ms' },
    ratio: p.overview.p99Ratio,
    target: '≤ 200 ms',
    pass: p.overview.big.p99.median <= 200,
  });
  rows.push({
    id: '6b',
    scenario: `writes: grantConsent/withdrawConsent over GraphQL HTTP (${writes.connections} connections)`,
    value: writes.recordsPerSecond,
    unit: 'records/s',
    baseline: null,
    ratio: null,
    target: 'report',
    pass: null,
  });
  const channelRows = (
    ids: [string, string],
    name: string,
    m: RateMeasurements,
    c: ChannelReps,
    targets: { p50?: number; p99: number },
    why: string,
  ) => {
    const lost = c.missing ? `; ${fmtInt(c.missing)} events NEVER ARRIVED within 30 s` : '';
    // From the answer is a lower bound of commit → arrival; from recordedAt (stamped as the write began) an upper one.
    const upper = (r: Reps) =>
      `from recordedAt instead (stamped as the write began, before commit): ${formatReps(r, 'ms')}`;
    rows.push({
      id: ids[0],
      scenario: `propagation: withdrawal answered → ${name}, p50, at ${fmtInt(m.rate)} writes/s (${why})${lost}`,
      value: c.p50,
      unit: 'ms',
      baseline: null,
      ratio: null,
      target: targets.p50 === undefined ? 'report' : `≤ ${targets.p50} ms`,
      pass: targets.p50 === undefined ? null : c.p50.median <= targets.p50 && !c.missing,
      note: upper(c.recordedP50),
    });
    rows.push({
      id: ids[1],
      scenario: `propagation: withdrawal answered → ${name}, p99, at ${fmtInt(m.rate)} writes/s${lost}`,
      value: c.p99,
      unit: 'ms',
      baseline: null,
      ratio: null,
      target: `≤ ${targets.p99} ms`,
      pass: c.p99.median <= targets.p99 && !c.missing,
      note: upper(c.recordedP99),
    });
  };
  const half = g.halfPeak;
  channelRows(
    ['7a', '7b'],
    'webhook receiver (signature verified)',
    half,
    half.webhook,
    { p50: 50, p99: 250 },
    'half of 6b',
  );
  if (half.nats) channelRows(['7c', '7d'], 'JetStream consumer', half, half.nats, { p50: 50, p99: 250 }, 'half of 6b');
  else
    rows.push({
      id: '7c',
      scenario: 'propagation → JetStream consumer',
      value: null,
      unit: 'ms',
      baseline: null,
      ratio: null,
      target: '≤ 50 / 250 ms',
      pass: null,
      note: 'not measured: NATS did not answer',
    });
  rows.push({
    id: '7e',
    scenario: `stale permits: \`decide\` right after a withdrawal answered, under the same load (${fmtInt(g.trials)} trials over ${fmtInt(g.withdrawals)} withdrawals)`,
    value: reps([g.stale]),
    unit: 'stale permits',
    baseline: null,
    ratio: null,
    target: `0 in ≥ ${fmtInt(FULL_RUN_TRIALS)} trials`,
    pass: g.stale > 0 ? false : g.trials >= FULL_RUN_TRIALS ? true : null,
    note: g.trials < FULL_RUN_TRIALS ? 'fewer trials than the target asks (a quick run)' : undefined,
  });
  if ('skipped' in g.steady) {
    rows.push({
      id: '7f',
      scenario: `propagation at a steady ${STEADY_RATE} changes/s (the Propagation issue: p99 < 100 ms)`,
      value: null,
      unit: 'ms',
      baseline: null,
      ratio: null,
      target: '< 100 ms',
      pass: false,
      note: `not sustainable: ${g.steady.skipped}`,
    });
  } else {
    const st = g.steady;
    channelRows(['7f', '7g'], 'webhook receiver', st, st.webhook, { p99: 100 }, 'the Propagation issue');
    if (st.nats) channelRows(['7h', '7i'], 'JetStream consumer', st, st.nats, { p99: 100 }, 'the Propagation issue');
  }
  rows.push({
    id: '8a',
    scenario: 'memory: peak RSS of the server process over the HTTP scenarios',
    value: h.peakRssBytes == null ? null : reps([h.peakRssBytes]),
    unit: 'bytes',
    baseline: null,
    ratio: null,
    target: 'report',
    pass: null,
  });
  rows.push({
    id: '8b',
    scenario: `memory: database bytes per subject (${formatBytes(dbBytes)} for ${fmtInt(seed.main.subjects)} subjects, ${fmtInt(seed.main.records)} records)`,
    value: reps([dbBytes / seed.main.subjects]),
    unit: 'B/subject',
    baseline: null,
    ratio: null,
    target: 'report',
    pass: null,
    note: tables
      .slice(0, 3)
      .map((t) => `${t.table} ${Math.round((100 * t.bytes) / dbBytes)}%`)
      .join(', '),
  });
  if (h.settle) {
    rows.push({
      id: '8c',
      scenario: `start-up on the seeded database (${fmtInt(seed.main.outboxRows)} outbox rows): the server's own work before it settles${seed.main.reused ? ' (reused database: its dispatcher caught up in an earlier run)' : ' (the dispatcher catching up with the outbox)'}${h.settle.settled ? '' : ', NOT settled before the timeout'}`,
      value: reps([h.settle.cpuSeconds]),
      unit: 's',
      baseline: null,
      ratio: null,
      target: 'report',
      pass: null,
      note: `CPU time; ${h.settle.seconds.toFixed(1)} s wall`,
    });
    rows.push({
      id: '8d',
      scenario: 'idle server: CPU it uses with no request at all (polling loops)',
      value: reps([h.settle.idleCpuPct]),
      unit: '% of a core',
      baseline: null,
      ratio: null,
      target: 'report',
      pass: null,
    });
  }
  if (two)
    rows.push({
      id: '12',
      scenario: `\`decide\` over GraphQL HTTP (SERVICE key) on two server processes sharing the database, ${two.connections} connections split between them`,
      value: two.two,
      unit: 'req/s',
      baseline: { name: 'the same load on one of the two servers', value: two.one, unit: 'req/s' },
      ratio: quantile(pairedRatios(two.two.values, two.one.values), 0.5),
      target: 'report (same machine: shows the overhead)',
      pass: null,
    });
  rows.push({
    id: 'S',
    scenario: `seeding: ${fmtInt(seed.main.records)} records + projection + outbox through the raw driver, hash chains verified${seed.main.reused ? ' (reused: rate of the original seeding)' : ''}`,
    value: reps([seed.main.recordsPerSecond]),
    unit: 'records/s',
    baseline: null,
    ratio: null,
    target: 'report',
    pass: null,
  });
  return rows;
}

/** Scenarios L's table (see scenarios/local-decisions.ts). */
function buildLocalRows(m: LocalMeasurements): Row[] {
  const rows: Row[] = [];
  const single = (v: number) => reps([v]);
  const size = `${fmtInt(m.subjects)} subjects × 3 purposes`;
  rows.push({
    id: 'L1',
    scenario: `\`consentSnapshot\` paged over GraphQL HTTP, 10,000 rows a page, all six row fields (${size}, ${fmtInt(m.rows)} rows), client in another process`,
    value: m.query,
    unit: 'rows/s',
    baseline: { name: 'raw driver reading the same pages, in process', value: m.raw, unit: 'rows/s' },
    ratio: m.query.median / m.raw.median,
    target: `≥ ${fmtInt(SNAPSHOT_TARGET)} rows/s`,
    pass: m.query.median >= SNAPSHOT_TARGET,
    note: `${Math.round(m.queryBytesPerRow)} bytes of JSON per row${m.queryServerCpu ? `; ${fmtInt(m.queryServerCpu.median)} rows per CPU-second of the server` : ''}`,
  });
  rows.push({
    id: 'L1b',
    scenario: `the same passes against a second server on the same database without the fast path (Apollo and graphql-jit write the pages, as before it), alternating with L1's`,
    value: m.queryPlain,
    unit: 'rows/s',
    baseline: { name: 'L1 (the fast path)', value: m.query, unit: 'rows/s' },
    ratio: m.queryPlain.median / m.query.median,
    target: 'report (what the fast path buys)',
    pass: null,
    note: m.queryPlainServerCpu
      ? `${fmtInt(m.queryPlainServerCpu.median)} rows per CPU-second of that server${m.queryServerCpu ? ` (${(m.queryServerCpu.median / m.queryPlainServerCpu.median).toFixed(2)}× with the fast path)` : ''}`
      : '',
  });
  rows.push({
    id: 'L2',
    scenario: `snapshot loaded into a LocalDecider (\`localDecisions\` until it resolves: pages fetched one ahead, rows interned), ${size}`,
    value: single(m.deciderLoad.rowsPerSecond),
    unit: 'rows/s',
    baseline: null,
    ratio: null,
    target: 'report',
    pass: null,
    note: `${m.deciderLoad.seconds.toFixed(1)} s for ${fmtInt(m.deciderLoad.rows)} entries (${fmtInt(m.deciderLoad.rowsPerCpuSecond)} rows per CPU-second of the client process); ${m.deciderLoad.bytesPerEntry.toFixed(1)} bytes per entry in the decider's typed arrays`,
  });
  const decidePass = m.decideCpu.median >= LOCAL_DECIDE_TARGET && m.ratio >= LOCAL_DECIDE_RATIO;
  rows.push({
    id: 'L3',
    scenario: `\`decider.decide\` on the warmed decider (${fmtInt(m.lookups)} subjects of one purpose, each once, scattered order), per CPU-second of its one thread`,
    value: m.decideCpu,
    unit: 'decisions/s',
    baseline: {
      name: 'bare `Map.get` of a precomputed string key, same lookups',
      value: m.mapCpu,
      unit: 'decisions/s',
    },
    ratio: m.ratio,
    target: `≥ ${fmtInt(LOCAL_DECIDE_TARGET)}/s and ≥ ${LOCAL_DECIDE_RATIO}×`,
    pass: decidePass,
    note: `per wall-clock second: decide ${formatReps(m.decideWall, 'decisions/s')}, Map.get ${formatReps(m.mapWall, 'decisions/s')}`,
  });
  if ('skipped' in m.propagation) {
    rows.push({
      id: 'L4',
      scenario: 'propagation into the decider',
      value: null,
      unit: 'ms',
      baseline: null,
      ratio: null,
      target: '≤ 20 / 100 ms',
      pass: null,
      note: `not measured: ${m.propagation.skipped}`,
    });
  } else {
    const g = m.propagation;
    const lost =
      (g.missing ? `; ${fmtInt(g.missing)} changes NEVER ARRIVED within 10 s` : '') +
      (g.failed ? `; ${fmtInt(g.failed)} withdrawals FAILED (first: ${g.firstError})` : '');
    const at = `at ${DECIDER_WRITE_RATE} withdrawals/s (${g.achievedRate.toFixed(0)}/s sent), ${fmtInt(g.trials)} withdrawals`;
    rows.push({
      id: 'L4a',
      scenario: `propagation: withdrawal answered → the LocalDecider (JetStream) in another process says no, p50, ${at}${lost}`,
      value: single(g.p50),
      unit: 'ms',
      baseline: null,
      ratio: null,
      target: '≤ 20 ms',
      pass: g.p50 <= 20 && !g.missing && !g.failed,
      note: `${fmtInt(g.deniedAtAnswer)} of ${fmtInt(g.trials)} already denied when the answer arrived`,
    });
    rows.push({
      id: 'L4b',
      scenario: `propagation into the decider, p99, ${at}${lost}`,
      value: single(g.p99),
      unit: 'ms',
      baseline: null,
      ratio: null,
      target: '≤ 100 ms',
      pass: g.p99 <= 100 && !g.missing && !g.failed,
    });
    rows.push({
      id: 'L4c',
      scenario: `stale permits: \`decide\` asked in the decider's own \`change\` event for each withdrawal (${fmtInt(g.trials)} trials)`,
      value: single(g.stalePermits),
      unit: 'stale permits',
      baseline: null,
      ratio: null,
      target: `0 in ≥ ${fmtInt(DECIDER_TRIALS_TARGET)} trials`,
      pass: g.stalePermits > 0 ? false : g.trials >= DECIDER_TRIALS_TARGET ? true : null,
      note: g.trials < DECIDER_TRIALS_TARGET ? 'fewer trials than the target asks (a quick run)' : undefined,
    });
  }
  rows.push({
    id: 'L5',
    scenario: `\`pnpm assent import\` of a ${fmtInt(m.import.rows)}-row CSV into a fresh database (process start to exit; every row verified written)`,
    value: single(m.import.rowsPerSecond),
    unit: 'rows/s',
    baseline: null,
    ratio: null,
    target: `≥ ${fmtInt(IMPORT_TARGET)} rows/s`,
    pass: m.import.rowsPerSecond >= IMPORT_TARGET,
    note: importNote(m.import),
  });
  return rows;
}

/** An L5 run's wall-clock seconds and, where measured, its CPU time and rows per CPU-second. */
const importNote = (r: ImportRun) =>
  `${r.seconds.toFixed(1)} s${r.cpuSeconds === null ? '' : `; ${r.cpuSeconds.toFixed(1)} CPU-seconds, ${fmtInt(r.rowsPerCpuSecond!)} rows per CPU-second`}`;

/** `--local import`: L5 alone (and the other checkout's CLI alternating with it); a results file and the printed table. */
async function runImportOnly(kind: Kind, o: Options): Promise<{ table: string; file: string; misses: string[] }> {
  const started = new Date();
  const loadStart = os.loadavg();
  log(
    `${kind}: L5 alone, ${o.reps} runs of ${fmtInt(o.importRows)} rows${o.importAgainst ? `, alternating with ${o.importAgainst}` : ''}`,
  );
  const { runs, against } = await importOnlyPhase(kind, o);
  const loadEnd = os.loadavg();
  const row = (r: ImportRun, i: number, code: string): Row => ({
    id: `L5.${i + 1}${code === 'this checkout' ? '' : 'b'}`,
    scenario: `\`pnpm assent import\` of a ${fmtInt(r.rows)}-row CSV, ${code}`,
    value: reps([r.rowsPerSecond]),
    unit: 'rows/s',
    baseline: null,
    ratio: null,
    target: `≥ ${fmtInt(IMPORT_TARGET)} rows/s`,
    pass: r.rowsPerSecond >= IMPORT_TARGET,
    note: importNote(r),
  });
  const rows = [
    ...runs.map((r, i) => row(r, i, 'this checkout')),
    ...(against ?? []).map((r, i) => row(r, i, `CLI of ${o.importAgainst}`)),
  ];
  const file = path.join(o.resultsDir, `${started.toISOString().slice(0, 10)}-${kind}-import.json`);
  fs.mkdirSync(o.resultsDir, { recursive: true });
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        kind,
        startedAt: started.toISOString(),
        loadStart,
        loadEnd,
        git: git(),
        runs,
        against,
        against_dir: o.importAgainst,
      },
      null,
      2,
    ) + '\n',
  );
  const section = [
    `Run ${started.toISOString().replace(/\.\d+Z$/, 'Z')}; load average at start ${loadStart.map((x) => x.toFixed(2)).join(' / ')}, at end ${loadEnd.map((x) => x.toFixed(2)).join(' / ')}; commit ${git().commit ?? '?'}.`,
    `Reproduce: \`pnpm bench --db ${kind} --local import --import-rows ${o.importRows} --reps ${o.reps}${o.importAgainst ? ` --import-against ${o.importAgainst}` : ''}\`.`,
    '',
    markdownTable(rows),
  ].join('\n');
  return { table: section, file, misses: rows.filter((r) => r.pass === false).map((r) => `${kind} ${r.id}`) };
}

/** Scenarios L on one database: a results file and, with --update-doc, a block of BENCHMARKS.md. */
async function runLocal(kind: Kind, o: Options): Promise<{ table: string; file: string; misses: string[] }> {
  const started = new Date();
  const machine: Machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    database: await databaseVersion(kind, o),
    loadAverageStart: os.loadavg(),
  };
  log(`${kind}: scenarios L (local decisions, snapshot, import) — ${fmtInt(o.localSubjects)} subjects × 3 purposes`);
  const m = await localDecisionsPhase(kind, o);
  machine.loadAverageEnd = os.loadavg();
  const rows = buildLocalRows(m);
  const mode = o.quick ? 'quick' : 'full';
  const file = path.join(
    o.resultsDir,
    `${started.toISOString().slice(0, 10)}-${kind}-local${o.smoke ? '-smoke' : o.quick ? '-quick' : ''}.json`,
  );
  fs.mkdirSync(o.resultsDir, { recursive: true });
  fs.writeFileSync(
    file,
    JSON.stringify(
      { kind, mode, startedAt: started.toISOString(), machine, git: git(), rows, measurements: m },
      null,
      2,
    ) + '\n',
  );
  const sizes =
    o.localSubjects !== (o.quick ? 20_000 : 1_000_000) || o.importRows !== (o.quick ? 20_000 : 1_000_000)
      ? ` --local-subjects ${o.localSubjects} --import-rows ${o.importRows}`
      : '';
  const section = [
    `Run ${started.toISOString().replace(/\.\d+Z$/, 'Z')} on ${describeMachine(machine)}; commit ${git().commit ?? '?'}.`,
    `Reproduce: \`pnpm bench ${o.quick ? '--quick ' : ''}--db ${kind} --local only${sizes}\` (results: \`bench/results/${path.basename(file)}\`). L3: ${o.reps} repetitions, decide and Map.get alternating.`,
    '',
    markdownTable(rows),
  ].join('\n');
  if (o.updateDoc)
    replaceBlock(
      path.join(repoRoot, 'BENCHMARKS.md'),
      `local-${mode}-${kind}`,
      section,
      `### Local decisions, snapshot and import (scenarios L), ${mode} run, ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
    );
  return { table: section, file, misses: rows.filter((r) => r.pass === false).map((r) => `${kind} ${r.id}`) };
}

function describeMachine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os}, Node ${m.node}, ${m.database}; load average at start ${m.loadAverageStart.map((x) => x.toFixed(2)).join(' / ')}${m.loadAverageEnd ? `, at end ${m.loadAverageEnd.map((x) => x.toFixed(2)).join(' / ')}` : ''}`;
}

/** The end of a --only run: its rows (scenarios 1, 4, 11) in the results file and the printed table, never in BENCHMARKS.md. */
function onlyReport(
  kind: Kind,
  o: Options,
  started: Date,
  machine: Machine,
  file: string,
  http: HttpMeasurements | null,
  allocation: AllocationMeasurements | null,
): { table: string; file: string; misses: string[] } {
  machine.loadAverageEnd = os.loadavg();
  const rows = [
    ...(http ? [...scenario1Rows(http), ...tailRows(http)] : []),
    ...(allocation ? allocationRows(allocation) : []),
  ];
  const only = file.replace(/\.json$/, `-only-${o.only!.join('-')}.json`);
  fs.mkdirSync(o.resultsDir, { recursive: true });
  fs.writeFileSync(
    only,
    JSON.stringify(
      {
        kind,
        mode: o.quick ? 'quick' : 'full',
        only: o.only,
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        machine,
        git: git(),
        options: {
          subjects: o.subjects,
          reps: o.reps,
          warmupSec: o.warmupSec,
          durationSec: o.durationSec,
          allocCalls: o.allocCalls,
        },
        rows,
        measurements: { http, allocation },
      },
      null,
      2,
    ) + '\n',
  );
  if (o.updateDoc) log('  --update-doc ignored: a --only run has no whole table to write');
  const command = `pnpm bench ${o.quick ? '--quick ' : ''}--db ${kind} --only ${o.only!.join(',')}`;
  const table = [
    `Run ${started.toISOString().replace(/\.\d+Z$/, 'Z')} on ${describeMachine(machine)}; commit ${git().commit ?? '?'}.`,
    `Reproduce: \`${command}\` (results: \`bench/results/${path.basename(only)}\`). ${o.reps} repetitions after warm-up.`,
    '',
    markdownTable(rows),
  ].join('\n');
  return { table, file: only, misses: rows.filter((r) => r.pass === false).map((r) => `${kind} ${r.id}`) };
}

async function runDatabase(kind: Kind, o: Options): Promise<{ table: string; file: string; misses: string[] }> {
  const started = new Date();
  const machine: Machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    database: await databaseVersion(kind, o),
    loadAverageStart: os.loadavg(),
  };
  const { main, small } = databasesFor(kind, o);
  const dropAll = async () => {
    for (const db of [main, small]) {
      await db.drop().catch(() => {});
      fs.rmSync(seedMetaFile(db, o.dataDir), { force: true });
    }
  };
  const forget = o.keep || o.seedOnly ? () => {} : onInterrupt(dropAll);
  try {
    log(
      `${kind}: ${o.quick ? 'quick' : 'full'} run — scale database ${fmtInt(o.subjects)} subjects, small ${fmtInt(o.smallSubjects)}`,
    );
    const seedMain = await seedDatabase(main, {
      subjects: o.subjects,
      seed: o.seed,
      dataDir: o.dataDir,
      reuse: o.reuse,
      verifyAllChains: o.subjects <= 20_000,
    });
    const seedSmall = await seedDatabase(small, {
      subjects: o.smallSubjects,
      seed: o.seed + 1,
      dataDir: o.dataDir,
      reuse: o.reuse,
      verifyAllChains: true,
    });
    // A database reused from an interrupted run may still hold that run's webhook (scenario 7 removes its own).
    if (seedMain.reused) {
      const left = await main.removeWebhooks();
      if (left) log(`${kind}/main: removed ${left} webhook(s) an earlier run left behind`);
    }
    const dbBytes = await main.sizeBytes();
    // Per-table sizes read every page on SQLite (dbstat: minutes at the scale size): not for --only runs, which report none.
    const tables = o.sidePhases || o.seedOnly ? await main.tableSizes() : [];
    log(
      `${kind}: scale database is ${formatBytes(dbBytes)} (${fmtInt(dbBytes / o.subjects)} B/subject${tables.length ? ': ' : ''}${tables
        .slice(0, 3)
        .map((t) => `${t.table} ${Math.round((100 * t.bytes) / dbBytes)}%`)
        .join(', ')}); sample chains verified: ${seedMain.verification.subjects.join(', ')}`,
    );
    const stamp = started.toISOString().slice(0, 10);
    const file = path.join(o.resultsDir, `${stamp}-${kind}${o.smoke ? '-smoke' : o.quick ? '-quick' : ''}.json`);
    if (o.onlyOverview) {
      const { overview: ov, sums } = await overviewOnlyPhase(o, main, small);
      const f = (r: { median: number; min: number; max: number }) =>
        `${r.median.toFixed(1)} ms (${r.min.toFixed(1)}–${r.max.toFixed(1)})`;
      const load = os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' / ');
      log(
        `${kind}: 9. overview p99 at ${fmtInt(seedMain.records)} records ${f(ov.big.p99)}, p50 ${f(ov.big.p50)}; at ${fmtInt(seedSmall.records)} records p99 ${f(ov.small.p99)}; ratio ${ov.p99Ratio.toFixed(2)}× (load average ${load})`,
      );
      log(
        `${kind}: 9 (sums) p99 coarse tables ${f(sums.current.p99)}, p50 ${f(sums.current.p50)}; every daily row p99 ${f(sums.before.p99)}, p50 ${f(sums.before.p50)}; paired p99 ratio ${sums.p99Ratio.toFixed(2)}× (load average ${os
          .loadavg()
          .map((x) => x.toFixed(2))
          .join(' / ')})`,
      );
      return { table: '', file, misses: ov.big.p99.median <= 200 ? [] : [`${kind}: 9`] };
    }
    if (o.onlyCheckpoint) {
      log(`${kind}: ledger checkpoint (in process)`);
      const checkpoint = await checkpointPhase(o, kind, { url: main.url, subjects: o.subjects });
      machine.loadAverageEnd = os.loadavg();
      fs.mkdirSync(o.resultsDir, { recursive: true });
      const only = file.replace(/\.json$/, '-only-checkpoint.json');
      fs.writeFileSync(
        only,
        JSON.stringify(
          { kind, startedAt: started.toISOString(), machine, git: git(), measurements: { checkpoint } },
          null,
          2,
        ) + '\n',
      );
      const misses =
        checkpoint.firstMs <= 5_000 && checkpoint.nextMs.median <= 5_000 && checkpoint.restart.fromFileMs <= 5_000
          ? []
          : [`${kind}: 10`];
      return { table: '', file: only, misses };
    }
    if (o.seedOnly) {
      fs.mkdirSync(o.resultsDir, { recursive: true });
      fs.writeFileSync(
        file.replace(/\.json$/, '-seed.json'),
        JSON.stringify(
          {
            kind,
            mode: o.quick ? 'quick' : 'full',
            startedAt: started.toISOString(),
            machine,
            git: git(),
            seed: { main: seedMain, small: seedSmall },
            dbBytes,
            tables,
          },
          null,
          2,
        ) + '\n',
      );
      return { table: '', file, misses: [] };
    }

    const profileDir = o.profile
      ? path.join(o.resultsDir, 'profiles', `${stamp}-${kind}${o.smoke ? '-smoke' : o.quick ? '-quick' : ''}`)
      : null;
    if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
    if (o.only) {
      let http: HttpMeasurements | null = null;
      let allocation: AllocationMeasurements | null = null;
      if (o.only.includes('1')) {
        log(`${kind}: HTTP scenarios (server and load generator in child processes)`);
        http = await httpPhase(o, main.url, o.subjects, profileDir);
      }
      if (o.only.includes('11')) {
        log(`${kind}: heap allocated per decide (each server in its own process, measured inside it)`);
        allocation = await allocationPhase(o, main.url, o.subjects);
      }
      return onlyReport(kind, o, started, machine, file, http, allocation);
    }
    log(`${kind}: HTTP scenarios (server and load generator in child processes)`);
    const http = await httpPhase(o, main.url, o.subjects, profileDir);
    log(`${kind}: heap allocated per decide (each server in its own process, measured inside it)`);
    const allocation = await allocationPhase(o, main.url, o.subjects);
    log(`${kind}: in-process scenarios`);
    const inProcess = await inProcessPhase(
      o,
      kind,
      { url: main.url, subjects: o.subjects, records: seedMain.records },
      { url: small.url, subjects: o.smallSubjects, records: seedSmall.records },
      profileDir,
    );
    log(`${kind}: ledger checkpoint (in process)`);
    const checkpoint = await checkpointPhase(o, kind, { url: main.url, subjects: o.subjects });
    log(`${kind}: propagation (server with a webhook and NATS, receiver and consumer in a child process)`);
    const propagation = await propagationPhase(o, main.url, o.subjects, http.writes?.recordsPerSecond.median ?? 0);
    let twoInstances: TwoInstanceMeasurements | null = null;
    if (kind === 'postgres') {
      log(`${kind}: two server processes on one database (each and the load generators in child processes)`);
      twoInstances = await twoInstancePhase(o, main.url, o.subjects);
    }
    // Leave a kept database as it was seeded: without the webhook scenario 7 registered.
    await main.removeWebhooks();
    machine.loadAverageEnd = os.loadavg();

    const rows = buildRows(
      kind,
      { main: seedMain, small: seedSmall },
      dbBytes,
      tables,
      http,
      inProcess,
      propagation,
      twoInstances,
    );
    rows.push(...allocationRows(allocation));
    const profiles: ProfileSummary[] = [...http.profiles, ...inProcess.profiles];
    const table = markdownTable(rows);
    fs.mkdirSync(o.resultsDir, { recursive: true });
    const result = {
      kind,
      mode: o.quick ? 'quick' : 'full',
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      machine,
      git: git(),
      options: {
        subjects: o.subjects,
        smallSubjects: o.smallSubjects,
        reps: o.reps,
        warmupSec: o.warmupSec,
        durationSec: o.durationSec,
        connections: o.connections,
        calls: o.calls,
        writes: o.writes,
        seed: o.seed,
      },
      seed: { main: seedMain, small: seedSmall },
      dbBytes,
      tables,
      rows,
      measurements: { http, inProcess, propagation, checkpoint, allocation, twoInstances },
      profiles,
    };
    fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');

    const command = `pnpm bench ${o.quick ? '--quick ' : ''}--db ${kind}${o.subjects !== (o.quick ? 10_000 : 1_000_000) ? ` --subjects ${o.subjects}` : ''}${o.withdrawals !== (o.quick ? 450 : FULL_RUN_TRIALS) ? ` --withdrawals ${o.withdrawals}` : ''}`;
    const misses = rows.filter((r) => r.pass === false).map((r) => `${kind} ${r.id}`);
    const section = [
      `Run ${started.toISOString().replace(/\.\d+Z$/, 'Z')} on ${describeMachine(machine)}; commit ${result.git.commit ?? '?'}${result.git.dirtyFiles ? ` with ${result.git.dirtyFiles} uncommitted files` : ''}.`,
      `Reproduce: \`${command}\` (results: \`bench/results/${path.basename(file)}\`). ${o.reps} repetitions after warm-up; HTTP runs ${o.durationSec} s each with ${o.connections} connections.`,
      '',
      table,
      ...(profiles.length ? ['', 'CPU profiles (self time):', '', ...profiles.map(profileMarkdown)] : []),
    ].join('\n');
    if (o.updateDoc)
      replaceBlock(
        path.join(repoRoot, 'BENCHMARKS.md'),
        `${o.quick ? 'quick' : 'full'}-${kind}`,
        section,
        `## Latest ${o.quick ? 'quick' : 'full'} run: ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
      );
    return { table: section, file, misses };
  } finally {
    // A run leaves nothing behind unless asked to (a failed run too).
    forget();
    if (!o.keep && !o.seedOnly) await dropAll();
  }
}

/** Scenario 8's table: written to bench/results and, with --update-doc, to BENCHMARKS.md. Report only. */
function writeBannerReport(b: BannerMeasurements, o: Options): string {
  const ms = (r: Reps) => `${r.median.toFixed(1)} ms (${r.min.toFixed(1)}–${r.max.toFixed(1)})`;
  const table = [
    '| id | scenario | median (min–max) | POST /graphql per view | target |',
    '|---|---|---|---|---|',
    `| 8a | banner script run → banner painted, new visitor (fresh context: startVisitorSession + BannerState), ${b.trials} views | ${ms(b.newVisitor)} | ${b.requests.newVisitor} | report |`,
    `| 8b | the same, returning visitor who has not chosen yet (reload), ${b.trials} views | ${ms(b.returningVisitor)} | ${b.requests.returningVisitor} | report (≤ 1 request) |`,
  ].join('\n');
  const started = new Date();
  const file = path.join(o.resultsDir, `${started.toISOString().slice(0, 10)}-banner.json`);
  fs.mkdirSync(o.resultsDir, { recursive: true });
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        scenario: 'banner',
        finishedAt: started.toISOString(),
        machine: {
          cpu: os.cpus()[0]?.model ?? 'unknown',
          cores: os.cpus().length,
          node: process.version,
          chromium: b.chromium,
        },
        git: git(),
        results: b,
      },
      null,
      2,
    ) + '\n',
  );
  log(`banner: results written to ${path.relative(process.cwd(), file)}`);
  const section = `${table}\n\nLocal Assent on SQLite and a local page on another origin, Chromium ${b.chromium} headless; measured in the page from the custom element's definition to the first animation frame with the banner in its shadow root. A new visitor's views also wait for two CORS preflights (the browser then caches them for Access-Control-Max-Age, 600 s), a returning visitor's for none. Reproduce: \`pnpm bench --banner only\`.`;
  if (o.updateDoc)
    replaceBlock(path.join(repoRoot, 'BENCHMARKS.md'), 'banner', section, '## Consent banner: script to visible');
  return table;
}

async function main() {
  // pg reads timestamp(3) columns as local time: keep this process in UTC like the server's tests.
  process.env.TZ = 'UTC';
  installInterruptHandler();
  let o: Options;
  try {
    o = parseOptions(process.argv.slice(2));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const outputs: string[] = [];
  for (const kind of o.banner === 'only' ? [] : o.dbs) {
    const runs = [];
    if (o.local !== 'only' && o.local !== 'import') runs.push(await runDatabase(kind, o));
    if (o.local === 'import') runs.push(await runImportOnly(kind, o));
    else if (o.local !== 'off' && o.sidePhases) runs.push(await runLocal(kind, o));
    for (const r of runs) {
      log(
        `${kind}: results written to ${path.relative(process.cwd(), r.file)}${r.misses.length ? `; targets missed: ${r.misses.join(', ')}` : ''}`,
      );
      outputs.push(`### ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}\n\n${r.table}`);
    }
  }
  if (o.banner !== 'off' && o.local !== 'only' && o.local !== 'import' && o.sidePhases) {
    const banner = await bannerPhase();
    if (banner) outputs.push(`### Consent banner (Chromium)\n\n${writeBannerReport(banner, o)}`);
  }
  console.log(`\n${outputs.join('\n\n')}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`\nThe benchmark harness failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
