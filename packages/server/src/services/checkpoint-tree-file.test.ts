import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { headsTree, sha256Hex, type ChainHead } from '@assent/core';
import { loadKeptTree, saveKeptTree } from './checkpoint-tree-file.ts';

const dir = await mkdtemp(path.join(os.tmpdir(), 'assent-tree-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const headsOf = (n: number): ChainHead[] =>
  Array.from({ length: n }, (_, i) => ({
    subjectId: `k${String(i).padStart(4, '0')}${i % 3 === 0 ? 'é' : ''}`,
    seq: i % 7,
    hash: sha256Hex(`h${i}`),
  }));

describe("the checkpoint thread's kept tree on disk", () => {
  it.each([0, 1, 2, 3, 5, 1000])(
    'loads back what was saved (%i heads): heads, levels, root, counts and mark',
    async (n) => {
      const file = path.join(dir, `tree-${n}`);
      const { tree } = headsTree(headsOf(n));
      expect(await saveKeptTree(file, { last: tree, mark: '7/16384:812' })).toBe(true);
      expect(await loadKeptTree(file)).toEqual({ last: tree, mark: '7/16384:812' });
    },
  );

  it('a missing, truncated or altered file, or one of another format, loads as nothing', async () => {
    const file = path.join(dir, 'tree-damaged');
    expect(await loadKeptTree(file)).toBeNull();
    await saveKeptTree(file, { last: headsTree(headsOf(50)).tree, mark: null });
    const good = await readFile(file);
    for (const bad of [
      good.subarray(0, good.length - 1),
      Buffer.concat([good, Buffer.from([0])]),
      Buffer.from(good.map((b, i) => (i === 700 ? b ^ 1 : b))),
      Buffer.alloc(0),
      Buffer.from('not a tree'),
    ]) {
      await writeFile(file, bad);
      expect(await loadKeptTree(file)).toBeNull();
    }
  });

  it('saves nothing without a tree, or for a head hash it cannot store as 32 bytes', async () => {
    const file = path.join(dir, 'tree-none');
    expect(await saveKeptTree(file, { last: null })).toBe(false);
    const odd = headsOf(3).map((h, i) => (i === 1 ? { ...h, hash: 'not-hex' } : h));
    expect(await saveKeptTree(file, { last: headsTree(odd).tree })).toBe(false);
    expect(await loadKeptTree(file)).toBeNull();
  });
});
