// Scenario 11 (issue #19): heap allocated per `decide` over HTTP, on the decide fast path and on Apollo's path
// (a second server with ASSENT_DECIDE_FAST_PATH=off, same database), next to a bare node:http handler that answers
// a constant of the same size. Everything runs in one child process started with --expose-gc and a young
// generation large enough that a batch of requests fits in it: each batch starts after a full GC, and the growth of
// the used heap over the batch, divided by its requests, is one sample. A batch during which V8 collected anything
// (a PerformanceObserver sees every GC) is discarded. The client is a raw socket writing prepared request bytes, so
// what it allocates (the response chunks, a few hundred bytes) is small and the same for every contender; the
// servers' background timers allocate too (the same per second for each): the figures are upper bounds.
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { benchEnv, BENCH_ADMIN_TOKEN } from '../lib/core.ts';
import { fmtInt, log } from '../lib/log.ts';
import type { Options } from '../lib/options.ts';
import type { Row } from '../lib/report.ts';
import { reps, rotate, type Reps } from '../lib/stats.ts';
import { decideBodies, randomPairs } from '../lib/workload.ts';

type Contender = 'fastPath' | 'apollo' | 'bare';
const CONTENDERS: readonly Contender[] = ['fastPath', 'apollo', 'bare'];
/** Requests per batch (one sample), spread over CONNECTIONS keep-alive sockets. */
const BATCH = 400;
const CONNECTIONS = 4;
/** Young generation of the child (MB per semi-space): a batch of ~50 KB requests fits without a scavenge. */
const SEMI_SPACE_MB = 64;
/** The fast path's target (the issue): bytes per decide. */
const TARGET_BYTES = 5 * 1024;

/** What scenario 11 measured: bytes allocated per decide, per batch, by contender. */
export interface AllocationMeasurements {
  callsPerContender: number;
  batch: number;
  bytesPerDecide: Record<Contender, Reps>;
  /** Of those, what was still alive after two scavenges once the batch was answered (promoted: kept by something). */
  survivingPerDecide: Record<Contender, Reps>;
  /** Batches thrown away because a GC ran during them. */
  discarded: Record<Contender, number>;
}

/** Runs scenario 11 in a child process against a seeded database. */
export async function allocationPhase(
  o: Options,
  databaseUrl: string,
  subjects: number,
): Promise<AllocationMeasurements> {
  const calls = o.smoke ? 2_000 : o.quick ? 8_000 : 100_000;
  log(`  11. heap allocated per decide: fast path vs Apollo's path vs bare node:http, ${fmtInt(calls)} calls each`);
  const args = JSON.stringify({ databaseUrl, subjects, calls, seed: o.seed });
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      `--min-semi-space-size=${SEMI_SPACE_MB}`,
      `--max-semi-space-size=${SEMI_SPACE_MB}`,
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      args,
    ],
    {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => void (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const last = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !last.startsWith('{'))
    throw new Error(`scenario 11's child failed (exit ${code}):\n${out.slice(-2000)}`);
  const m = JSON.parse(last) as AllocationMeasurements;
  log(
    `     bytes/decide (median): ${CONTENDERS.map((c) => `${c} ${fmtInt(m.bytesPerDecide[c].median)} (${fmtInt(m.survivingPerDecide[c].median)} surviving two scavenges)`).join(', ')}; discarded batches: ${CONTENDERS.map((c) => m.discarded[c]).join('/')}`,
  );
  return m;
}

/** Scenario 11's rows of the results table. */
export function allocationRows(m: AllocationMeasurements): Row[] {
  const b = m.bytesPerDecide;
  return [
    {
      id: '11a',
      scenario: `heap allocated per \`decide\` over HTTP on the decide fast path (server and raw-socket client, median of batches of ${m.batch})`,
      value: b.fastPath,
      unit: 'bytes',
      baseline: { name: "the same on Apollo's path (ASSENT_DECIDE_FAST_PATH=off)", value: b.apollo, unit: 'bytes' },
      ratio: b.fastPath.median / b.apollo.median,
      target: '≤ 5 KB',
      pass: b.fastPath.median <= TARGET_BYTES,
    },
    {
      id: '11c',
      scenario: 'of that, bytes per `decide` still alive after two scavenges once its batch was answered (fast path)',
      value: m.survivingPerDecide.fastPath,
      unit: 'bytes',
      baseline: { name: "the same on Apollo's path", value: m.survivingPerDecide.apollo, unit: 'bytes' },
      ratio: m.survivingPerDecide.fastPath.median / m.survivingPerDecide.apollo.median,
      target: 'report',
      pass: null,
    },
    {
      id: '11b',
      scenario: 'heap allocated per request by a bare node:http handler with a constant answer (the floor)',
      value: b.bare,
      unit: 'bytes',
      baseline: { name: 'the decide fast path', value: b.fastPath, unit: 'bytes' },
      ratio: b.bare.median / b.fastPath.median,
      target: 'report',
      pass: null,
    },
  ];
}

const summary = (by: Record<Contender, number[]>) =>
  Object.fromEntries(
    CONTENDERS.map((c) => [c, by[c].length ? reps(by[c]) : { median: NaN, min: NaN, max: NaN, values: [] }]),
  ) as Record<Contender, Reps>;

