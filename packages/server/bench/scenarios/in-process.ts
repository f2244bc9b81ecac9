// Scenarios 2, 3 (in process), 5, 6 and 9: the server's use cases called in this process against raw
// driver baselines in the same process, contenders alternating within each repetition.
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import type { ConsentAction, OverviewCounts } from '@assent/core';
import type { Core } from '../../src/composition-root.ts';
import { sqlitePath } from '../../src/env.ts';
import { ADMIN, openBenchCore } from '../lib/core.ts';
import type { Kind } from '../lib/databases.ts';
import { fmtInt, log } from '../lib/log.ts';
import type { Options } from '../lib/options.ts';
import { profileInProcess, summarizeProfile, type ProfileSummary } from '../lib/profile.ts';
import { openRaw, type RawDb } from '../lib/raw.ts';
import { pairedRatios, quantile, reps, rotate, timeCalls, type Reps } from '../lib/stats.ts';
import { CONSENT_PURPOSES, randomPairs, stream, type Pair } from '../lib/workload.ts';
import { subjectIdOf } from '../seed/generate.ts';

/** Latency percentiles per repetition. */
export interface LatencyReps {
  p50: Reps;
  p99: Reps;
}

export interface InProcessMeasurements {
  decide: { product: LatencyReps; raw: LatencyReps; p50Ratio: number; p99Ratio: number; calls: number };
  /** The same primary-key read through the Prisma client, for what an ORM query costs here (the server still polls through it). */
  prisma: { prisma: LatencyReps; raw: LatencyReps; p50Ratio: number; calls: number };
  decideMany: { product: Reps; raw: Reps; ratio: number; batch: number; callsPerRep: number };
  scale: {
    big: LatencyReps;
    small: LatencyReps;
    p99Ratio: number;
    bigRecords: number;
    smallRecords: number;
    calls: number;
  };
  /** SQLite only: the raw read at scale with the connection's default page cache vs a big warmed one (where the scale cost sits). */
  cached: { cacheBytes: number; plain: LatencyReps; cached: LatencyReps; p99Ratio: number } | null;
  writes: { product: Reps; raw: Reps; ratio: number; perRep: number };
  /** Scenario 9: the staff console's overview (a year by day, every purpose) at scale vs on the small database. */
  overview: { big: LatencyReps; small: LatencyReps; p99Ratio: number; calls: number; days: number };
  profiles: ProfileSummary[];
}

const latencyReps = (runs: Float64Array[]): LatencyReps => ({
  p50: reps(runs.map((r) => quantile(r, 0.5))),
  p99: reps(runs.map((r) => quantile(r, 0.99))),
});
const median = (xs: number[]) => quantile(xs, 0.5);

