// The body of the checkpoint thread (see checkpoint-tree.ts): for each build it asks for, reads every chain head on a
// connection of its own, hashes the Merkle tree over them with core's bulk hashing, and finds the heads that moved
// since the previous checkpoint; the server's thread gets the summary and the moved heads as messages.
import { parentPort, workerData } from 'node:worker_threads';
import { openChainHeadsReader } from '../db/chain-heads-reader.ts';
import { buildCheckpointTree, type KeptTree } from './checkpoint-tree-build.ts';
import type { CheckpointThreadData, FromCheckpointThread, ToCheckpointThread } from './checkpoint-tree-build.ts';
import { loadKeptTree, saveKeptTree } from './checkpoint-tree-file.ts';
import { bulkSha256 } from '../crypto/bulk-sha256.ts';
import type { Sha256Into } from '@assent/core/merkle';

const port = parentPort!;
const db = workerData as CheckpointThreadData;
const post = (m: FromCheckpointThread) => port.postMessage(m);
// The last tree built, for the next build (see KeptTree): the thread lives across checkpoints to keep it, and saves
// it to db.treeFile (when set) for a thread that starts afresh.
const kept: KeptTree = { last: null };
// Builds and saves one after another: a build waits for the previous tree to be on disk.
let turn: Promise<unknown> = Promise.resolve();
// The thread's SHA-256 for the tree (a WebAssembly instance, made at the first build).
let hash: Sha256Into | null = null;

async function build(m: Extract<ToCheckpointThread, { type: 'build' }>): Promise<void> {
  if (!kept.last && db.treeFile) Object.assign(kept, await loadKeptTree(db.treeFile));
  // A connection per build: nothing held between checkpoints (PostgreSQL may end idle connections).
  const reader = await openChainHeadsReader(db.target, db.kind);
  try {
    hash ??= await bulkSha256();
    await buildCheckpointTree(reader, m.previous, post, kept, hash);
  } finally {
    await reader.close();
  }
}

port.on('message', (m: ToCheckpointThread) => {
  // Ends once the last build and save are over (nothing else keeps the thread alive).
  if (m.type === 'close') return void turn.then(() => port.close());
  turn = turn
    .then(() => build(m))
    .then(
      () => {
        post({ type: 'done' });
        // After done: the checkpoint does not wait for the file (a save that fails costs the next thread time only).
        return db.treeFile ? saveKeptTree(db.treeFile, kept).catch(() => false) : false;
      },
      (e: unknown) => post({ type: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
});
