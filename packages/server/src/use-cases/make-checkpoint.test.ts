import { describe, expect, it, vi } from 'vitest';
import type { StoredCheckpoint } from '../db/checkpoint.repository.ts';
import type { BuildCheckpointTree, MovedChunk } from '../services/checkpoint-tree.ts';
import { makeCheckpoint } from './make-checkpoint.ts';

/**
 * makeCheckpoint over stand-ins that log every write, with a tree builder that hands `chunks` to onMoved mid-build
 * when given one, else returns them in the tree (BuildCheckpointTree's contract).
 */
function harness(chunks: string[], failOn?: string, nextSeq = 1) {
  const log: string[] = [];
  let release!: () => void;
  const hashing = new Promise<void>((r) => (release = r));
  const checkpointTree: BuildCheckpointTree = async (_previous, onMoved) => {
    for (const rows of chunks) onMoved?.({ count: 1, rows } satisfies MovedChunk);
    log.push('hashing');
    await hashing;
    log.push('summary');
    const moved = { count: chunks.length, chunks: onMoved ? [] : chunks };
    return { records: 3, subjects: chunks.length, root: 'r'.repeat(64), moved };
  };
  const deps = {
    ledger: { count: async () => 3 },
    checkpoints: {
      newest: async () => null,
      nextSeq: async () => nextSeq,
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
    await vi.waitFor(() => expect(h.log).toEqual(['hashing', 'heads 1 a', 'heads 1 b', 'heads 1 c']));
    h.release();
    expect(await made).toMatchObject({ seq: 1, records: 3, subjects: 3, jws: 'jws' });
    expect(h.log.slice(-2)).toEqual(['summary', 'checkpoint 1']);
  });

  it('after an attempt that died having stored heads (the next seq is past the newest checkpoint + 1), heads are stored only once the tree is built', async () => {
    const h = harness(['a', 'b'], undefined, 9);
    const made = makeCheckpoint(h.deps);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.log).toEqual(['hashing']);
    h.release();
    expect(await made).toMatchObject({ seq: 9 });
    expect(h.log).toEqual(['hashing', 'summary', 'heads 9 a', 'heads 9 b', 'checkpoint 9']);
  });

  it('a chunk that cannot be stored fails the checkpoint: nothing after it is written, and no checkpoint row', async () => {
    const h = harness(['a', 'b', 'c'], 'b');
    h.release();
    await expect(makeCheckpoint(h.deps)).rejects.toThrow('disk full at b');
    expect(h.log).toEqual(['hashing', 'summary', 'heads 1 a']);
  });
});
