import { describe, expect, it } from 'vitest';
import { checkpointSummary, type ChainHead } from '@assent/core/merkle';
import { HEAD_ROWS_CHUNK, headRowsChunk } from '../db/checkpoint-head-rows.ts';
import { buildCheckpointTree, type FromCheckpointThread, type KeptTree } from './checkpoint-tree-build.ts';

const head = (i: number, seq = 0): ChainHead => ({
  subjectId: `ps_${String(i).padStart(6, '0')}`,
  seq,
  hash: i.toString(16).padStart(64, '0'),
});

/** A reader over heads held here (the thread reads them from the database). */
function reader(heads: () => ChainHead[]) {
  return {
    chainHeads: async function* () {
      yield heads();
    },
    headsAt: (): AsyncGenerator<ChainHead[]> => {
      throw new Error('not read in these tests');
    },
  };
}

describe('buildCheckpointTree', () => {
  it("a first checkpoint's heads (all of them) are posted before the summary, so they can be stored while it hashes; a later one's moved heads after it", async () => {
    let heads = Array.from({ length: HEAD_ROWS_CHUNK + 5 }, (_, i) => head(i));
    const kept: KeptTree = { last: null };
    const posted: FromCheckpointThread[] = [];
    await buildCheckpointTree(
      reader(() => heads),
      null,
      (m) => posted.push(m),
      kept,
    );
    const summary = { type: 'summary', ...checkpointSummary(heads) };
    expect(posted).toEqual([
      { type: 'moved', count: HEAD_ROWS_CHUNK, rows: headRowsChunk(heads.slice(0, HEAD_ROWS_CHUNK)) },
      { type: 'moved', count: 5, rows: headRowsChunk(heads.slice(HEAD_ROWS_CHUNK)) },
      summary,
    ]);

    heads = heads.map((h, i) => (i === 3 ? head(3, 1) : h));
    posted.length = 0;
    await buildCheckpointTree(
      reader(() => heads),
      { seq: 1, root: summary.root },
      (m) => posted.push(m),
      kept,
    );
    expect(posted).toEqual([
      { type: 'summary', ...checkpointSummary(heads) },
      { type: 'moved', count: 1, rows: headRowsChunk([head(3, 1)]) },
    ]);
  });
});
