// Scenario 7: propagation. A server child started with NATS_URL (when NATS answers) and a webhook
// registered to the propagation worker's receiver; the worker grants then withdraws consent at half
// of scenario 6's HTTP write peak and measures, per withdrawal, the time from its answer to its
// event's arrival at the webhook receiver and at a JetStream consumer, and asks `decide` right after
// each answer (a stale permit is any `allowed: true` then).
import { connect } from 'nats';
import { BENCH_ADMIN_TOKEN } from '../lib/core.ts';
import { fmtInt, log } from '../lib/log.ts';
import type { Options } from '../lib/options.ts';
import { reps, type Reps } from '../lib/stats.ts';
import { CONSENT_PURPOSES, type Pair } from '../lib/workload.ts';
import { subjectIdOf } from '../seed/generate.ts';
import { startPropagationWorker, startServer, type ChannelResult, type PropagationRun } from '../http/processes.ts';

/** Stale-permit trials the issue asks for (a full run's default withdrawals; `--withdrawals` sets them). */
export const FULL_RUN_TRIALS = 10_000;

/** Scenario 7 at one write rate. */
export interface RateMeasurements {
  rate: number;
  runs: PropagationRun[];
  webhook: ChannelReps;
  nats: ChannelReps | null;
}

/** One channel over the repetitions: from the answer (p50, p99) and from recordedAt (stamped as the write began, before its commit). */
export interface ChannelReps {
  p50: Reps;
  p99: Reps;
  recordedP50: Reps;
  recordedP99: Reps;
  missing: number;
}

export interface PropagationMeasurements {
  natsUrl: string | null;
  /** At half of 6b's write peak (the benchmarks issue). */
  halfPeak: RateMeasurements;
  /** At a steady 200 changes/s (the Propagation issue), or why not. */
  steady: RateMeasurements | { rate: number; skipped: string };
  trials: number;
  stale: number;
  withdrawals: number;
}

/** The Propagation issue's steady rate of consent changes. */
export const STEADY_RATE = 200;

function channel(cs: ChannelResult[]): ChannelReps {
  return {
    p50: reps(cs.map((c) => c.p50)),
    p99: reps(cs.map((c) => c.p99)),
    recordedP50: reps(cs.map((c) => c.recordedP50)),
    recordedP99: reps(cs.map((c) => c.recordedP99)),
    missing: cs.reduce((a, c) => a + c.missing, 0),
  };
}

export async function natsReachable(url: string): Promise<boolean> {
  try {
    const nc = await connect({ servers: url, timeout: 2000, reconnect: false });
    await nc.close();
    return true;
  } catch {
    return false;
  }
}

async function gql<T>(url: string, query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!json.data || json.errors?.length)
    throw new Error(
      `GraphQL request failed (HTTP ${res.status}): ${JSON.stringify(json.errors ?? json).slice(0, 400)}`,
    );
  return json.data;
}

/**
 * Distinct (subject, purpose) pairs among the seeded subjects: stepping by a prime visits every
 * subject once before any repeats, so no two cycles of a run touch the same consent.
 */
function cyclePairs(from: number, n: number, subjects: number): Pair[] {
  return Array.from({ length: n }, (_, i) => {
    const k = from + i;
    return {
      subjectId: subjectIdOf((k * 7919 + 13) % subjects),
      purposeKey: CONSENT_PURPOSES[k % CONSENT_PURPOSES.length]!.key,
    };
  });
}

