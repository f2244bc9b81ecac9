// Scenario 12 (PostgreSQL only): decide throughput of two server processes on one database against one, on the
// same machine and in the same run (README, "Running several instances"). Both contenders are driven the same
// way — two load generator processes with half the connections each — and differ only in whether those aim at
// one server or one server each. Reported, not a target: on a machine of few cores the second process competes
// with the first for them (and with the load generators and PostgreSQL), so the ratio shows the overhead of the
// topology here; its gain needs cores, or machines, of its own.
import { BENCH_ADMIN_TOKEN } from '../lib/core.ts';
import { fmtInt, log } from '../lib/log.ts';
import type { Options } from '../lib/options.ts';
import { reps, rotate, type Reps } from '../lib/stats.ts';
import { decideBodies, randomPairs } from '../lib/workload.ts';
import { startLoadGenerator, startServer, type ClosedResult, type Target } from '../http/processes.ts';

/** What scenario 12 measured: decide requests per second with one server and with two. */
export interface TwoInstanceMeasurements {
  one: Reps;
  two: Reps;
  connections: number;
}

export async function twoInstancePhase(o: Options, databaseUrl: string, subjects: number) {
  const loads = [await startLoadGenerator(), await startLoadGenerator()];
  const a = await startServer(databaseUrl);
  // Both instances run the dispatcher, as in production; the lease elects one.
  const b = await startServer(databaseUrl);
  try {
    const res = await fetch(`${a.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
      body: JSON.stringify({
        query: 'mutation { createApiKey(role: SERVICE, name: "bench two instances") { secret } }',
      }),
    });
    const { data } = (await res.json()) as { data?: { createApiKey: { secret: string } } };
    if (!data) throw new Error(`createApiKey failed (HTTP ${res.status})`);
    const headers = { authorization: `Bearer ${data.createApiKey.secret}` };
    await a.settle(o.quick ? 60 : 600, o.settle);
    await b.settle(o.quick ? 60 : 600, o.settle);
    const bodies = decideBodies(randomPairs(20_000, subjects, o.seed + 9));
    const target = (url: string): Target => ({ url, path: '/graphql', headers, bodies });
    const half = Math.max(1, Math.round(o.connections / 2));
    const contenders = {
      one: [target(a.url), target(a.url)],
      two: [target(a.url), target(b.url)],
    };
    const run = async (ts: Target[], durationSec: number) => {
      const rs: ClosedResult[] = await Promise.all(
        ts.map((t, i) => loads[i]!.closed(t, { connections: half, durationSec })),
      );
      if (rs.some((r) => r.ok === 0 || r.bad > 0 || r.errors > 0))
        log(`  warning: two-instance decide: ${rs.map((r) => `${r.bad} non-2xx, ${r.errors} errors`).join('; ')}`);
      return rs.reduce((sum, r) => sum + r.rps, 0);
    };
    log(`  12. decide on two server processes vs one: ${o.reps} × ${o.durationSec} s each, ${2 * half} connections`);
    const names = Object.keys(contenders) as (keyof typeof contenders)[];
    for (const n of names) if (o.warmupSec > 0) await run(contenders[n], o.warmupSec);
    const rps: Record<keyof typeof contenders, number[]> = { one: [], two: [] };
    for (let rep = 0; rep < o.reps; rep++) {
      for (const n of rotate(names, rep)) rps[n].push(await run(contenders[n], o.durationSec));
      log(`     rep ${rep + 1}: one server ${fmtInt(rps.one[rep]!)}/s, two servers ${fmtInt(rps.two[rep]!)}/s`);
    }
    return { one: reps(rps.one), two: reps(rps.two), connections: 2 * half } satisfies TwoInstanceMeasurements;
  } finally {
    await Promise.allSettled([a.stop(), b.stop()]);
    await Promise.allSettled(loads.map((l) => l.stop()));
  }
}
