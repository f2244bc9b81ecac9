import { describe, expect, it } from 'vitest';
import type { ChainHead } from '@assent/core';
import { HEAD_ROWS_CHUNK, headRowsOf, headsOfRows } from './checkpoint-head-rows.ts';

const head = (i: number): ChainHead => ({ subjectId: `s"${i}\\é`, seq: i % 7, hash: i.toString(16).padStart(64, '0') });

describe('checkpoint head rows', () => {
  it('round-trips heads in order, in chunks of at most HEAD_ROWS_CHUNK, each a JSON array of [subjectId, seq, hash]', () => {
    for (const n of [0, 1, HEAD_ROWS_CHUNK, HEAD_ROWS_CHUNK + 1, 2 * HEAD_ROWS_CHUNK + 3]) {
      const heads = Array.from({ length: n }, (_, i) => head(i));
      const rows = headRowsOf(heads);
      expect(rows.count).toBe(n);
      expect(rows.chunks).toHaveLength(Math.ceil(n / HEAD_ROWS_CHUNK));
      for (const c of rows.chunks) expect((JSON.parse(c) as unknown[]).length).toBeLessThanOrEqual(HEAD_ROWS_CHUNK);
      expect(headsOfRows(rows)).toEqual(heads);
    }
    expect(JSON.parse(headRowsOf([head(1)]).chunks[0]!)).toEqual([[head(1).subjectId, 1, head(1).hash]]);
  });
});
