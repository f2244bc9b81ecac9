import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../src/env.ts';
import type { Kind } from './databases.ts';

/** Everything a run is told on the command line, with the defaults of the issue. */
export interface Options {
  quick: boolean;
  /** --smoke: --quick at the smallest sizes that still run every scenario (CI: proves the harness, measures nothing). */
  smoke: boolean;
  dbs: Kind[];
  /** Subjects of the scale database (~10.25 records each). */
  subjects: number;
  /** Subjects of the small database that scenario 5 compares against. */
  smallSubjects: number;
  reps: number;
  warmupSec: number;
  durationSec: number;
  /** Sequential calls per repetition of the in-process latency scenarios. */
  calls: number;
  /** Writes per repetition of scenario 6. */
  writes: number;
  connections: number;
  reuse: boolean;
  keep: boolean;
  profile: boolean;
  updateDoc: boolean;
  seedOnly: boolean;
  seed: number;
  dataDir: string;
  pgAdminUrl: string;
  /** What the PostgreSQL databases a run creates are named with first: --name with _ for - (default assent_bench). */
  pgPrefix: string;
  /** NATS of scenario 7's JetStream consumer (skipped, with a warning, when it does not answer). */
  natsUrl: string;
  /** Withdrawals of scenario 7 over all repetitions (each is one stale-permit trial). */
  withdrawals: number;
  resultsDir: string;
  /** Scenario 8 (script → banner visible in Chromium): on after the databases, off, or only it. */
  banner: 'on' | 'off' | 'only';
  /** Scenarios L (@assent/client's local decider, snapshot, import): on after each database's scenarios, off, only them, or only L5 (import). */
  local: 'on' | 'off' | 'only' | 'import';
  /** Subjects of scenarios L's snapshot database (3 purposes each). */
  localSubjects: number;
  /** CSV rows of scenario L5's `pnpm assent import`. */
  importRows: number;
  /** --import-against: another checkout's packages/server whose CLI L5 alternates with this one's (--local import). */
  importAgainst: string | null;
  /**
   * --only: run just these scenarios of each database (scenario numbers; so far 1 and 4, the HTTP
   * decide scenarios — 4's rate is half of 1's peak, so 1 always runs), skipping every other phase.
   */
  only: OnlyScenario[] | null;
  /** Scenario 11's calls per contender (default 100,000; --quick: 8,000). */
  allocCalls: number;
  /**
   * How a started server is let settle before it is measured (ServerProcess.settle): seconds in a row under half a
   * core, then seconds of idle CPU measured (3 and 5; --smoke: 1 and 1, it measures nothing).
   */
  settle: { quietSec: number; idleSec: number };
  /** --alloc-study: where scenario 11 also writes sampling heap profiles and heap snapshots of each server. */
  allocStudyDir: string | null;
  /** --only overview: run only scenario 9 (the overview) on each database, after seeding or reusing them. */
  onlyOverview: boolean;
  /** --only checkpoint (or 10): run only scenario 10 (the ledger checkpoint) on each database, after seeding or reusing them. */
  onlyCheckpoint: boolean;
  /** Prefix of the SQLite database names (default assent-bench) and of PostgreSQL's (with _ for -). */
  namePrefix: string;
  /**
   * Whether the phases beside the scale databases' scenarios run (scenarios L, the banner): not with --only or
   * --seed-only, which name what to do on the scale databases and nothing else.
   */
  sidePhases: boolean;
}

/** --name: lower-case letters, digits and -, starting with a letter, at most 30 (PostgreSQL's names take it with _). */
function namePrefixOf(raw: string): string {
  if (!/^[a-z][a-z0-9-]{0,29}$/.test(raw))
    throw new Error('--name must be lower-case letters, digits and - (starting with a letter, at most 30)');
  return raw;
}

/** The scenarios --only can pick. */
const ONLY = ['1', '4', '11'] as const;
/** A scenario --only can pick. */
export type OnlyScenario = (typeof ONLY)[number];

/** Parses --only's list ('1b,4' → ['1', '4']): scenario numbers, a letter suffix naming the same scenario; 4 brings 1. */
export function parseOnly(raw: string): OnlyScenario[] {
  const picked = new Set<OnlyScenario>();
  for (const part of raw.split(',').map((x) => x.trim())) {
    const n = /^(\d+)[a-z]?$/.exec(part)?.[1];
    if (!n || !(ONLY as readonly string[]).includes(n))
      throw new Error(`--only takes scenarios ${ONLY.join(', ')} (e.g. --only 1b,4), not ${JSON.stringify(part)}`);
    picked.add(n as OnlyScenario);
  }
  // 4's rate is half of 1's peak.
  if (picked.has('4')) picked.add('1');
  return ONLY.filter((n) => picked.has(n));
}

