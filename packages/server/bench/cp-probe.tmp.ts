import { openChainHeadsReader } from '/work/main/packages/server/src/db/chain-heads-reader.ts';
import { checkpointSummary, inMerkleOrder, type ChainHead } from '@assent/core/merkle';
const [target, kind] = [process.argv[2]!, process.argv[3] as 'sqlite' | 'postgres'];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const r = await openChainHeadsReader(target, kind);
let t = performance.now(), c = cpu();
const heads: ChainHead[] = [];
let pages = 0;
for await (const page of r.chainHeads()) { for (const h of page) heads.push(h); if (++pages % 10 === 0) console.log(`  ${heads.length} heads, ${((performance.now() - t) / 1000).toFixed(1)} s`); }
console.log(`read ${heads.length} heads: ${((performance.now() - t) / 1000).toFixed(1)} s wall, ${(cpu() - c).toFixed(1)} CPU-s`);
t = performance.now(); c = cpu();
inMerkleOrder(heads); const s = checkpointSummary(heads);
console.log(`summary: ${((performance.now() - t) / 1000).toFixed(1)} s wall, ${(cpu() - c).toFixed(1)} CPU-s, root ${s.root.slice(0, 12)}`);
const upTo = Number(process.argv[4] ?? 0);
if (upTo) {
  t = performance.now(); c = cpu(); let n = 0;
  for await (const page of r.headsAt(upTo)) n += page.length;
  console.log(`headsAt(${upTo}) ${n}: ${((performance.now() - t) / 1000).toFixed(1)} s wall, ${(cpu() - c).toFixed(1)} CPU-s`);
}
await r.close();
