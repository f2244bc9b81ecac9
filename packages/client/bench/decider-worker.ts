/**
 * The client side of `pnpm bench`'s local-decision scenarios (packages/server/bench/scenarios/local-decisions.ts),
 * forked by the harness with `--import tsx` and told what to do in one IPC message; it answers with one
 * message of results. It runs in its own process, as a product service would, against a real Assent server.
 *
 * - `load`: the paged consentSnapshot over HTTP on its own (rows/s), the same snapshot loaded into a
 *   LocalDecider (rows/s, seconds), then `decider.decide` on the warmed decider against a bare `Map.get`
 *   of a precomputed string key, alternating, on this process's one thread.
 * - `propagation`: a LocalDecider following JetStream while this process withdraws consents over HTTP at
 *   a steady rate; for each withdrawal, from its answer to the decider's own `change` event, and whether
 *   `decide` says no when asked in that event (a stale permit if not).
 */
import { readFileSync } from 'node:fs';
import { createAssentClient, type ConsentChange, type LocalDecider } from '../src/index.ts';

/** What the harness asks. */
export type WorkerTask =
  | {
      mode: 'load';
      url: string;
      token: string;
      purposes: string[];
      /** The subject ids are `idPrefix` + the index padded to 10 digits, 0..subjects-1. */
      idPrefix: string;
      subjects: number;
      natsUrl: string | null;
      reps: number;
      /** The server's pid (its CPU time is read from /proc around each pass). */
      serverPid?: number;
      /** A second server on the same database without the fast path (Apollo and graphql-jit, as pages were served before). */
      plain?: { url: string; serverPid: number };
    }
  | {
      mode: 'propagation';
      url: string;
      token: string;
      natsUrl: string;
      purposeKey: string;
      /** Subjects granted beforehand (ids: idPrefix + index padded to 10 digits); one withdrawal each. */
      idPrefix: string;
      trials: number;
      writesPerSecond: number;
    };

/** The answer of a `load` task. */
export interface LoadResult {
  /** consentSnapshot paged over HTTP, all six row fields, pages parsed and dropped; the server's CPU seconds for it. */
  query: SnapshotPass[];
  /** The same passes against the server without the fast path, alternating with them. */
  queryPlain: SnapshotPass[];
  /** The snapshot loaded into a LocalDecider (its compact selection), until `localDecisions` resolved. */
  decider: { rows: number; seconds: number; cpuSeconds: number; bytesPerEntry: number };
  /** decide and Map.get rates per repetition: wall-clock and per CPU-second of this process. */
  decide: { wall: number[]; cpu: number[] };
  map: { wall: number[]; cpu: number[] };
  lookups: number;
}

/** The answer of a `propagation` task. */
export interface PropagationResult {
  /** Withdrawal answered → the decider's change event, ms (0 when the event came first), one per trial. */
  latenciesMs: number[];
  /** Trials whose decide, asked in the decider's own change event, still allowed. */
  stalePermits: number;
  /** Trials whose change event never came within 10 s. */
  missing: number;
  /** Withdrawals per second actually sent. */
  achievedRate: number;
  /** Trials in which decide already said no when the withdrawal's answer arrived. */
  deniedAtAnswer: number;
  /** Withdrawals that failed (an overloaded server: a timeout), with the first error. */
  failed: number;
  firstError: string | null;
}

/** Withdrawals in flight at most: past it the schedule waits (and the achieved rate says so) instead of piling up connections. */
const MAX_IN_FLIGHT = 64;

const SNAPSHOT_QUERY = `query($k: [ID!]!, $first: Int, $after: String) {
  consentSnapshot(purposeKeys: $k, first: $first, after: $after) {
    rows { subjectId purposeKey status allowed recordId occurredAt } endCursor hasNextPage streamSequence outboxSeq
  }
}`;

/** One pass over the snapshot: rows, wall-clock seconds, bytes of JSON per row, and the server's CPU seconds (null: unknown). */
interface SnapshotPass {
  rows: number;
  seconds: number;
  bytesPerRow: number;
  serverCpu: number | null;
}

/** A process's user + system CPU seconds from /proc (Linux), null elsewhere. */
function processCpu(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const id = (prefix: string, i: number) => `${prefix}${String(i).padStart(10, '0')}`;
const cpuSeconds = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
};

