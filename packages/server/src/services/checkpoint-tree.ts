import type { ChainHead, CheckpointStatement } from '@assent/core';
import type { DbKind } from '../db/client.ts';
import { tsWorker } from '../ts-worker.ts';

/** What the checkpoint thread is started with: the database, and the checkpoint before (null before the first). */
export interface CheckpointTreeInput {
  url: string;
  kind: DbKind;
  previous: { seq: number; root: string } | null;
}

/** Messages from the checkpoint thread: the summary once, the moved heads in chunks (in Merkle order), then done. */
export type FromCheckpointThread =
  | ({ type: 'summary' } & Omit<CheckpointStatement, 'id' | 'at'>)
  | { type: 'moved'; heads: ChainHead[] }
  | { type: 'done' }
  | { type: 'failed'; message: string };

/** The Merkle tree over every chain head now, and the heads that moved since the previous checkpoint. */
export interface CheckpointTree extends Omit<CheckpointStatement, 'id' | 'at'> {
  /** Heads that differ from (or are missing in) the previous checkpoint's, in Merkle order; every head for the first. */
  moved: ChainHead[];
}

/** Builds a checkpoint's tree; see checkpointTreeThread. */
export type BuildCheckpointTree = (previous: CheckpointTreeInput['previous']) => Promise<CheckpointTree>;

/**
 * Builds each checkpoint's tree in a worker thread of its own (started for the checkpoint, ended after it): reading a
 * million chain heads, ordering them and hashing two million times took seconds of CPU on the server's thread, in
 * slices that still delayed every write of the process (BENCHMARKS.md, "Checkpoints (#16)"). The thread reads on its
 * own connection (db/chain-heads-reader.ts) and hashes with core's checkpointSummary; this thread only receives the
 * summary and the moved heads, a chunk per message.
 */
export function checkpointTreeThread(db: { url: string; kind: DbKind }): BuildCheckpointTree {
  return (previous) =>
    new Promise<CheckpointTree>((resolve, reject) => {
      const input: CheckpointTreeInput = { url: db.url, kind: db.kind, previous };
      const w = tsWorker(new URL('./checkpoint-tree-worker.ts', import.meta.url), {
        workerData: { ...input },
        name: 'assent-checkpoint',
      });
      let summary: Omit<CheckpointStatement, 'id' | 'at'> | null = null;
      const moved: ChainHead[] = [];
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        reject(err);
        void w.terminate();
      };
      w.on('message', (m: FromCheckpointThread) => {
        if (m.type === 'summary') summary = { records: m.records, subjects: m.subjects, root: m.root };
        else if (m.type === 'moved') for (const h of m.heads) moved.push(h);
        else if (m.type === 'failed') fail(new Error(`building the checkpoint's Merkle tree failed: ${m.message}`));
        else if (m.type === 'done') {
          if (!summary) return fail(new Error('the checkpoint thread ended without a Merkle root'));
          settled = true;
          resolve({ ...summary, moved });
          void w.terminate();
        }
      });
      w.on('error', (err) => fail(err));
      w.on('exit', (code) => fail(new Error(`the checkpoint thread ended (code ${code}) before its Merkle root`)));
    });
}