export async function inProcessPhase(
  o: Options,
  kind: Kind,
  main: { url: string; subjects: number; records: number },
  small: { url: string; subjects: number; records: number },
  profileDir: string | null,
): Promise<InProcessMeasurements> {
  const core = await openBenchCore(main.url);
  const smallCore = await openBenchCore(small.url);
  const raw = openRaw(kind, main.url);
  try {
    const decideOn = (c: Core, pairs: Pair[]) => (i: number) => c.service.decide(ADMIN, pairs[i % pairs.length]!);
    const rawOn = (r: RawDb, pairs: Pair[]) => (i: number) =>
      r.findState(pairs[i % pairs.length]!.subjectId, pairs[i % pairs.length]!.purposeKey);

    // Scenario 2: decide's resolver cost vs a prepared primary-key read of the same row.
    const n = o.calls;
    log(`  2. service.decide vs raw prepared SELECT on "ConsentState": ${o.reps} × ${fmtInt(n)} calls each`);
    const pairs = randomPairs(n, main.subjects, o.seed + 2);
    await timeCalls(Math.ceil(n / 2), decideOn(core, pairs));
    await timeCalls(Math.ceil(n / 2), rawOn(raw, pairs));
    const d = { product: [] as Float64Array[], raw: [] as Float64Array[] };
    for (let rep = 0; rep < o.reps; rep++) {
      for (const who of rotate(['product', 'raw'] as const, rep))
        d[who].push(await timeCalls(n, who === 'product' ? decideOn(core, pairs) : rawOn(raw, pairs)));
    }
    const p50s = (x: Float64Array[]) => x.map((r) => quantile(r, 0.5));
    const p99s = (x: Float64Array[]) => x.map((r) => quantile(r, 0.99));

    // Scenario 2, for comparison: the same read through Prisma (what every query not on the hot path costs).
    const pn = o.quick ? 500 : 2_000;
    const prismaRead = (i: number) => {
      const p = pairs[i % pairs.length]!;
      return core.db.prisma.consentState.findUnique({
        where: { subjectId_purposeKey: { subjectId: p.subjectId, purposeKey: p.purposeKey } },
      });
    };
    await timeCalls(Math.ceil(pn / 2), prismaRead);
    const pr = { prisma: [] as Float64Array[], raw: [] as Float64Array[] };
    for (let rep = 0; rep < o.reps; rep++) {
      for (const who of rotate(['prisma', 'raw'] as const, rep))
        pr[who].push(await timeCalls(pn, who === 'prisma' ? prismaRead : rawOn(raw, pairs)));
    }

    // Scenario 3 (in process): decideMany × 1000 vs the raw batch read of the same 1000 rows.
    const batch = 1000;
    const batches = Array.from({ length: 8 }, (_, i) => randomPairs(batch, main.subjects, o.seed + 200 + i));
    const k = o.quick ? 10 : 50;
    log(`  3. service.decideMany × ${batch} vs raw batch read: ${o.reps} × ${k} calls each`);
    const many = { product: [] as number[], raw: [] as number[] };
    const runMany = async (who: 'product' | 'raw', calls: number) => {
      const t = performance.now();
      for (let i = 0; i < calls; i++) {
        const b = batches[i % batches.length]!;
        if (who === 'product') await core.service.decideMany(ADMIN, { requests: b });
        else await raw.findStates(b);
      }
      return (calls * batch) / ((performance.now() - t) / 1000);
    };
    await runMany('product', Math.ceil(k / 2));
    await runMany('raw', Math.ceil(k / 2));
    for (let rep = 0; rep < o.reps; rep++)
      for (const who of rotate(['product', 'raw'] as const, rep)) many[who].push(await runMany(who, k));

    // Scenario 5: decide's p99 on the scale database vs the small one.
    log(
      `  5. decide p99: ${fmtInt(main.records)} records vs ${fmtInt(small.records)} records, ${o.reps} × ${fmtInt(n)} calls each`,
    );
    const smallPairs = randomPairs(n, small.subjects, o.seed + 5);
    await timeCalls(Math.ceil(n / 2), decideOn(smallCore, smallPairs));
    const s = { big: [] as Float64Array[], small: [] as Float64Array[] };
    const bigPairs = randomPairs(n, main.subjects, o.seed + 6);
    await timeCalls(Math.ceil(n / 2), decideOn(core, bigPairs));
    for (let rep = 0; rep < o.reps; rep++) {
      for (const which of rotate(['big', 'small'] as const, rep))
        s[which].push(await timeCalls(n, which === 'big' ? decideOn(core, bigPairs) : decideOn(smallCore, smallPairs)));
    }

    // Scenario 5, what it is made of (SQLite): the same raw read, default page cache vs the whole projection cached.
    let cached: InProcessMeasurements['cached'] = null;
    if (kind === 'sqlite') {
      const cacheBytes = 2 * 1024 ** 3;
      const big = openRaw(kind, main.url, { cacheBytes });
      try {
        await timeCalls(Math.ceil(n / 2), rawOn(big, bigPairs));
        await timeCalls(Math.ceil(n / 2), rawOn(raw, bigPairs));
        const m5 = { plain: [] as Float64Array[], cached: [] as Float64Array[] };
        for (let rep = 0; rep < o.reps; rep++) {
          for (const which of rotate(['plain', 'cached'] as const, rep))
            m5[which].push(await timeCalls(n, rawOn(which === 'plain' ? raw : big, bigPairs)));
        }
        cached = {
          cacheBytes,
          plain: latencyReps(m5.plain),
          cached: latencyReps(m5.cached),
          p99Ratio: median(pairedRatios(p99s(m5.cached), p99s(m5.plain))),
        };
      } finally {
        await big.close();
      }
    }

    // Scenario 9: the overview reads the count tables, so its cost follows the days asked for, not the ledger.
    const overview = await measureOverview(o, core, smallCore, n);

    // Scenario 6: the write path vs the same transaction on the raw driver (one writer, one after another).
    const m = o.writes;
    log(
      `  6. service.grantConsent/withdrawConsent vs the raw-driver transaction: ${o.reps} × ${fmtInt(m)} writes each`,
    );
    const notice = core.service.currentNotice();
    const r6 = stream(o.seed + 6);
    const writes = Array.from({ length: 4096 }, (_, i) => {
      const p = CONSENT_PURPOSES[Math.floor(r6() * CONSENT_PURPOSES.length)]!;
      return {
        subjectId: subjectIdOf(Math.floor(r6() * main.subjects)),
        purposeKey: p.key,
        legalBasis: p.legalBasis,
        action: (i % 2 === 0 ? 'GRANT' : 'WITHDRAW') as 'GRANT' | 'WITHDRAW',
      };
    });
    let wi = 0;
    const runWrites = async (who: 'product' | 'raw', count: number) => {
      const t = performance.now();
      for (let i = 0; i < count; i++) {
        const w = writes[wi++ % writes.length]!;
        if (who === 'product') {
          const input = {
            subjectId: w.subjectId,
            purposeKey: w.purposeKey,
            channel: 'API' as const,
            method: 'bench/in-process',
            evidence: { bench: 'service' },
          };
          await (w.action === 'GRANT'
            ? core.service.grantConsent(ADMIN, input)
            : core.service.withdrawConsent(ADMIN, input));
        } else {
          await raw.append({ ...w, noticeVersionId: notice.id, noticeVersion: notice.version });
        }
      }
      return count / ((performance.now() - t) / 1000);
    };
    await runWrites('product', Math.ceil(m / 4));
    await runWrites('raw', Math.ceil(m / 4));
    const wr = { product: [] as number[], raw: [] as number[] };
    for (let rep = 0; rep < o.reps; rep++)
      for (const who of rotate(['product', 'raw'] as const, rep)) wr[who].push(await runWrites(who, m));

    const profiles: ProfileSummary[] = [];
    if (profileDir) {
      const p = async (label: string, file: string, fn: () => Promise<void>) => {
        const full = path.join(profileDir, file);
        const summary = summarizeProfile(await profileInProcess(full, fn), label);
        summary.file = path.relative(path.resolve(profileDir, '../..'), full);
        profiles.push(summary);
      };
      await p(
        'in-process: service.decide',
        'inproc-decide.cpuprofile',
        async () => void (await timeCalls(n, decideOn(core, pairs))),
      );
      await p(
        'in-process: raw prepared SELECT (baseline)',
        'inproc-raw-read.cpuprofile',
        async () => void (await timeCalls(n, rawOn(raw, pairs))),
      );
      await p(
        'in-process: service.decideMany × 1000',
        'inproc-decide-many.cpuprofile',
        async () => void (await runMany('product', k)),
      );
      await p(
        'in-process: service grant/withdraw',
        'inproc-writes.cpuprofile',
        async () => void (await runWrites('product', m)),
      );
    }

    return {
      decide: {
        product: latencyReps(d.product),
        raw: latencyReps(d.raw),
        p50Ratio: median(pairedRatios(p50s(d.product), p50s(d.raw))),
        p99Ratio: median(pairedRatios(p99s(d.product), p99s(d.raw))),
        calls: n,
      },
      prisma: {
        prisma: latencyReps(pr.prisma),
        raw: latencyReps(pr.raw),
        p50Ratio: median(pairedRatios(p50s(pr.prisma), p50s(pr.raw))),
        calls: pn,
      },
      decideMany: {
        product: reps(many.product),
        raw: reps(many.raw),
        ratio: median(pairedRatios(many.product, many.raw)),
        batch,
        callsPerRep: k,
      },
      scale: {
        big: latencyReps(s.big),
        small: latencyReps(s.small),
        p99Ratio: median(pairedRatios(p99s(s.big), p99s(s.small))),
        bigRecords: main.records,
        smallRecords: small.records,
        calls: n,
      },
      cached,
      writes: {
        product: reps(wr.product),
        raw: reps(wr.raw),
        ratio: median(pairedRatios(wr.product, wr.raw)),
        perRep: m,
      },
      overview,
      profiles,
    };
  } finally {
    await raw.close();
    await smallCore.close();
    await core.close();
  }
}

