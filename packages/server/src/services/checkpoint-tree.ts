import type { Worker } from 'node:worker_threads';
import type { CheckpointStatement } from '@assent/core/merkle';
import type { ChainHeadsReader } from '../db/chain-heads-reader.ts';
import type { HeadRows } from '../db/checkpoint-head-rows.ts';
import { tsWorker } from '../ts-worker.ts';
import {
  buildCheckpointTree,
  type KeptTree,
  type CheckpointThreadData,
  type FromCheckpointThread,
  type PreviousCheckpoint,
  type ToCheckpointThread,
} from './checkpoint-tree-build.ts';

export type { CheckpointThreadData, FromCheckpointThread, PreviousCheckpoint, ToCheckpointThread };

/** The Merkle tree over every chain head now, and the heads that moved since the previous checkpoint. */
export interface CheckpointTree extends Omit<CheckpointStatement, 'id' | 'at'> {
  /**
   * Heads that differ from (or are missing in) the previous checkpoint's, in Merkle order; every head for the first.
   * As the rows the checkpoint stores (text), never as objects on the server's thread; counted only (no chunk) when
   * they were handed to the build's `onMoved`.
   */
  moved: HeadRows;
}

/** One chunk of the moved heads, as the checkpoint stores it (db/checkpoint-head-rows.ts). */
export type MovedChunk = { count: number; rows: string };

/**
 * Builds a checkpoint's tree; see checkpointTreeThread. With `onMoved`, each chunk of moved heads is handed to it as
 * soon as it is known, in order (a first checkpoint's before the hashing is done, so they can be stored meanwhile), and
 * the tree's `moved` then counts them but holds no chunk.
 */
export type BuildCheckpointTree = (
  previous: PreviousCheckpoint,
  onMoved?: (chunk: MovedChunk) => void,
) => Promise<CheckpointTree>;

/** The shortest time the thread lives on without a build (it holds the last tree, see KeptTree), unless told longer. */
const MIN_IDLE_MS = 60_000;
/** How long a thread asked to end may take to save its tree before it is ended anyway. */
const CLOSE_GRACE_MS = 10_000;

/**
 * Builds checkpoints' trees in a worker thread: reading a million chain heads, ordering them and hashing two million
 * times took seconds of CPU on the server's thread, in slices that still delayed every write of the process
 * (BENCHMARKS.md, "Checkpoints (#16)"). The thread reads on a connection of its own (db/chain-heads-reader.ts) and
 * hashes with core's headsTree; this thread only receives the summary and the moved heads, a chunk per message.
 * Started at the first build (loading it under tsx costs about a CPU-second); it keeps the last tree it built, so the
 * next checkpoint hashes only what moved (KeptTree), and ends after `idleMs` without a build (at least a minute: give
 * it more than the checkpoint interval, or every checkpoint starts from nothing). One build at a time (callers hold
 * the checkpoint maker's lease; a second caller here waits its turn).
 */
export function checkpointTreeThread(
  db: CheckpointThreadData,
  { idleMs = MIN_IDLE_MS }: { idleMs?: number } = {},
): BuildCheckpointTree & { close(): Promise<void> } {
  let worker: Worker | null = null;
  let idle: NodeJS.Timeout | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  // Asks the thread to finish (it saves its tree first, see checkpoint-tree-worker.ts), ending it after a grace period.
  const end = () => {
    clearTimeout(idle);
    const w = worker;
    worker = null;
    if (!w) return Promise.resolve();
    return new Promise<void>((resolve) => {
      // terminate() settles once the thread is gone, also when it had ended already and 'exit' will not come again.
      const force = setTimeout(() => void w.terminate().finally(resolve), CLOSE_GRACE_MS);
      w.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      w.postMessage({ type: 'close' } satisfies ToCheckpointThread);
    });
  };

  const buildOnce = (previous: PreviousCheckpoint, onMoved?: (chunk: MovedChunk) => void) =>
    new Promise<CheckpointTree>((resolve, reject) => {
      clearTimeout(idle);
      if (!worker) {
        const started = tsWorker(new URL('./checkpoint-tree-worker.ts', import.meta.url), {
          workerData: { ...db },
          name: 'assent-checkpoint',
        });
        started.once('exit', () => void (worker === started && (worker = null)));
        worker = started;
      }
      const w = worker;
      w.ref();
      const collected = treeOfMessages(onMoved);
      const settle = (err: Error | null) => {
        w.off('message', onMessage).off('error', onError).off('exit', onExit);
        // An idle thread does not keep the process alive (the idle timer or close() ends it).
        w.unref();
        if (err) {
          if (worker === w) void end();
          reject(err);
        } else {
          resolve(collected.tree()!);
          idle = setTimeout(() => void (worker === w && end()), Math.max(MIN_IDLE_MS, idleMs));
          idle.unref();
        }
      };
      const onMessage = (m: FromCheckpointThread) => {
        collected.take(m);
        if (m.type === 'failed') settle(new Error(`building the checkpoint's Merkle tree failed: ${m.message}`));
        else if (m.type === 'done')
          settle(collected.tree() ? null : new Error('the checkpoint thread finished without a Merkle root'));
      };
      const onError = (err: Error) => settle(err);
      const onExit = (code: number) => {
        if (worker === w) worker = null;
        settle(new Error(`the checkpoint thread ended (code ${code}) before its Merkle root`));
      };
      w.on('message', onMessage).on('error', onError).on('exit', onExit);
      w.postMessage({ type: 'build', previous } satisfies ToCheckpointThread);
    });

  const build: BuildCheckpointTree = (previous, onMoved) => {
    const next = queue.then(() => buildOnce(previous, onMoved));
    queue = next.catch(() => undefined);
    return next;
  };
  return Object.assign(build, { close: () => queue.then(end) });
}

/**
 * The same builds on the server's own thread, from the repositories' reads: for a database no other connection can
 * open (SQLite in memory), where the thread could not read it.
 */
export function inProcessCheckpointTree(
  source: Pick<ChainHeadsReader, 'chainHeads' | 'headsAt'>,
): BuildCheckpointTree & { close(): Promise<void> } {
  const kept: KeptTree = { last: null };
  const build: BuildCheckpointTree = async (previous, onMoved) => {
    const collected = treeOfMessages(onMoved);
    await buildCheckpointTree(source, previous, collected.take, kept);
    return collected.tree()!;
  };
  return Object.assign(build, { close: () => Promise.resolve() });
}

/**
 * One build's tree from its messages (FromCheckpointThread): the summary, and the moved heads' rows in order (kept, or
 * handed to `onMoved` as they come).
 */
function treeOfMessages(onMoved?: (chunk: MovedChunk) => void): {
  take: (m: FromCheckpointThread) => void;
  tree: () => CheckpointTree | null;
} {
  let summary: Omit<CheckpointStatement, 'id' | 'at'> | null = null;
  const moved: HeadRows = { count: 0, chunks: [] };
  return {
    take: (m) => {
      if (m.type === 'summary') summary = { records: m.records, subjects: m.subjects, root: m.root };
      else if (m.type === 'moved') {
        moved.count += m.count;
        if (onMoved) onMoved({ count: m.count, rows: m.rows });
        else moved.chunks.push(m.rows);
      }
    },
    tree: () => summary && { ...summary, moved },
  };
}
