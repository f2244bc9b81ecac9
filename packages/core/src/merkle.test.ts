import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from './hash';
import {
  chainHeadLeaf,
  checkHeadAgainstCheckpoint,
  checkpointBuilder,
  checkpointStatement,
  checkpointSummary,
  headsTree,
  inMerkleOrder,
  leafHashes,
  compareHeads,
  merkleBuilder,
  merkleLevels,
  merkleRoot,
  withChanges,
  type ChainHead,
} from './merkle';

const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** RFC 6962 §2.1 MTH, written the way the RFC defines it (split at the largest power of two below n). */
function rfc6962(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([1]), rfc6962(leaves.slice(0, k)), rfc6962(leaves.slice(k)));
}

const head = (subjectId: string, seq = 0, hash = 'a'.repeat(64)): ChainHead => ({ subjectId, seq, hash });

describe('Merkle root over chain heads', () => {
  it('a leaf is SHA-256 of 0x00 and the canonical JSON of the head, also for ids JSON must escape', () => {
    for (const subjectId of ['a"b\\c', '\u0001x', 'é\u2028', '\u{1F600}']) {
      const h = head(subjectId, 1);
      expect(chainHeadLeaf(h)).toEqual(
        sha(Buffer.from([0]), Buffer.from(canonicalJson({ subjectId, seq: 1, hash: h.hash }))),
      );
    }
    const h = head('user-1', 2, 'b'.repeat(64));
    expect(chainHeadLeaf(h)).toEqual(
      sha(Buffer.from([0]), Buffer.from(`{"hash":"${'b'.repeat(64)}","seq":2,"subjectId":"user-1"}`)),
    );
  });

  it('equals RFC 6962 for every number of leaves', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 1, maxLength: 70 }), (raw) => {
        const leaves = raw.map((r) => Buffer.from(r));
        expect(merkleRoot(leaves)).toBe(rfc6962(leaves).toString('hex'));
      }),
    );
  });

  it('changes when any head changes, disappears, or the heads are reordered', () => {
    const heads = ['a', 'b', 'c', 'd', 'e'].map((s) => head(s));
    const root = merkleRoot(heads.map(chainHeadLeaf));
    expect(merkleRoot(heads.slice(0, 4).map(chainHeadLeaf))).not.toBe(root);
    expect(merkleRoot(heads.map((h, i) => (i === 2 ? { ...h, seq: 1 } : h)).map(chainHeadLeaf))).not.toBe(root);
    expect(merkleRoot(heads.map((h, i) => (i === 4 ? { ...h, hash: 'c'.repeat(64) } : h)).map(chainHeadLeaf))).not.toBe(
      root,
    );
    expect(merkleRoot([...heads].reverse().map(chainHeadLeaf))).not.toBe(root);
  });

  it('an empty ledger has the root SHA-256("")', () => {
    expect(merkleRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('orders heads by subject id in UTF-16 code units, whatever the database collation', () => {
    expect(['b', 'B', 'a', '\uFF5E', '\u{1F600}'].map((subjectId) => head(subjectId)).sort(compareHeads)).toEqual(
      ['B', 'a', 'b', '\u{1F600}', '\uFF5E'].map((subjectId) => head(subjectId)),
    );
  });

  it('built one leaf at a time, gives the same root', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 70 }), (raw) => {
        const tree = merkleBuilder();
        for (const leaf of raw) tree.add(leaf);
        expect(tree.root()).toBe(merkleRoot(raw));
      }),
    );
  });
});

describe('checkpoint statement', () => {
  it('counts records as the sum of chain lengths and subjects as the heads', () => {
    const s = checkpointStatement('cp', new Date('2026-12-06T00:00:00Z'), [head('a', 2), head('b', 0)]);
    expect(s).toMatchObject({ id: 'cp', at: '2026-12-06T00:00:00.000Z', records: 4, subjects: 2 });
    expect(s.root).toBe(merkleRoot([chainHeadLeaf(head('a', 2)), chainHeadLeaf(head('b', 0))]));
  });
});

describe('a chain against the head its checkpoint recorded', () => {
  it.each([
    ['the record is still there with that hash', 'h1', 'ok'],
    ['the record was cut off', undefined, 'truncated'],
    ['the record was rehashed', 'h2', 'rewritten'],
  ] as const)('%s → %s', (_what, now, outcome) => {
    expect(checkHeadAgainstCheckpoint({ seq: 3, hash: 'h1' }, now)).toBe(outcome);
  });
});

describe('checkpointBuilder and inMerkleOrder', () => {
  it('builds the same statement head by head as checkpointStatement over the whole list', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 40 }), (ids) => {
        const heads = ids.map((id, i) => head(id, i % 5, sha(Buffer.from(id)).toString('hex'))).sort(compareHeads);
        const b = checkpointBuilder();
        heads.forEach((h) => b.add(h));
        const at = new Date('2026-01-01T00:00:00Z');
        expect(b.statement('x', at)).toEqual(checkpointStatement('x', at, heads));
      }),
    );
  });
  it('orders heads as compareHeads does, whether they come ascending, descending or shuffled', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 40 }), fc.integer(), (ids, seed) => {
        const want = ids.map((id) => head(id)).sort(compareHeads);
        const shuffled = [...want].sort(
          (a, b) => ((a.subjectId.length * 31 + seed) % 7) - ((b.subjectId.length * 31 + seed) % 7),
        );
        expect(inMerkleOrder([...want])).toEqual(want);
        expect(inMerkleOrder([...want].reverse())).toEqual(want);
        expect(inMerkleOrder(shuffled)).toEqual(want);
      }),
    );
  });
});