/**
 * Scenario 9: `consentOverview` (a year by day, every purpose) on the scale database vs the small one, contenders
 * alternating within each repetition. `calls` is scenario 2's call count; scenario 9 makes a fiftieth of it (20–200).
 */
export async function measureOverview(
  o: Options,
  core: Core,
  smallCore: Core,
  calls: number,
): Promise<InProcessMeasurements['overview']> {
  const days = 365;
  const calls9 = Math.max(20, Math.min(200, Math.floor(calls / 50)));
  log(`  9. consentOverview (${days} days by day) p99: scale vs small database, ${o.reps} × ${calls9} calls each`);
  const today = Date.now();
  const overviewRange = {
    from: new Date(today - (days - 1) * 86_400_000).toISOString().slice(0, 10),
    to: new Date(today).toISOString().slice(0, 10),
    interval: 'DAY',
  };
  const overviewOn = (c: Core) => () => c.service.consentOverview(ADMIN, overviewRange);
  await timeCalls(Math.ceil(calls9 / 4), overviewOn(core));
  await timeCalls(Math.ceil(calls9 / 4), overviewOn(smallCore));
  const ov = { big: [] as Float64Array[], small: [] as Float64Array[] };
  for (let rep = 0; rep < o.reps; rep++)
    for (const which of rotate(['big', 'small'] as const, rep))
      ov[which].push(await timeCalls(calls9, overviewOn(which === 'big' ? core : smallCore)));
  const p99s = (x: Float64Array[]) => x.map((r) => quantile(r, 0.99));
  return {
    big: latencyReps(ov.big),
    small: latencyReps(ov.small),
    p99Ratio: median(pairedRatios(p99s(ov.big), p99s(ov.small))),
    calls: calls9,
    days,
  };
}

