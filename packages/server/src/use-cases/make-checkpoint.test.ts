import { describe, expect, it, vi } from 'vitest';
import type { StoredCheckpoint } from '../db/checkpoint.repository.ts';
import type { BuildCheckpointTree, MovedChunk } from '../services/checkpoint-tree.ts';
import { makeCheckpoint } from './make-checkpoint.ts';

/** makeCheckpoint over stand-ins that log every write, with a tree builder that hands over `chunks` mid-build. */
function harness(chunks: string[], failOn?: string) {
  const log: string[] = [];
  let release!: () => void;
  const hashing = new Promise<void>((r) => (release = r));
  const checkpointTree: BuildCheckpointTree = async (_previous, onMoved) => {
    for (const rows of chunks) onMoved!({ count: 1, rows } satisfies MovedChunk);
    log.push('hashing');
    await hashing;
    log.push('summary');
    return { records: 3, subjects: chunks.length, root: 'r'.repeat(64), moved: { count: chunks.length, chunks: [] } };
  };
  const deps = {
    ledger: { count: async () => 3 },
    checkpoints: {
      newest: async () => null,
      nextSeq: async () => 7,
      appendHeads: async (seq: number, rows: string) => {
        await new Promise((r) => setTimeout(r, 5));
        if (rows === failOn) throw new Error(`disk full at ${rows}`);
        log.push(`heads ${seq} ${rows}`);
      },
      append: async (cp: StoredCheckpoint) => void log.push(`checkpoint ${cp.seq}`),
    },
    checkpointTree,
    signing: { sign: async () => 'jws' },
    now: () => new Date('2026-12-08T00:00:00Z'),
  };
  return { deps: deps as unknown as Parameters<typeof makeCheckpoint>[0], log, release };
}

describe('makeCheckpoint', () => {
  it('stores the heads the tree hands over while it is still hashing, in order, under the seq taken first; the row last', async () => {
    const h = harness(['a', 'b', 'c']);
    const made = makeCheckpoint(h.deps);
    // The three chunks are stored although the tree is not built yet.
    await vi.waitFor(() => expect(h.log).toEqual(['hashing', 'heads 7 a', 'heads 7 b', 'heads 7 c']));
    h.release();
    expect(await made).toMatchObject({ seq: 7, records: 3, subjects: 3, jws: 'jws' });
    expect(h.log.slice(-2)).toEqual(['summary', 'checkpoint 7']);
  });

  it('a chunk that cannot be stored fails the checkpoint: nothing after it is written, and no checkpoint row', async () => {
    const h = harness(['a', 'b', 'c'], 'b');
    h.release();
    await expect(makeCheckpoint(h.deps)).rejects.toThrow('disk full at b');
    expect(h.log).toEqual(['hashing', 'summary', 'heads 7 a']);
  });
});
