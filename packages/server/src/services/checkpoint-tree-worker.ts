// The body of the checkpoint thread (see checkpoint-tree.ts): reads every chain head on a connection of its own,
// hashes the Merkle tree over them with core's bulk hashing, and finds the heads that moved since the previous
// checkpoint; the server's thread gets the summary and the moved heads as messages and does the rest.
import { parentPort, workerData } from 'node:worker_threads';
import { checkpointSummary, inMerkleOrder, type ChainHead } from '@assent/core';
import { openChainHeadsReader } from '../db/chain-heads-reader.ts';
import type { CheckpointTreeInput, FromCheckpointThread } from './checkpoint-tree.ts';

const port = parentPort!;
const input = workerData as CheckpointTreeInput & { tsEntry: string };
const post = (m: FromCheckpointThread) => port.postMessage(m);

/** Moved heads per message: the server's thread takes each in one short turn of its event loop. */
const MOVED_CHUNK = 2_000;

try {
  const reader = await openChainHeadsReader(input.url, input.kind);
  try {
    const heads: ChainHead[] = [];
    for await (const page of reader.chainHeads()) for (const h of page) heads.push(h);
    inMerkleOrder(heads);
    const summary = checkpointSummary(heads);
    post({ type: 'summary', ...summary });
    // The same root means the same heads in the same order: none moved, and the previous heads need no read.
    if (input.previous && input.previous.root !== summary.root) {
      const before = new Map<string, ChainHead>();
      for await (const page of reader.headsAt(input.previous.seq)) for (const h of page) before.set(h.subjectId, h);
      let moved: ChainHead[] = [];
      for (const h of heads) {
        const b = before.get(h.subjectId);
        if (b && b.seq === h.seq && b.hash === h.hash) continue;
        moved.push(h);
        if (moved.length === MOVED_CHUNK) {
          post({ type: 'moved', heads: moved });
          moved = [];
        }
      }
      if (moved.length > 0) post({ type: 'moved', heads: moved });
    } else if (!input.previous) {
      for (let i = 0; i < heads.length; i += MOVED_CHUNK)
        post({ type: 'moved', heads: heads.slice(i, i + MOVED_CHUNK) });
    }
  } finally {
    await reader.close();
  }
  post({ type: 'done' });
} catch (e) {
  post({ type: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