/**
 * The overview's sums as they were read before the coarse count tables: every ConsentDailyCount row of the range, on
 * the raw driver (SQLite: read once and summed in JS; PostgreSQL: four GROUP BYs in one statement), into the same
 * shape the repository returns. The baseline of `--only overview`'s A/B.
 */
function dailySumsBefore(kind: Kind, url: string) {
  type Row = [
    dimension: 'day' | 'noticeVersion' | 'channel' | 'locale',
    value: string,
    p: string,
    a: string,
    n: number,
  ];
  const shape = (rows: Iterable<Row>): OverviewCounts => {
    const out: OverviewCounts = { days: [], versions: [], channels: [], locales: [] };
    for (const [dimension, value, purposeKey, a, count] of rows) {
      const base = { purposeKey, action: a as ConsentAction, count };
      if (dimension === 'day') out.days.push({ ...base, day: value });
      else if (dimension === 'noticeVersion') out.versions.push({ ...base, noticeVersion: Number(value) });
      else if (dimension === 'channel') out.channels.push({ ...base, channel: value });
      else out.locales.push({ ...base, locale: value });
    }
    return out;
  };
  if (kind === 'sqlite') {
    const db = new Sqlite(sqlitePath(url), { readonly: true, fileMustExist: true });
    const read = db
      .prepare(
        `SELECT "day", "purposeKey", "action", "noticeVersion", "channel", "locale", "count" FROM "ConsentDailyCount" WHERE "day" >= ? AND "day" <= ?`,
      )
      .raw(true);
    return {
      async sum(range: { from: string; to: string }) {
        const sums = new Map<string, Row>();
        const add = (d: Row[0], value: string, p: string, a: string, n: number) => {
          const k = `${d}\u0000${value}\u0000${p}\u0000${a}`;
          const row = sums.get(k);
          if (row) row[4] += n;
          else sums.set(k, [d, value, p, a, n]);
        };
        for (const r of read.all(range.from, range.to) as [string, string, string, number, string, string, number][]) {
          const [day, p, a, v, channel, locale, n] = r;
          add('day', day, p, a, n);
          add('noticeVersion', String(v), p, a, n);
          add('channel', channel, p, a, n);
          add('locale', locale, p, a, n);
        }
        return shape(sums.values());
      },
      close: async () => void db.close(),
    };
  }
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const text = (['day', 'noticeVersion', 'channel', 'locale'] as const)
    .map(
      (d) =>
        `SELECT '${d}', ${d === 'noticeVersion' ? 'CAST("noticeVersion" AS TEXT)' : `"${d}"`}, "purposeKey", "action", SUM("count")::int8 FROM "ConsentDailyCount" WHERE "day" >= $1 AND "day" <= $2 GROUP BY "${d}", "purposeKey", "action"`,
    )
    .join(' UNION ALL ');
  return {
    async sum(range: { from: string; to: string }) {
      const r = await pool.query<[Row[0], string, string, string, string]>({
        name: 'bench-sum-daily-counts',
        text,
        values: [range.from, range.to],
        rowMode: 'array',
      });
      return shape(r.rows.map(([d, value, p, a, n]) => [d, value, p, a, Number(n)]));
    },
    close: () => pool.end(),
  };
}