async function readSnapshot(url: string, token: string, purposes: string[], serverPid?: number): Promise<SnapshotPass> {
  const cpuBefore = processCpu(serverPid);
  let after: string | null = null;
  let rows = 0;
  let bytes = 0;
  const t = performance.now();
  do {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: SNAPSHOT_QUERY, variables: { k: purposes, first: 10_000, after } }),
    });
    const text = await res.text();
    bytes += text.length;
    const body = JSON.parse(text) as {
      data?: { consentSnapshot: { rows: unknown[]; endCursor: string | null; hasNextPage: boolean } };
      errors?: unknown;
    };
    if (!body.data) throw new Error(`consentSnapshot failed: ${JSON.stringify(body.errors)}`);
    rows += body.data.consentSnapshot.rows.length;
    after = body.data.consentSnapshot.hasNextPage ? body.data.consentSnapshot.endCursor : null;
  } while (after);
  const seconds = (performance.now() - t) / 1000;
  const cpuAfter = processCpu(serverPid);
  const serverCpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  return { rows, seconds, bytesPerRow: bytes / Math.max(1, rows), serverCpu };
}

async function load(task: Extract<WorkerTask, { mode: 'load' }>): Promise<LoadResult> {
  const query: SnapshotPass[] = [];
  const queryPlain: SnapshotPass[] = [];
  for (let r = 0; r < 2; r++) {
    // Alternating, in turns, so a busy moment of the machine falls on both servers.
    const fast = () => readSnapshot(task.url, task.token, task.purposes, task.serverPid);
    const plain = async (p: { url: string; serverPid: number }) =>
      queryPlain.push(await readSnapshot(p.url, task.token, task.purposes, p.serverPid));
    if (task.plain && r % 2 === 1) await plain(task.plain);
    query.push(await fast());
    if (task.plain && r % 2 === 0) await plain(task.plain);
  }

  const client = createAssentClient({ url: `${task.url}/graphql`, token: task.token });
  const t = performance.now();
  const cpuFrom = process.cpuUsage();
  const decider = await client.localDecisions({
    purposes: task.purposes,
    source: task.natsUrl ? 'jetstream' : 'subscription',
    natsUrl: task.natsUrl ?? undefined,
    // The lookups below run for many seconds without yielding to the event loop.
    maxStalenessMs: 3_600_000,
  });
  const seconds = (performance.now() - t) / 1000;
  const cpu = cpuSeconds(cpuFrom);
  const h = decider.health();
  const loaded = { rows: h.entries, seconds, cpuSeconds: cpu, bytesPerEntry: h.bytes / Math.max(1, h.entries) };

  // The same lookups for both: every subject once, in a scattered order, keys made beforehand.
  const n = task.subjects;
  const purpose = task.purposes[0]!;
  const ids = Array.from({ length: n }, (_, i) => id(task.idPrefix, (i * 7919) % n));
  const map = new Map<string, boolean>();
  for (let i = 0; i < n; i++)
    map.set(`${id(task.idPrefix, i)}\u0000${purpose}`, decider.decide(id(task.idPrefix, i), purpose).allowed);
  const keys = ids.map((s) => `${s}\u0000${purpose}`);
  const timed = (fn: () => number) => {
    const c = process.cpuUsage();
    const w = performance.now();
    const x = fn();
    const wall = (performance.now() - w) / 1000;
    if (x < 0) console.log(x); // keeps the loop's result alive
    return { wall: n / wall, cpu: n / cpuSeconds(c) };
  };
  const viaDecider = () => {
    let allowed = 0;
    for (let i = 0; i < n; i++) if (decider.decide(ids[i]!, purpose).allowed) allowed++;
    return allowed;
  };
  const viaMap = () => {
    let allowed = 0;
    for (let i = 0; i < n; i++) if (map.get(keys[i]!) === true) allowed++;
    return allowed;
  };
  viaDecider();
  viaMap();
  const out: Pick<LoadResult, 'decide' | 'map'> = { decide: { wall: [], cpu: [] }, map: { wall: [], cpu: [] } };
  for (let r = 0; r < task.reps; r++) {
    // Alternating, in turns, so a busy moment of the machine falls on both.
    const [a, b] = r % 2 === 0 ? (['decide', 'map'] as const) : (['map', 'decide'] as const);
    for (const which of [a, b]) {
      const m = timed(which === 'decide' ? viaDecider : viaMap);
      out[which].wall.push(m.wall);
      out[which].cpu.push(m.cpu);
    }
  }
  await decider.close();
  return { query, queryPlain, decider: loaded, ...out, lookups: n };
}

