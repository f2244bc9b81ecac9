// CPU profiles as evidence: where a scenario spends its time, by package and by function. The same
// .cpuprofile format comes from `node --cpu-prof` (the server child) and from the inspector (in-process).
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
/** The V8 CPU profile format. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Self time by package and by function, in percent of the busy (non-idle) sampled time. */
export interface ProfileSummary {
  label: string;
  /** Busy (non-idle) time sampled, and the share of the window the thread was busy. */
  sampledMs: number;
  busyPct: number;
  byPackage: { name: string; pct: number }[];
  topFunctions: { name: string; where: string; pct: number }[];
  /** The longest stretches the thread was busy without a break (what holds up a request that arrives then), with what ran most in each. */
  longestBusy: { ms: number; mostly: string }[];
  file?: string;
}

const SQLITE_NATIVE = new Set(['get', 'run', 'all', 'iterate', 'exec', 'Statement', 'pragma', 'sqliteTransaction']);
const SOCKET_NATIVE = new Set([
  'writev',
  'writeUtf8String',
  'writeBuffer',
  'writeLatin1String',
  'onStreamRead',
  'shutdown',
]);

/** Who owns a frame: an npm package, a file of ours, a part of Node, or V8 itself. */
export function ownerOf(cf: CallFrame): string {
  const url = cf.url;
  if (!url) {
    if (cf.functionName.startsWith('(')) return cf.functionName;
    // Native frames carry no script: name the usual suspects so a profile reads without a lookup.
    if (SQLITE_NATIVE.has(cf.functionName)) return 'better-sqlite3 native (SQLite itself)';
    if (SOCKET_NATIVE.has(cf.functionName)) return 'socket I/O (native)';
    return 'native (V8 builtins)';
  }
  const pnpm = /node_modules\/\.pnpm\/([^/]+)\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pnpm) return pnpm[2]!;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return `node:${url.replace(/^node:(internal\/)?/, '').split('/')[0]}`;
  const ours = /packages\/([^/]+)\/(?:src\/)?(.*)$/.exec(url);
  if (ours) return ours[2]!.startsWith('generated/') ? 'Prisma generated client' : `assent ${ours[1]}/${ours[2]}`;
  return url.replace(/^file:\/\//, '');
}

/**
 * Summarizes a profile: self time per owner and the heaviest functions, over the busy samples of an
 * optional window (microseconds on the profile's clock; a server profile also holds its start-up).
 */
export function summarizeProfile(
  p: CpuProfile,
  label: string,
  opts: { top?: number; fromUs?: number; toUs?: number } = {},
): ProfileSummary {
  const top = opts.top ?? 12;
  const selfUs = new Map<number, number>();
  let t = p.startTime;
  let windowUs = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    t += dt;
    if ((opts.fromUs !== undefined && t < opts.fromUs) || (opts.toUs !== undefined && t > opts.toUs)) continue;
    windowUs += dt;
    selfUs.set(p.samples[i]!, (selfUs.get(p.samples[i]!) ?? 0) + dt);
  }
  // The inspector serializing the profile at Profiler.stop is sampled too: leave that subtree out.
  const excluded = new Set<number>();
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const exclude = (id: number) => {
    if (excluded.has(id)) return;
    excluded.add(id);
    for (const c of byId.get(id)?.children ?? []) exclude(c);
  };
  for (const n of p.nodes)
    if (n.callFrame.url === 'node:inspector' || n.callFrame.functionName === '(idle)') exclude(n.id);
  let total = 0;
  const byOwner = new Map<string, number>();
  const byFn = new Map<string, { name: string; where: string; us: number }>();
  for (const n of p.nodes) {
    const us = selfUs.get(n.id) ?? 0;
    if (!us || excluded.has(n.id)) continue;
    total += us;
    const owner = ownerOf(n.callFrame);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
    const name = n.callFrame.functionName || '(anonymous)';
    const key = `${name}@${n.callFrame.url}:${n.callFrame.lineNumber}`;
    const f = byFn.get(key) ?? {
      name,
      where: `${owner}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`,
      us: 0,
    };
    f.us += us;
    byFn.set(key, f);
  }
  const pct = (us: number) => Math.round((1000 * us) / Math.max(1, total)) / 10;
  // Busy stretches: consecutive non-idle samples inside the window.
  const idleIds = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const stretches: { us: number; owners: Map<string, number> }[] = [];
  let cur: { us: number; owners: Map<string, number> } | null = null;
  t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    t += dt;
    if ((opts.fromUs !== undefined && t < opts.fromUs) || (opts.toUs !== undefined && t > opts.toUs)) continue;
    const id = p.samples[i]!;
    if (idleIds.has(id) || excluded.has(id)) {
      if (cur) stretches.push(cur);
      cur = null;
      continue;
    }
    cur ??= { us: 0, owners: new Map() };
    cur.us += dt;
    const owner = ownerOf(byId.get(id)!.callFrame);
    cur.owners.set(owner, (cur.owners.get(owner) ?? 0) + dt);
  }
  if (cur) stretches.push(cur);
  const longestBusy = stretches
    .sort((a, b) => b.us - a.us)
    .slice(0, 3)
    .map((x) => ({
      ms: Math.round(x.us / 100) / 10,
      mostly: [...x.owners]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([o, us]) => `${o} ${Math.round((100 * us) / x.us)}%`)
        .join(', '),
    }));
  return {
    label,
    sampledMs: total / 1000,
    busyPct: Math.round((1000 * total) / Math.max(1, windowUs)) / 10,
    byPackage: [...byOwner]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, pct: pct(us) })),
    topFunctions: [...byFn.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, pct: pct(f.us) })),
    longestBusy,
  };
}

/** Profiles fn in this process with the inspector (100 µs sampling) and writes the .cpuprofile. */
export async function profileInProcess(file: string, fn: () => Promise<void>): Promise<CpuProfile> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    await fn();
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    fs.writeFileSync(file, JSON.stringify(profile));
    return profile;
  } finally {
    session.disconnect();
  }
}

/** A summary as markdown lines. */
export function profileMarkdown(s: ProfileSummary): string {
  const pk = s.byPackage.map((p) => `${p.name} ${p.pct}%`).join(', ');
  const fns = s.topFunctions
    .slice(0, 8)
    .map((f) => `\`${f.name}\` (${f.where}) ${f.pct}%`)
    .join('; ');
  // Busy stretches only say something when the thread was not saturated (an open-loop run).
  const busy =
    s.busyPct < 90 && s.longestBusy.length
      ? `\n  - longest busy stretches (a request arriving then waits): ${s.longestBusy.map((b) => `${b.ms} ms (${b.mostly})`).join('; ')}`
      : '';
  return `- **${s.label}** (${Math.round(s.sampledMs)} ms of CPU sampled, thread busy ${s.busyPct}% of the time${s.file ? `, \`${s.file}\`` : ''})\n  - self time by owner: ${pk}\n  - heaviest functions: ${fns}${busy}`;
}