describe('bulk leaf hashing (the checkpoint thread)', () => {
  const headsOf = (ids: readonly string[]) =>
    ids.map((id, i) => head(id, (i * 7) % 13, sha(Buffer.from(id)).toString('hex'))).sort(compareHeads);

  it('writes the same leaf as chainHeadLeaf, also for ids JSON must escape', () => {
    const leaf = leafHashes();
    const out = Buffer.alloc(64);
    for (const subjectId of ['user-1', 'a"b\\c', '\u0001x', 'é\u2028', '\u{1F600}', '\ud800', 'x'.repeat(2_000)]) {
      const h = head(subjectId, 12);
      leaf(h, out, 32);
      expect(out.subarray(32)).toEqual(chainHeadLeaf(h));
    }
  });

  it('gives the root and counts of checkpointStatement at the edge sizes and at random', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    for (const n of [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 1023, 1024, 1025]) {
      const heads = headsOf(Array.from({ length: n }, (_, i) => `sub-${i}`));
      const { id: _id, at: _at, ...want } = checkpointStatement('x', at, heads);
      expect(checkpointSummary(heads)).toEqual(want);
    }
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 70 }), (ids) => {
        const heads = headsOf(ids);
        const { id: _id, at: _at, ...want } = checkpointStatement('x', at, heads);
        expect(checkpointSummary(heads)).toEqual(want);
      }),
    );
  });
});

describe('a tree kept from the previous checkpoint (the checkpoint thread)', () => {
  const headOf = (id: string, seq: number) => head(id, seq, sha(Buffer.from(`${id}/${seq}`)).toString('hex'));

  it('merkleLevels ends in merkleRoot for every number of leaves, with or without earlier levels', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 70 }),
        fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 70 }),
        (a, b) => {
          const before = merkleLevels(Buffer.concat(a), a.length);
          const after = merkleLevels(Buffer.concat(b), b.length, before);
          if (b.length > 0) expect(after[after.length - 1]!.toString('hex')).toBe(merkleRoot(b));
          expect(after[0]!.length).toBe(b.length * 32);
        },
      ),
    );
  });

  it('gives the root of a tree built afresh, and the heads that moved, after heads change, arrive and go', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('bump', 'drop', 'add')), { maxLength: 30 }),
        (ids, edits) => {
          const before = new Map(ids.map((id) => [id, headOf(id, 0)]));
          const after = new Map(before);
          edits.forEach(([n, edit], i) => {
            const id = ids.length > 0 ? ids[n % ids.length]! : `new-${i}`;
            if (edit === 'add') after.set(`${id}+${i}`, headOf(`${id}+${i}`, 0));
            else if (edit === 'drop') after.delete(id);
            else if (after.has(id)) after.set(id, headOf(id, after.get(id)!.seq + 1));
          });
          const sorted = (m: Map<string, ChainHead>) => [...m.values()].sort(compareHeads);
          const first = headsTree(sorted(before));
          expect(first.moved).toBeNull();
          const next = headsTree(sorted(after), first.tree);
          const { root, records, subjects } = checkpointSummary(sorted(after));
          expect(next.tree).toMatchObject({ root, records, subjects });
          const want = sorted(after).filter((h) => {
            const b = before.get(h.subjectId);
            return !b || b.seq !== h.seq || b.hash !== h.hash;
          });
          expect(next.moved).toEqual(want);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rehashes only the changed leaf and the nodes above it when no head arrives or goes', () => {
    const heads = Array.from({ length: 1_024 }, (_, i) => headOf(`s-${String(i).padStart(4, '0')}`, 0));
    const first = headsTree(heads);
    const changed = heads.map((h, i) => (i === 500 ? headOf(h.subjectId, 1) : h));
    const next = headsTree(changed, first.tree);
    expect(next.moved).toEqual([changed[500]]);
    expect(next.tree.root).toBe(checkpointSummary(changed).root);
    // Every level but the path from leaf 500 to the root keeps the earlier tree's bytes.
    next.tree.levels.forEach((level, depth) => {
      const differ = [];
      for (let j = 0; j < level.length / 32; j++)
        if (level.compare(first.tree.levels[depth]!, j * 32, j * 32 + 32, j * 32, j * 32 + 32) !== 0) differ.push(j);
      expect(differ).toEqual([500 >> depth]);
    });
  });

  it('withChanges gives the heads a full read would: changed heads replaced, new ones in order, the rest the same objects', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 60 }),
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 30 }),
        (ids, changedIds) => {
          const earlier = ids.map((id) => headOf(id, 0)).sort(compareHeads);
          const changes = changedIds.map((id) => headOf(id, ids.includes(id) ? 1 : 0)).sort(compareHeads);
          const byId = new Map(earlier.map((h) => [h.subjectId, h]));
          for (const c of changes) byId.set(c.subjectId, c);
          const merged = withChanges(earlier, changes);
          expect(merged).toEqual([...byId.values()].sort(compareHeads));
          const changedSet = new Set(changedIds);
          for (const h of merged) if (!changedSet.has(h.subjectId)) expect(earlier).toContain(h);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an empty tree has the empty root', () => {
    expect(headsTree([]).tree.root).toBe(merkleRoot([]));
    expect(headsTree([], headsTree([head('a')]).tree)).toMatchObject({ moved: [], tree: { root: merkleRoot([]) } });
  });
});