/**
 * `--only overview`: scenario 9 alone on the two seeded databases (for working on the overview), then its sums on
 * the scale database A/B, alternating within each repetition: the repository's (series, monthly and edge-day rows)
 * against every daily row of the range, which it replaced (both on the raw driver).
 */
export async function overviewOnlyPhase(
  o: Options,
  main: { url: string },
  small: { url: string },
): Promise<{
  overview: InProcessMeasurements['overview'];
  sums: { current: LatencyReps; before: LatencyReps; p99Ratio: number; calls: number };
}> {
  const core = await openBenchCore(main.url);
  const smallCore = await openBenchCore(small.url);
  const daily = dailySumsBefore(core.db.kind, main.url);
  try {
    const overview = await measureOverview(o, core, smallCore, o.calls);
    const calls = overview.calls;
    const today = Date.now();
    const range = {
      from: new Date(today - (overview.days - 1) * 86_400_000).toISOString().slice(0, 10),
      to: new Date(today).toISOString().slice(0, 10),
    };
    log(
      `  9 (sums). the overview's sums, coarse count tables vs every daily row of the range: ${o.reps} × ${calls} calls each`,
    );
    const current = () => core.repos.counts.sumRange(range);
    const before = () => daily.sum(range);
    // Both answer the same (or the A/B compares different work).
    const canon = (c: OverviewCounts) =>
      JSON.stringify(Object.values(c).map((rows: object[]) => rows.map((r) => JSON.stringify(r)).sort()));
    if (canon(await current()) !== canon(await before()))
      throw new Error('the coarse count tables do not sum to what the daily rows of the range sum to');
    await timeCalls(Math.ceil(calls / 4), current);
    await timeCalls(Math.ceil(calls / 4), before);
    const ab = { current: [] as Float64Array[], before: [] as Float64Array[] };
    for (let rep = 0; rep < o.reps; rep++)
      for (const who of rotate(['current', 'before'] as const, rep))
        ab[who].push(await timeCalls(calls, who === 'current' ? current : before));
    const p99s = (x: Float64Array[]) => x.map((r) => quantile(r, 0.99));
    return {
      overview,
      sums: {
        current: latencyReps(ab.current),
        before: latencyReps(ab.before),
        p99Ratio: median(pairedRatios(p99s(ab.current), p99s(ab.before))),
        calls,
      },
    };
  } finally {
    await daily.close();
    await smallCore.close();
    await core.close();
  }
}