export const USAGE = `Usage: pnpm bench [--quick] [--db sqlite|postgres|both] [options]

  --quick               10,000 subjects (~100k records) vs 1,000, short runs
  --smoke               --quick at the smallest sizes that still run every scenario: what CI runs to prove the harness
                        works (2,000 subjects vs 200, 0.5 s repetitions, fewer calls and trials); its figures mean nothing
  --db <which>          sqlite, postgres or both (default both)
  --subjects <n>        subjects in the scale database (default 1,000,000, ~10M records; --quick: 10,000)
  --small <n>           subjects in the small database of scenario 5 (default 1,000)
  --reps <n>            measured repetitions per scenario, at least 3 (--local import: 1) (default 5; --quick: 3)
  --duration <s>        seconds per HTTP repetition (default 10; --quick: 1; the open-loop tail runs twice as long)
  --warmup <s>          seconds of warm-up per HTTP target (default 5; --quick: 0.5)
  --connections <n>     keep-alive connections of the closed-loop HTTP runs (default 10)
  --reuse               use stable database names and reuse databases seeded earlier with the same size and seed (skips seeding; keeps them)
  --keep                keep the databases afterwards (default: drop them; without --reuse their names carry the run's process id)
  --seed-only           seed and verify under the stable names, run no scenario, not even L or the banner (then run with --reuse)
  --profile             also capture CPU profiles (server child with --cpu-prof, in-process via the inspector) and summarize them; L5: the import CLI with --cpu-prof
  --update-doc          rewrite this run's table in BENCHMARKS.md
  --data-dir <dir>      where SQLite files and seed metadata go (default $TMPDIR/assent-bench)
  --pg-url <url>        PostgreSQL server to create benchmark databases on (default postgresql://postgres@127.0.0.1:5432/postgres; env BENCH_PG_URL)
  --nats-url <url>      NATS with JetStream for scenario 7 (default nats://127.0.0.1:4222; env NATS_URL)
  --banner <on|off|only>  scenario 8, script load → consent banner visible in Chromium, median of 20 (default on; skipped without Chromium)
  --withdrawals <n>     scenario 7's withdrawals (= stale-permit trials) over all repetitions (default 10,000; --quick: 450)
  --local <on|off|only|import>
                        scenarios L, @assent/client's local decider and pnpm assent import, on databases of their own
                        (default on); import: only L5 (the import), --reps times, printed and not written to BENCHMARKS.md
  --import-against <dir>
                        with --local import: alternate each run with the CLI of another checkout's packages/server (A/B)
  --local-subjects <n>  subjects × 3 purposes in scenarios L's snapshot (default 1,000,000; --quick: 20,000)
  --import-rows <n>     CSV rows scenario L5 imports (default 1,000,000; --quick: 20,000)
  --only <list>         only these scenarios, e.g. --only 1b,4 (so far 1, 4 and 11: the HTTP decide scenarios and the heap
                        per decide; 4 needs 1's peak, so it brings 1); no other scenario, no scenarios L, no banner. --only overview: only scenario 9
                        on each database, after seeding or reusing them; prints its figures. --only checkpoint (or 10):
                        only scenario 10, the ledger checkpoint, likewise (no scenarios L, no banner)
  --alloc-calls <n>     scenario 11's measured calls per contender (default 100,000; --quick: 8,000; --smoke: 2,000)
  --alloc-study <dir>   scenario 11 also writes each server's sampling heap profile and heap snapshots before/after a batch there
  --name <prefix>       prefix of the database names a run creates (default assent-bench; PostgreSQL's take it with _ for -),
                        so runs and --reuse databases of several people on one machine stay apart
`;

/** The defaults each mode gives the sizes and lengths a flag can override, one column per mode. */
const DEFAULTS = {
  full: {
    subjects: 1_000_000,
    smallSubjects: 1_000,
    reps: 5,
    warmupSec: 5,
    durationSec: 10,
    calls: 20_000,
    writes: 1_000,
    withdrawals: 10_000,
    localSubjects: 1_000_000,
    importRows: 1_000_000,
    allocCalls: 100_000,
    settleQuietSec: 3,
    settleIdleSec: 5,
  },
  quick: {
    subjects: 10_000,
    smallSubjects: 1_000,
    reps: 3,
    warmupSec: 0.5,
    durationSec: 1,
    calls: 5_000,
    writes: 100,
    withdrawals: 450,
    localSubjects: 20_000,
    importRows: 20_000,
    allocCalls: 8_000,
    settleQuietSec: 3,
    settleIdleSec: 5,
  },
  smoke: {
    subjects: 2_000,
    smallSubjects: 200,
    reps: 3,
    warmupSec: 0.25,
    durationSec: 0.5,
    calls: 1_000,
    writes: 50,
    withdrawals: 90,
    localSubjects: 3_000,
    importRows: 2_000,
    allocCalls: 2_000,
    settleQuietSec: 1,
    settleIdleSec: 1,
  },
} as const satisfies Record<'full' | 'quick' | 'smoke', Record<string, number>>;

