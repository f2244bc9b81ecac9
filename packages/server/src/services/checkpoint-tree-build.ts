import {
  sha256Into,
  headsTree,
  inMerkleOrder,
  withChanges,
  type ChainHead,
  type CheckpointStatement,
  type HeadsTree,
  type Sha256Into,
} from '@assent/core/merkle';
import type { ChainHeadsReader } from '../db/chain-heads-reader.ts';
import { headRowsChunks } from '../db/checkpoint-head-rows.ts';
import type { DbKind } from '../db/client.ts';

/** The checkpoint before the one being built (null before the first). */
export type PreviousCheckpoint = { seq: number; root: string } | null;

/** What the checkpoint thread is started with. */
export interface CheckpointThreadData {
  /** The SQLite file (env.ts's sqlitePath of the URL) or the PostgreSQL URL. */
  target: string;
  kind: DbKind;
  /** Where the thread keeps its last tree between lives (checkpoint-tree-file.ts); none when null. */
  treeFile?: string | null;
}
/** Messages to the checkpoint thread: build one tree; or finish (after saving the last tree) and end. */
export type ToCheckpointThread = { type: 'build'; previous: PreviousCheckpoint } | { type: 'close' };
/**
 * Messages from the checkpoint thread, per build: the summary once and the moved heads in chunks (Merkle order) as the
 * rows the checkpoint stores (db/checkpoint-head-rows.ts: text, not objects, for the server's thread), then done. The
 * chunks come after the summary, except on a first checkpoint (every head moved), where they come before the hashing.
 */
export type FromCheckpointThread =
  | ({ type: 'summary' } & Omit<CheckpointStatement, 'id' | 'at'>)
  | { type: 'moved'; count: number; rows: string }
  | { type: 'done' }
  | { type: 'failed'; message: string };

/**
 * The tree of the last build, kept by whoever builds (the checkpoint thread, or the server's thread on SQLite in
 * memory) for the next: when the next build's previous checkpoint has its root, that checkpoint's heads are the kept
 * tree's (the same root means the same heads), so the previous heads need no read and only the heads that moved, and
 * the nodes above them, are hashed again (core's headsTree).
 */
export interface KeptTree {
  last: HeadsTree | null;
  /** The reader's mark taken before `last`'s heads were read (ChainHeadsReader.mark), when it gives marks. */
  mark?: string | null;
}

/**
 * Every chain head now, in Merkle order, and the mark to read changes from next time: the kept tree's heads with those
 * written since its mark where the reader can follow them from the kept mark, else every head read.
 */
async function currentHeads(
  reader: Pick<ChainHeadsReader, 'chainHeads' | 'mark' | 'changedSince'>,
  kept: KeptTree,
): Promise<{ heads: ChainHead[]; mark: string | null }> {
  if (kept.last && kept.mark && reader.changedSince) {
    const changed = await reader.changedSince(kept.mark);
    if (changed) return { heads: withChanges(kept.last.heads, inMerkleOrder(changed.heads)), mark: changed.mark };
  }
  // Taken before the first page: a head written after it is read again next time, whichever page it was on.
  const mark = reader.mark ? await reader.mark() : null;
  const heads: ChainHead[] = [];
  for await (const page of reader.chainHeads()) for (const h of page) heads.push(h);
  return { heads: inMerkleOrder(heads), mark };
}

/**
 * Builds one checkpoint's tree from a source of chain heads and tells `post` the summary, then the moved heads in
 * chunks: what the checkpoint thread does for each build, and the server's thread itself on a database no other
 * connection can open (SQLite in memory).
 */
export async function buildCheckpointTree(
  reader: Pick<ChainHeadsReader, 'chainHeads' | 'headsAt' | 'mark' | 'changedSince'>,
  previous: PreviousCheckpoint,
  post: (m: FromCheckpointThread) => void,
  kept: KeptTree = { last: null },
  hash: Sha256Into = sha256Into,
): Promise<void> {
  const { heads, mark } = await currentHeads(reader, kept);
  const earlier = kept.last;
  // Nothing kept while this one is built: a failed build leaves no tree that some checkpoint may not have.
  kept.last = null;
  kept.mark = null;
  // A message per chunk the checkpoint stores.
  const sendMoved = (moved: readonly ChainHead[]) => {
    for (const chunk of headRowsChunks(moved)) post({ type: 'moved', ...chunk });
  };
  // The first checkpoint stores every head: sent before the hashing, so the server's thread stores them while this
  // one hashes (a database's first checkpoint over a million subjects stores a million rows).
  if (!previous) sendMoved(heads);
  // Any earlier tree saves hashing; what it says moved is what moved since the previous checkpoint only when it is
  // that checkpoint's tree.
  const built = headsTree(heads, earlier, hash);
  const { tree } = built;
  const movedSinceEarlier = previous && earlier?.root === previous.root ? built.moved : null;
  const { records, subjects, root } = tree;
  post({ type: 'summary', records, subjects, root });
  if (movedSinceEarlier) sendMoved(movedSinceEarlier);
  else if (previous && previous.root !== root) {
    // No tree kept for that checkpoint (the first build of this thread, or the previous checkpoint was made
    // elsewhere): read its heads. (The same root means the same heads in the same order: none moved, no read.)
    const before = new Map<string, ChainHead>();
    for await (const page of reader.headsAt(previous.seq)) for (const h of page) before.set(h.subjectId, h);
    sendMoved(
      heads.filter((h) => {
        const b = before.get(h.subjectId);
        return !(b && b.seq === h.seq && b.hash === h.hash);
      }),
    );
  }
  kept.last = tree;
  kept.mark = mark;
}
