// Scenario 10: a ledger checkpoint (#16) over every subject's chain head, and what it does to writes. The first
// checkpoint stores every head; a later one only the heads that moved. Write latency is measured one write after
// another in this process, with no checkpoint running and while one runs (the scheduler runs in the server's process;
// the checkpoint reads and hashes in a worker thread of its own, services/checkpoint-tree.ts).
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ADMIN, openBenchCore } from '../lib/core.ts';
import type { Kind } from '../lib/databases.ts';
import { fmtInt, log } from '../lib/log.ts';
import type { Options } from '../lib/options.ts';
import { pairedRatios, quantile, reps, rotate, timeCalls, type Reps } from '../lib/stats.ts';
import { CONSENT_PURPOSES, stream } from '../lib/workload.ts';
import { subjectIdOf } from '../seed/generate.ts';

export interface CheckpointMeasurements {
  subjects: number;
  records: number;
  /** The first checkpoint on this database (every head stored), or a later one on a kept database. */
  firstMs: number;
  /** CPU-seconds of this process (every thread: the checkpoint thread's reading and hashing included) over the first. */
  firstCpuSec: number;
  /** The longest the server's event loop was held (ms) while the first checkpoint ran: what a write would have waited. */
  firstLongestLoopDelayMs: number;
  firstHeadsStored: number;
  /** Load average (1, 5, 15 min) when the first checkpoint started. */
  loadAverage: number[];
  /** Checkpoints made while writes ran (only moved heads stored). */
  nextMs: Reps;
  /** Write p99 (ms) with no checkpoint running and while one runs, per repetition, and their paired ratio. */
  writeP99: { idle: Reps; during: Reps; ratio: number };
  writesPerRep: number;
  /** Repetitions in which the checkpoint outlasted the write loop's time cap (it waited behind the writes). */
  outlastedWrites: number;
  /**
   * After more writes, the first checkpoint of a server opened afresh (a new checkpoint thread): from the tree the
   * last thread saved (ASSENT_CHECKPOINT_TREE_FILE), and without it (the file off: every head read and hashed, the
   * previous checkpoint's heads read), each with the longest event-loop hold.
   */
  restart: { fromFileMs: number; fromFileLoopMs: number; withoutFileMs: number; withoutFileLoopMs: number };
}

export async function checkpointPhase(
  o: Options,
  _kind: Kind,
  main: { url: string; subjects: number },
): Promise<CheckpointMeasurements> {
  let core = await openBenchCore(main.url);
  try {
    const rand = stream(o.seed + 9);
    let wi = 0;
    const write = () => {
      const p = CONSENT_PURPOSES[Math.floor(rand() * CONSENT_PURPOSES.length)]!;
      const input = {
        subjectId: subjectIdOf(Math.floor(rand() * main.subjects)),
        purposeKey: p.key,
        channel: 'API' as const,
        method: 'bench/checkpoint',
        evidence: { bench: 'checkpoint' },
      };
      return wi++ % 2 === 0 ? core.service.grantConsent(ADMIN, input) : core.service.withdrawConsent(ADMIN, input);
    };

    log(`  10. ledger checkpoint over ${fmtInt(main.subjects)} subjects`);
    const heads0 = await core.db.prisma.checkpointHead.count();
    const loadAverage = os.loadavg();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const cpu0 = process.cpuUsage();
    loop.enable();
    let t = performance.now();
    const first = (await core.service.makeCheckpoint())!;
    const firstMs = performance.now() - t;
    loop.disable();
    const cpu = process.cpuUsage(cpu0);
    const firstCpuSec = (cpu.user + cpu.system) / 1e6;
    const firstLongestLoopDelayMs = loop.max / 1e6;
    const firstHeadsStored = (await core.db.prisma.checkpointHead.count()) - heads0;
    log(
      `     first: ${fmtInt(firstMs)} ms, ${firstCpuSec.toFixed(2)} CPU-s (all threads), event loop held at most ${firstLongestLoopDelayMs.toFixed(0)} ms; ${fmtInt(first.records)} records, ${fmtInt(firstHeadsStored)} heads stored (load average ${loadAverage.map((x) => x.toFixed(1)).join(' / ')})`,
    );

    const n = o.quick ? 200 : 1_000;
    await timeCalls(Math.ceil(n / 4), write);
    const idle: number[] = [];
    const during: number[] = [];
    const nextMs: number[] = [];
    const capMs = o.quick ? 15_000 : 120_000;
    let outlasted = 0;
    for (let rep = 0; rep < o.reps; rep++) {
      for (const which of rotate(['idle', 'during'] as const, rep)) {
        if (which === 'idle') {
          idle.push(quantile(await timeCalls(n, write), 0.99));
          continue;
        }
        // Writes one after another for as long as a checkpoint takes (at least n of them), for at most `capMs`: on
        // SQLite a checkpoint made while this process wrote back to back used to wait behind the writes (the write
        // lock now lets the event loop turn; BENCHMARKS.md, finding 19), and the measurement must end anyway.
        let done = false;
        t = performance.now();
        const cp = core.service
          .makeCheckpoint()
          .then(() => void nextMs.push(performance.now() - t))
          .finally(() => (done = true));
        const lat: number[] = [];
        const until = performance.now() + capMs;
        while (lat.length < n || (!done && performance.now() < until)) {
          const s = performance.now();
          await write();
          lat.push(performance.now() - s);
        }
        if (!done) {
          outlasted++;
          log(
            `     a checkpoint was still running after ${fmtInt(capMs)} ms of writes; writes stopped to let it finish`,
          );
        }
        await cp;
        during.push(quantile(lat, 0.99));
      }
    }
    // A restart: the server's process ends (its thread saves the tree), a new one makes the next checkpoint.
    const restartOnce = async (extraEnv: Record<string, string>) => {
      await timeCalls(n, write);
      await core.close();
      core = await openBenchCore(main.url, extraEnv);
      const l = monitorEventLoopDelay({ resolution: 10 });
      l.enable();
      const s = performance.now();
      await core.service.makeCheckpoint();
      const ms = performance.now() - s;
      l.disable();
      return { ms, loopMs: l.max / 1e6 };
    };
    const fromFile = await restartOnce({});
    const withoutFile = await restartOnce({ ASSENT_CHECKPOINT_TREE_FILE: 'off' });
    const restart = {
      fromFileMs: fromFile.ms,
      fromFileLoopMs: fromFile.loopMs,
      withoutFileMs: withoutFile.ms,
      withoutFileLoopMs: withoutFile.loopMs,
    };
    log(
      `     after a restart: ${fmtInt(restart.fromFileMs)} ms from the saved tree (event loop held at most ${restart.fromFileLoopMs.toFixed(0)} ms), ${fmtInt(restart.withoutFileMs)} ms without it (${restart.withoutFileLoopMs.toFixed(0)} ms)`,
    );
    const m: CheckpointMeasurements = {
      subjects: first.subjects,
      records: first.records,
      firstMs,
      firstCpuSec,
      firstLongestLoopDelayMs,
      firstHeadsStored,
      loadAverage,
      nextMs: reps(nextMs),
      writeP99: { idle: reps(idle), during: reps(during), ratio: quantile(pairedRatios(during, idle), 0.5) },
      writesPerRep: n,
      outlastedWrites: outlasted,
      restart,
    };
    log(
      `     next (while writing): ${fmtInt(m.nextMs.median)} ms; write p99 idle ${m.writeP99.idle.median.toFixed(2)} ms, during ${m.writeP99.during.median.toFixed(2)} ms (×${m.writeP99.ratio.toFixed(2)})`,
    );
    return m;
  } finally {
    await core.close();
  }
}