export async function propagationPhase(
  o: Options,
  databaseUrl: string,
  subjects: number,
  writePeak: number,
): Promise<PropagationMeasurements> {
  const natsUrl = (await natsReachable(o.natsUrl)) ? o.natsUrl : null;
  if (!natsUrl) log(`  warning: NATS does not answer at ${o.natsUrl}: scenario 7 measures webhooks only`);
  const halfRate = Math.max(2, Math.round(writePeak / 2));
  const server = await startServer(databaseUrl, { env: natsUrl ? { NATS_URL: natsUrl } : {} });
  const worker = await startPropagationWorker();
  try {
    await server.settle(o.quick ? 60 : 600, o.settle);
    const { createApiKey } = await gql<{ createApiKey: { secret: string } }>(
      server.url,
      'mutation { createApiKey(role: SERVICE, name: "bench propagation") { secret } }',
      {},
      BENCH_ADMIN_TOKEN,
    );
    const { webhookUrl } = await worker.listen(natsUrl);
    const { registerWebhook } = await gql<{ registerWebhook: { secret: string; webhook: { id: string } } }>(
      server.url,
      'mutation($i: WebhookInput!) { registerWebhook(input: $i) { secret webhook { id } } }',
      { i: { url: webhookUrl, eventTypes: ['CONSENT_WITHDRAWN'] } },
      BENCH_ADMIN_TOKEN,
    );
    await worker.secret(registerWebhook.secret);
    let next = 0;
    const take = (n: number) => {
      const p = cyclePairs(next, n, subjects);
      next += n;
      return p;
    };
    const all: PropagationRun[] = [];
    const measureAt = async (rate: number, perRep: number, why: string): Promise<RateMeasurements> => {
      log(
        `  7. propagation: grant then withdraw at ${fmtInt(rate)} writes/s (${why}), ${o.reps} × ${fmtInt(perRep)} withdrawals; webhook receiver${natsUrl ? ' and JetStream consumer' : ''} in a child process`,
      );
      const common = {
        url: server.url,
        token: createApiKey.secret,
        rate,
        settleMs: 30_000,
        withNats: natsUrl !== null,
      };
      await worker.run({ ...common, pairs: take(Math.min(perRep, o.quick ? 30 : 300)) }); // warm-up
      const runs: PropagationRun[] = [];
      for (let rep = 0; rep < o.reps; rep++) {
        const r = await worker.run({ ...common, pairs: take(perRep) });
        if (r.writeErrors || r.decideErrors)
          log(
            `  warning: ${r.writeErrors} failed writes and ${r.decideErrors} failed decisions; first: ${r.firstError}`,
          );
        if (r.withdrawals === 0) throw new Error(`scenario 7: no withdrawal succeeded (${r.firstError})`);
        if (r.badSignatures)
          throw new Error(`scenario 7: ${r.badSignatures} webhook deliveries failed signature verification`);
        runs.push(r);
        const ch = (name: string, c: PropagationRun['webhook'] | undefined) =>
          c
            ? `${name} p50 ${c.p50.toFixed(1)} ms p99 ${c.p99.toFixed(1)} ms (from recordedAt: p99 ${c.recordedP99.toFixed(1)} ms)${c.storedP50 !== undefined ? ` (stored in the stream: p50 ${c.storedP50.toFixed(1)} ms p99 ${c.storedP99!.toFixed(1)} ms)` : ''}${c.missing ? `, ${c.missing} MISSING` : ''}`
            : '';
        log(
          `     rep ${rep + 1}: ${fmtInt(r.withdrawals)} withdrawals at ${r.achievedOpsPerSecond.toFixed(0)} writes/s; ${ch('webhook', r.webhook)}; ${ch('JetStream', r.nats)}; stale permits ${r.stale} of ${fmtInt(r.trials)}`,
        );
      }
      all.push(...runs);
      return {
        rate,
        runs,
        webhook: channel(runs.map((r) => r.webhook)),
        nats: natsUrl ? channel(runs.map((r) => r.nats!)) : null,
      };
    };
    const halfPeak = await measureAt(halfRate, Math.ceil(o.withdrawals / o.reps), "half of 6b's peak");
    // 200 changes/s is more than the server takes when its HTTP write peak is lower: that is a miss, not a measurement.
    const steady =
      writePeak >= STEADY_RATE
        ? await measureAt(
            STEADY_RATE,
            Math.ceil(o.withdrawals / o.reps / 4),
            'the steady rate of the Propagation issue',
          )
        : {
            rate: STEADY_RATE,
            skipped: `the HTTP write peak (6b) is ${fmtInt(writePeak)} writes/s here, below ${STEADY_RATE}`,
          };
    const sum = (f: (r: PropagationRun) => number) => all.reduce((a, r) => a + f(r), 0);
    return {
      natsUrl,
      halfPeak,
      steady,
      trials: sum((r) => r.trials),
      stale: sum((r) => r.stale),
      withdrawals: sum((r) => r.withdrawals),
    };
  } finally {
    await worker.stop();
    await server.stop();
  }
}
