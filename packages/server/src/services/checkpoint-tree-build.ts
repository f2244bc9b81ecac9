import { checkpointSummary, inMerkleOrder, type ChainHead, type CheckpointStatement } from '@assent/core/merkle';
import type { ChainHeadsReader } from '../db/chain-heads-reader.ts';
import type { DbKind } from '../db/client.ts';

/** The checkpoint before the one being built (null before the first). */
export type PreviousCheckpoint = { seq: number; root: string } | null;

/** What the checkpoint thread is started with. */
export interface CheckpointThreadData {
  /** The SQLite file (env.ts's sqlitePath of the URL) or the PostgreSQL URL. */
  target: string;
  kind: DbKind;
}
/** Messages to the checkpoint thread: build one tree. */
export type ToCheckpointThread = { type: 'build'; previous: PreviousCheckpoint };
/** Messages from the checkpoint thread, per build: the summary once, the moved heads in chunks (Merkle order), then done. */
export type FromCheckpointThread =
  | ({ type: 'summary' } & Omit<CheckpointStatement, 'id' | 'at'>)
  | { type: 'moved'; heads: ChainHead[] }
  | { type: 'done' }
  | { type: 'failed'; message: string };

/** Moved heads per message: the server's thread takes each in one short turn of its event loop. */
const MOVED_CHUNK = 2_000;

/**
 * Builds one checkpoint's tree from a source of chain heads and tells `post` the summary, then the moved heads in
 * chunks: what the checkpoint thread does for each build, and the server's thread itself on a database no other
 * connection can open (SQLite in memory).
 */
export async function buildCheckpointTree(
  reader: Pick<ChainHeadsReader, 'chainHeads' | 'headsAt'>,
  previous: PreviousCheckpoint,
  post: (m: FromCheckpointThread) => void,
): Promise<void> {
  const heads: ChainHead[] = [];
  for await (const page of reader.chainHeads()) for (const h of page) heads.push(h);
  inMerkleOrder(heads);
  const summary = checkpointSummary(heads);
  post({ type: 'summary', ...summary });
  const sendMoved = (moved: ChainHead[]) => moved.length > 0 && post({ type: 'moved', heads: moved });
  if (!previous) {
    for (let i = 0; i < heads.length; i += MOVED_CHUNK) sendMoved(heads.slice(i, i + MOVED_CHUNK));
  } else if (previous.root !== summary.root) {
    // (The same root means the same heads in the same order: none moved, and the previous heads need no read.)
    const before = new Map<string, ChainHead>();
    for await (const page of reader.headsAt(previous.seq)) for (const h of page) before.set(h.subjectId, h);
    let moved: ChainHead[] = [];
    for (const h of heads) {
      const b = before.get(h.subjectId);
      if (b && b.seq === h.seq && b.hash === h.hash) continue;
      moved.push(h);
      if (moved.length === MOVED_CHUNK) {
        sendMoved(moved);
        moved = [];
      }
    }
    sendMoved(moved);
  }
}
