// Scenario 10's Merkle part on synthetic chain heads (no database): CPU-seconds of the tree over `n` heads the way the
// server built it before the checkpoint thread (core's checkpointBuilder, a head at a time, sliced with yields) and
// the way the thread builds it now (core's checkpointSummary: leaves hashed in bulk, the tree in place), alternating
// A/B, same heads, same root checked. `npx tsx bench/checkpoint-synthetic.ts [heads=1000000] [pairs=2]`.
import { createHash } from 'node:crypto';
import os from 'node:os';
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { checkpointBuilder, checkpointSummary, compareHeads, type ChainHead } from '@assent/core';

const n = Number(process.argv[2] ?? 1_000_000);
const pairs = Number(process.argv[3] ?? 2);
const heads: ChainHead[] = [];
for (let i = 0; i < n; i++) {
  const hash = createHash('sha256').update(String(i)).digest('hex');
  heads.push({ subjectId: createHash('sha256').update(`s${i}`).digest('base64url'), seq: i % 19, hash });
}
heads.sort(compareHeads);

const cpuSec = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
async function before(): Promise<string> {
  const tree = checkpointBuilder();
  for (let i = 0; i < heads.length; i++) {
    if (i > 0 && i % 2_000 === 0) await yieldToOthers();
    tree.add(heads[i]!);
  }
  return tree.statement('x', new Date()).root;
}
const after = async (): Promise<string> => checkpointSummary(heads).root;

const roots = new Set<string>();
for (let p = 0; p < pairs; p++) {
  for (const [name, f] of p % 2 === 0
    ? ([
        ['before', before],
        ['after', after],
      ] as const)
    : ([
        ['after', after],
        ['before', before],
      ] as const)) {
    const load = os.loadavg()[0]!.toFixed(1);
    const c = cpuSec();
    const t = performance.now();
    roots.add(await f());
    console.log(
      `${name}: ${n} heads, ${(cpuSec() - c).toFixed(2)} CPU-s, ${((performance.now() - t) / 1000).toFixed(1)} s wall (load average ${load})`,
    );
  }
}
if (roots.size !== 1) throw new Error('the two ways gave different roots');
console.log('same root both ways');