/** Parses argv (pnpm may forward a literal '--'; it is ignored). Throws on anything unknown. */
export function parseOptions(argv: string[]): Options {
  const args = argv.filter((a) => a !== '--');
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const takesValue = new Set([
    '--db',
    '--subjects',
    '--small',
    '--reps',
    '--duration',
    '--warmup',
    '--connections',
    '--data-dir',
    '--pg-url',
    '--nats-url',
    '--withdrawals',
    '--seed',
    '--banner',
    '--local',
    '--local-subjects',
    '--import-rows',
    '--import-against',
    '--name',
    '--only',
    '--alloc-calls',
    '--alloc-study',
  ]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (takesValue.has(name)) {
      const v = inline ?? args[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      values.set(name, v);
    } else if (
      ['--quick', '--smoke', '--reuse', '--keep', '--profile', '--update-doc', '--seed-only', '--help'].includes(name)
    )
      flags.add(name);
    else throw new Error(`unknown option ${a}`);
  }
  if (flags.has('--help')) {
    console.log(USAGE);
    process.exit(0);
  }
  const smoke = flags.has('--smoke');
  const quick = smoke || flags.has('--quick');
  const d = DEFAULTS[smoke ? 'smoke' : quick ? 'quick' : 'full'];
  const num = (name: string, dflt: number, min: number) => {
    const raw = values.get(name);
    if (raw === undefined) return dflt;
    const n = Number(raw.replace(/[_,]/g, ''));
    if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min}`);
    return n;
  };
  const db = values.get('--db') ?? 'both';
  const banner = values.get('--banner') ?? 'on';
  if (!['on', 'off', 'only'].includes(banner)) throw new Error('--banner must be on, off or only');
  const local = values.get('--local') ?? 'on';
  if (!['on', 'off', 'only', 'import'].includes(local)) throw new Error('--local must be on, off, only or import');
  const onlyRaw = values.get('--only') ?? null;
  const onlyOverview = onlyRaw === 'overview';
  const onlyCheckpoint = onlyRaw === 'checkpoint' || onlyRaw === '10';
  const namePrefix = namePrefixOf(values.get('--name') ?? 'assent-bench');
  if (!['sqlite', 'postgres', 'both'].includes(db)) throw new Error('--db must be sqlite, postgres or both');
  return {
    quick,
    smoke,
    dbs: db === 'both' ? ['sqlite', 'postgres'] : [db as Kind],
    subjects: Math.floor(num('--subjects', d.subjects, 10)),
    smallSubjects: Math.floor(num('--small', d.smallSubjects, 10)),
    reps: Math.floor(num('--reps', d.reps, local === 'import' ? 1 : 3)),
    warmupSec: num('--warmup', d.warmupSec, 0),
    durationSec: num('--duration', d.durationSec, 0.5),
    calls: d.calls,
    writes: d.writes,
    connections: Math.floor(num('--connections', 10, 1)),
    reuse: flags.has('--reuse'),
    keep: flags.has('--keep') || flags.has('--reuse'),
    profile: flags.has('--profile'),
    updateDoc: flags.has('--update-doc'),
    seedOnly: flags.has('--seed-only'),
    seed: Math.floor(num('--seed', 20261129, 1)),
    dataDir: values.get('--data-dir') ?? path.join(os.tmpdir(), 'assent-bench'),
    pgAdminUrl: values.get('--pg-url') ?? process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    pgPrefix: namePrefix.replaceAll('-', '_'),
    withdrawals: Math.floor(num('--withdrawals', d.withdrawals, 3)),
    natsUrl: values.get('--nats-url') ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    resultsDir: path.join(repoRoot, 'bench', 'results'),
    banner: banner as Options['banner'],
    local: local as Options['local'],
    localSubjects: Math.floor(num('--local-subjects', d.localSubjects, 10)),
    importRows: Math.floor(num('--import-rows', d.importRows, 10)),
    importAgainst: values.get('--import-against') ?? null,
    only: onlyRaw !== null && !onlyOverview && !onlyCheckpoint ? parseOnly(onlyRaw) : null,
    onlyOverview,
    onlyCheckpoint,
    allocCalls: Math.floor(num('--alloc-calls', d.allocCalls, 100)),
    settle: { quietSec: d.settleQuietSec, idleSec: d.settleIdleSec },
    allocStudyDir: values.get('--alloc-study') ?? null,
    namePrefix,
    sidePhases: onlyRaw === null && !flags.has('--seed-only'),
  };
}
