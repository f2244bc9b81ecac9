import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { headsTree, type ChainHead } from '@assent/core/merkle';
import { bulkSha256 } from './bulk-sha256.ts';

describe('bulkSha256', () => {
  it("gives node:crypto's SHA-256 bytes for any input, written where asked", async () => {
    const hash = await bulkSha256();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(64), (data, at) => {
        const out = new Uint8Array(at + 32 + 5);
        hash(data, out, at);
        expect(Buffer.from(out.subarray(at, at + 32))).toEqual(createHash('sha256').update(data).digest());
        expect(out.subarray(0, at).every((b) => b === 0) && out.subarray(at + 32).every((b) => b === 0)).toBe(true);
      }),
    );
  });

  it("gives core's headsTree the same levels and root as node:crypto, afresh and from an earlier tree", async () => {
    const hash = await bulkSha256();
    const head = (i: number, seq = 0): ChainHead => ({
      subjectId: `ps_${String(i).padStart(5, '0')}`,
      seq,
      hash: randomBytes(32).toString('hex'),
    });
    const heads = Array.from({ length: 1001 }, (_, i) => head(i));
    const a = headsTree(heads);
    const b = headsTree(heads, null, hash);
    expect(b.tree.root).toBe(a.tree.root);
    expect(b.tree.levels).toEqual(a.tree.levels);
    const later = heads.map((h, i) => (i % 97 === 0 ? head(i, 1) : h)).concat([head(5000)]);
    expect(headsTree(later, b.tree, hash).tree.root).toBe(headsTree(later).tree.root);
  });
});
