// Scenario 10's Merkle part on synthetic chain heads (no database): CPU-seconds and wall-clock of a checkpoint's tree
// over `n` heads built afresh (core's headsTree without an earlier tree: what the first checkpoint of a thread does)
// and built from the tree the checkpoint thread kept (headsTree with the earlier tree: what each next checkpoint
// does), after `moved` of the heads changed (a new record) and `added` subjects arrived (spread over the order, so
// each insertion shifts what lies to its right). Alternating A/B, same heads; the kept-tree root is checked against a
// tree built afresh over the same heads.
// `npx tsx bench/checkpoint-synthetic.ts [heads=1000000] [pairs=2] [moved=20000] [added=2000]`.
import { createHash } from 'node:crypto';
import os from 'node:os';
import { compareHeads, headsTree, type ChainHead } from '@assent/core';

const n = Number(process.argv[2] ?? 1_000_000);
const pairs = Number(process.argv[3] ?? 2);
const movedCount = Number(process.argv[4] ?? 20_000);
const addedCount = Number(process.argv[5] ?? 2_000);

const hex = (s: string) => createHash('sha256').update(s).digest('hex');
const subject = (i: number) => createHash('sha256').update(`s${i}`).digest('base64url');
const before: ChainHead[] = [];
for (let i = 0; i < n; i++) before.push({ subjectId: subject(i), seq: i % 19, hash: hex(String(i)) });
before.sort(compareHeads);
const after = before.map((h, i) =>
  i % Math.max(1, Math.floor(n / movedCount)) === 0 ? { ...h, seq: h.seq + 1, hash: hex(`${h.hash}+`) } : h,
);
for (let i = 0; i < addedCount; i++) after.push({ subjectId: subject(n + i), seq: 0, hash: hex(`new${i}`) });
after.sort(compareHeads);

const cpuSec = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const kept = headsTree(before).tree;
const afresh = () => headsTree(after).tree.root;
const fromKept = () => headsTree(after, kept).tree.root;

const roots = new Set<string>();
for (let p = 0; p < pairs; p++) {
  const order = [
    ['afresh', afresh],
    ['from the kept tree', fromKept],
  ] as const;
  for (const [name, f] of p % 2 === 0 ? order : [...order].reverse()) {
    const load = os.loadavg()[0]!.toFixed(1);
    const c = cpuSec();
    const t = performance.now();
    roots.add(f());
    console.log(
      `${name}: ${after.length} heads (${movedCount} moved, ${addedCount} new), ${(cpuSec() - c).toFixed(2)} CPU-s, ${((performance.now() - t) / 1000).toFixed(2)} s wall (load average ${load})`,
    );
  }
}
if (roots.size !== 1) throw new Error('the two ways gave different roots');
console.log('same root both ways');
