// The body of the checkpoint thread (see checkpoint-tree.ts): for each build it asks for, reads every chain head on a
// connection of its own, hashes the Merkle tree over them with core's bulk hashing, and finds the heads that moved
// since the previous checkpoint; the server's thread gets the summary and the moved heads as messages.
import { parentPort, workerData } from 'node:worker_threads';
import { openChainHeadsReader } from '../db/chain-heads-reader.ts';
import { buildCheckpointTree, type KeptTree } from './checkpoint-tree-build.ts';
import type { CheckpointThreadData, FromCheckpointThread, ToCheckpointThread } from './checkpoint-tree-build.ts';

const port = parentPort!;
const db = workerData as CheckpointThreadData;
const post = (m: FromCheckpointThread) => port.postMessage(m);
// The last tree built, for the next build (see KeptTree): the thread lives across checkpoints to keep it.
const kept: KeptTree = { last: null };

port.on('message', (m: ToCheckpointThread) => {
  // A connection per build: nothing held between checkpoints (PostgreSQL may end idle connections).
  openChainHeadsReader(db.target, db.kind)
    .then(async (reader) => {
      try {
        await buildCheckpointTree(reader, m.previous, post, kept);
      } finally {
        await reader.close();
      }
    })
    .then(
      () => post({ type: 'done' }),
      (e: unknown) => post({ type: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
});