async function propagation(task: Extract<WorkerTask, { mode: 'propagation' }>): Promise<PropagationResult> {
  const client = createAssentClient({ url: `${task.url}/graphql`, token: task.token });
  // Every subject's grant first, through importConsents (1,000 per call), so the measured writes are withdrawals only.
  const grantedAt = new Date(Date.now() - 60_000).toISOString();
  for (let from = 0; from < task.trials; from += 1000) {
    const records = [];
    for (let i = from; i < Math.min(task.trials, from + 1000); i++)
      records.push({
        importId: `bench-${id(task.idPrefix, i)}`,
        subjectId: id(task.idPrefix, i),
        purposeKey: task.purposeKey,
        action: 'GRANT' as const,
        channel: 'API' as const,
        method: 'bench/import',
        occurredAt: grantedAt,
        evidence: { bench: true },
      });
    await client.importConsents(records);
  }
  const decider: LocalDecider = await client.localDecisions({
    purposes: [task.purposeKey],
    source: 'jetstream',
    natsUrl: task.natsUrl,
  });
  const waiting = new Map<string, { answeredAt: number | null; changedAt: number | null; done: () => void }>();
  let stalePermits = 0;
  decider.on('change', (c: ConsentChange) => {
    if (c.purposeKey !== task.purposeKey || c.allowed) return;
    const w = waiting.get(c.subjectId);
    if (!w || w.changedAt !== null) return;
    w.changedAt = performance.now();
    // The check the issue asks for: after the decider's own change event, decide must say no.
    if (decider.decide(c.subjectId, task.purposeKey).allowed) stalePermits++;
    if (w.answeredAt !== null) w.done();
  });

  const latenciesMs: number[] = [];
  let missing = 0;
  let deniedAtAnswer = 0;
  let failed = 0;
  let firstError: string | null = null;
  let inFlight = 0;
  // Resolved when a withdrawal in flight finishes (an object: TypeScript does not follow a let assigned in a closure).
  const slot: { freed: (() => void) | null } = { freed: null };
  const interval = 1000 / task.writesPerSecond;
  const started = performance.now();
  const trials: Promise<void>[] = [];
  for (let i = 0; i < task.trials; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => (slot.freed = r));
    const subjectId = id(task.idPrefix, i);
    inFlight++;
    trials.push(
      (async () => {
        let done!: () => void;
        const arrived = new Promise<void>((r) => (done = r));
        const w = { answeredAt: null as number | null, changedAt: null as number | null, done };
        waiting.set(subjectId, w);
        try {
          await client.withdrawConsent({
            subjectId,
            purposeKey: task.purposeKey,
            channel: 'API',
            method: 'bench/propagation',
            evidence: { bench: true },
          });
        } catch (e) {
          failed++;
          firstError ??= (e as Error).message;
          waiting.delete(subjectId);
          return;
        } finally {
          inFlight--;
          const freed = slot.freed;
          slot.freed = null;
          freed?.();
        }
        w.answeredAt = performance.now();
        if (!decider.decide(subjectId, task.purposeKey).allowed) deniedAtAnswer++;
        if (w.changedAt !== null) done();
        const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000).unref());
        if ((await Promise.race([arrived, timeout])) === 'timeout') missing++;
        else latenciesMs.push(Math.max(0, w.changedAt! - w.answeredAt));
        waiting.delete(subjectId);
      })(),
    );
  }
  await Promise.all(trials);
  const achievedRate = task.trials / ((performance.now() - started) / 1000);
  await decider.close();
  return { latenciesMs, stalePermits, missing, achievedRate, deniedAtAnswer, failed, firstError };
}

process.once('message', (task: WorkerTask) => {
  const run = task.mode === 'load' ? load(task) : propagation(task);
  run.then(
    (result) => process.send!({ ok: true, result }, () => process.exit(0)),
    (e: unknown) =>
      process.send!({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }, () =>
        process.exit(1),
      ),
  );
});