/** A keep-alive socket that sends prepared requests one after another and waits for each whole answer. */
function rawConnection(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  let head = '';
  let remaining = -1;
  let status = 0;
  let done: ((status: number) => void) | null = null;
  socket.on('data', (chunk: Buffer) => {
    let body = chunk.length;
    if (remaining < 0) {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      status = Number(head.slice(9, 12));
      remaining = Number(/content-length: (\d+)/i.exec(head)![1]);
      body = head.length - end - 4;
      head = '';
    }
    remaining -= body;
    if (remaining <= 0) {
      remaining = -1;
      const d = done!;
      done = null;
      d(status);
    }
  });
  return {
    ready: new Promise<void>((resolve) => socket.once('connect', () => resolve())),
    send(request: Buffer): Promise<number> {
      return new Promise((resolve) => {
        done = resolve;
        socket.write(request);
      });
    },
    close: () => socket.destroy(),
  };
}

function requestBytes(port: number, body: string, token: string): Buffer {
  return Buffer.from(
    `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The child: two servers and the bare handler in this process, measured batch by batch in rotating order. */
async function child(args: { databaseUrl: string; subjects: number; calls: number; seed: number }) {
  const { parseEnv } = await import('../../src/env.ts');
  const { startApp } = await import('../../src/http/server.ts');
  const { createLogger } = await import('../../src/logger.ts');
  const gc = (globalThis as { gc?: (o?: { type: 'minor' | 'major' }) => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const env = (fastPath: 'on' | 'off') =>
    parseEnv({
      ...benchEnv(args.databaseUrl),
      PORT: '0',
      ASSENT_DISPATCHER: 'off',
      ASSENT_WARM_PROJECTION: 'off',
      ASSENT_DECIDE_FAST_PATH: fastPath,
    });
  const fast = await startApp(env('on'), { logger: createLogger('warn') });
  const apollo = await startApp(env('off'), { logger: createLogger('warn') });
  const answer = Buffer.from(
    JSON.stringify({ data: { decide: { allowed: true, reason: 'CONSENT_GRANTED', legalBasis: 'CONSENT' } } }),
  );
  const bare = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': answer.length });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  // A contender's sockets wait while the others run: none may be closed as idle meanwhile.
  for (const s of [fast.server, apollo.server, bare]) s.keepAliveTimeout = 600_000;
  const portOf = (url: string) => Number(new URL(url).port);
  const ports: Record<Contender, number> = {
    fastPath: portOf(fast.url),
    apollo: portOf(apollo.url),
    bare: (bare.address() as net.AddressInfo).port,
  };

  const created = await fetch(`${fast.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
    body: JSON.stringify({ query: 'mutation { createApiKey(role: SERVICE, name: "bench allocation") { secret } }' }),
  });
  const token = ((await created.json()) as { data: { createApiKey: { secret: string } } }).data.createApiKey.secret;
  const bodies = decideBodies(randomPairs(2_000, args.subjects, args.seed + 11));
  const prepared = Object.fromEntries(
    CONTENDERS.map((c) => [c, bodies.map((b) => requestBytes(ports[c], b, token))]),
  ) as Record<Contender, Buffer[]>;
  const connections = Object.fromEntries(
    CONTENDERS.map((c) => [c, Array.from({ length: CONNECTIONS }, () => rawConnection(ports[c]))]),
  ) as Record<Contender, ReturnType<typeof rawConnection>[]>;
  for (const c of CONTENDERS) await Promise.all(connections[c].map((s) => s.ready));

  let next = 0;
  const batch = async (c: Contender, n: number) => {
    await Promise.all(
      connections[c].map(async (s) => {
        for (let i = 0; i < n / CONNECTIONS; i++) {
          const status = await s.send(prepared[c][next++ % bodies.length]!);
          if (status !== 200) throw new Error(`${c} answered HTTP ${status}`);
        }
      }),
    );
  };
  // Warm: the fast path learns the document and caches the key, V8 optimizes every contender.
  for (const c of CONTENDERS) await batch(c, 1_200);

  let collections = 0;
  const observer = new PerformanceObserver((list) => void (collections += list.getEntries().length));
  observer.observe({ entryTypes: ['gc'] });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
  const samples: Record<Contender, number[]> = { fastPath: [], apollo: [], bare: [] };
  const surviving: Record<Contender, number[]> = { fastPath: [], apollo: [], bare: [] };
  const discarded: Record<Contender, number> = { fastPath: 0, apollo: 0, bare: 0 };
  const batches = Math.ceil(args.calls / BATCH);
  for (let i = 0; i < batches; i++)
    for (const c of rotate(CONTENDERS, i)) {
      gc();
      await settle();
      const seen = collections;
      const before = process.memoryUsage().heapUsed;
      await batch(c, BATCH);
      const after = process.memoryUsage().heapUsed;
      await settle();
      const clean = collections === seen && after > before;
      // Two scavenges: what is still young or promoted after them is kept by something past its request.
      gc({ type: 'minor' });
      gc({ type: 'minor' });
      const kept = process.memoryUsage().heapUsed;
      if (!clean) discarded[c]++;
      else {
        samples[c].push((after - before) / BATCH);
        surviving[c].push(Math.max(0, kept - before) / BATCH);
      }
    }
  observer.disconnect();
  for (const c of CONTENDERS) for (const s of connections[c]) s.close();
  await fast.close();
  await apollo.close();
  bare.close();
  const result: AllocationMeasurements = {
    callsPerContender: batches * BATCH,
    batch: BATCH,
    bytesPerDecide: summary(samples),
    survivingPerDecide: summary(surviving),
    discarded,
  };
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
  process.exit(0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  child(JSON.parse(process.argv[2]!) as Parameters<typeof child>[0]).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
