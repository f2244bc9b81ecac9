// The load generator: a child process of the benchmark (never the process being measured), driven
// over IPC. Two modes:
//  - closed loop (autocannon): N keep-alive connections, each sending its next request when the
//    previous answer arrives: the peak rate a server sustains;
//  - open loop (paced): requests sent on a fixed schedule whatever the server does, latency counted
//    from the instant each request was due (no coordinated omission), for tails at a given rate;
//    HTTP/1.1 keep-alive over raw sockets, up to maxSockets, one request in flight per socket (a
//    request due while every socket is busy waits for one, and that wait counts).
// Latencies are recorded with microsecond resolution here; autocannon's own histogram keeps whole
// milliseconds, too coarse for sub-millisecond medians.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setImmediate, setTimeout } from 'node:timers';
import autocannon from 'autocannon';
import { BENCH_ID_HEADER, monotonicOffsetMs } from '../../src/http/bench-probe.ts';
import { dueAt, dueBy, DEFAULT_WINDOWS, nextStep } from '../lib/pacer.ts';

/** Percentiles of a list of milliseconds. */
function summarize(values) {
  const a = Float64Array.from(values).sort();
  const at = (q) => (a.length ? a[Math.min(a.length - 1, Math.max(0, Math.ceil(q * a.length) - 1))] : NaN);
  let sum = 0;
  for (const v of a) sum += v;
  return {
    count: a.length,
    mean: a.length ? sum / a.length : NaN,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    p999: at(0.999),
    max: a.length ? a[a.length - 1] : NaN,
  };
}

function closedLoop({ url, path, headers, bodies, connections, durationSec }) {
  return new Promise((resolve, reject) => {
    let i = 0;
    const latencies = [];
    let ok = 0;
    let bad = 0;
    const started = performance.now();
    const instance = autocannon(
      {
        url,
        connections,
        duration: durationSec,
        pipelining: 1,
        requests: [
          {
            method: 'POST',
            path,
            headers: { 'content-type': 'application/json', ...headers },
            setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }),
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        const seconds = (performance.now() - started) / 1000;
        resolve({
          ok,
          bad,
          errors: result.errors,
          timeouts: result.timeouts,
          seconds,
          rps: ok / seconds,
          latencyMs: summarize(latencies),
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) {
        ok++;
        latencies.push(responseTime);
      } else bad++;
    });
  });
}

/** A request's bytes with the generator's number in header x-bench-id (the server's probe joins on it). */
function numbered(template, id) {
  const digits = String(id);
  const b = Buffer.allocUnsafe(template.head.length + digits.length + template.tail.length);
  template.head.copy(b, 0);
  b.write(digits, template.head.length, 'latin1');
  template.tail.copy(b, template.head.length + digits.length);
  return b;
}

/**
 * Open loop: `connections` keep-alive sockets are opened and each warmed with a few requests before t0;
 * then request i is due at t0 + i / rate (bench/lib/pacer.ts). The pacer sleeps on a timer until a
 * millisecond before a due instant, busy-waits on the clock through the event loop until the last
 * few microseconds (answers are still read as they arrive), then spins. A request due while every
 * socket is busy waits for one (or a new one, up to maxSockets), and that wait counts as lateness.
 * Every instant is on the machine's monotonic clock (as the server's probe records them); per request
 * the generator writes id, due, sent and received (ms; NaN when it failed) to recordFile.
 */
async function openLoop({
  url,
  path,
  headers,
  bodies,
  rate,
  durationSec,
  maxSockets,
  connections = maxSockets,
  firstId = 0,
  recordFile = null,
}) {
  const target = new URL(path, url);
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  // Requests serialized once but for their number: per request the generator copies one buffer and
  // scans one response's head. (node:http's client spent enough CPU per request that, at a few thousand
  // requests a second, it took a good part of the second core away from the server under test.)
  const head = (b) =>
    `POST ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(b)}\r\n${extra}`;
  const templates = bodies.map((b) => ({
    head: Buffer.from(`${head(b)}${BENCH_ID_HEADER}: `, 'latin1'),
    tail: Buffer.from(`\r\n\r\n${b}`),
  }));
  const plain = bodies.map((b) => Buffer.from(`${head(b)}\r\n${b}`));
  const total = Math.max(1, Math.round(rate * durationSec));
  const intervalMs = 1000 / rate;
  const offset = monotonicOffsetMs();
  const now = () => performance.now() + offset;
  /** id, due, sent, received per request. */
  const records = new Float64Array(total * 4).fill(NaN);
  let sent = 0;
  let done = 0;
  let ok = 0;
  let bad = 0;
  let errors = 0;
  let open = 0;
  let openedLate = 0;
  let measuring = false;
  const idle = [];
  const waiting = [];
  const sockets = new Set();
  let t0 = Infinity;
  let onWarm = null;
  let warmFailed = null;
  let finish = null;
  const finished = new Promise((resolve) => (finish = resolve));
  const complete = () => {
    if (++done === total) finish();
  };
  const send = (c, due) => {
    c.busy = true;
    const i = sent++;
    c.record = i * 4;
    records[c.record] = firstId + i;
    records[c.record + 1] = due;
    c.socket.write(numbered(templates[i % templates.length], firstId + i));
    records[c.record + 2] = now();
  };
  const release = (c) => {
    if (!measuring) return void onWarm?.(c);
    if (waiting.length) send(c, waiting.shift());
    else idle.push(c);
  };
  const connect = () => {
    open++;
    const socket = net.connect(Number(target.port || 80), target.hostname);
    socket.setNoDelay(true);
    sockets.add(socket);
    const c = { socket, buf: null, busy: false, record: -1 };
    socket.on('connect', () => release(c));
    socket.on('data', (d) => {
      const buf = c.buf ? Buffer.concat([c.buf, d]) : d;
      const headEnd = buf.indexOf('\r\n\r\n');
      if (headEnd === -1) return void (c.buf = buf);
      const responseHead = buf.toString('latin1', 0, headEnd);
      const m = /\r\ncontent-length:\s*(\d+)/i.exec(responseHead);
      const length = m ? Number(m[1]) : 0;
      if (buf.length < headEnd + 4 + length) return void (c.buf = buf);
      c.buf = null;
      const end = now();
      c.busy = false;
      if (c.record < 0) return void release(c);
      const status = Number(responseHead.slice(9, 12));
      if (status >= 200 && status < 300 && m) {
        ok++;
        records[c.record + 3] = end;
      } else bad++;
      c.record = -1;
      complete();
      release(c);
    });
    const lost = () => {
      sockets.delete(socket);
      open--;
      const i = idle.indexOf(c);
      if (i !== -1) idle.splice(i, 1);
      if (!measuring)
        return void warmFailed?.(new Error(`a connection to ${target.host} closed while it was being warmed`));
      if (c.busy && c.record >= 0) {
        c.busy = false;
        errors++;
        complete();
      }
      if (measuring && waiting.length && open < maxSockets) {
        openedLate++;
        connect();
      }
    };
    socket.on('error', () => {});
    socket.on('close', lost);
    return c;
  };

  // Before t0: every connection open and warmed (three requests each, not numbered, not counted).
  await new Promise((resolve, reject) => {
    warmFailed = reject;
    let warm = 0;
    const want = Math.max(1, Math.min(connections, maxSockets));
    const rounds = new Map();
    onWarm = (c) => {
      const n = (rounds.get(c) ?? 0) + 1;
      rounds.set(c, n);
      if (n <= 3) {
        c.busy = true;
        c.socket.write(plain[n % plain.length]);
        return;
      }
      idle.push(c);
      if (++warm === want) resolve();
    };
    for (let i = 0; i < want; i++) connect();
  });
  const warmRequests = 3 * sockets.size;
  onWarm = null;
  warmFailed = null;
  measuring = true;
  const cpu = process.cpuUsage();
  t0 = now() + 2;
  const fire = (due) => {
    const c = idle.shift();
    if (c) return send(c, due);
    waiting.push(due);
    if (open < maxSockets) {
      openedLate++;
      connect();
    }
  };
  let next = 0;
  const tick = () => {
    for (;;) {
      const step = nextStep(dueAt(t0, next, intervalMs) - now(), DEFAULT_WINDOWS);
      if (step.kind === 'fire') {
        const upTo = dueBy(t0, now(), intervalMs, total);
        while (next < upTo) fire(dueAt(t0, next++, intervalMs));
        if (next >= total) return;
      } else if (step.kind === 'spin') continue;
      else if (step.kind === 'poll') return void setImmediate(tick);
      else return void setTimeout(tick, step.ms);
    }
  };
  tick();
  await finished;
  const cpuUsed = process.cpuUsage(cpu);
  const seconds = (now() - t0) / 1000;
  for (const s of sockets) s.destroy();
  const fromDue = [];
  const lateness = [];
  for (let r = 0; r < records.length; r += 4) {
    lateness.push(records[r + 2] - records[r + 1]);
    if (!Number.isNaN(records[r + 3])) fromDue.push(records[r + 3] - records[r + 1]);
  }
  if (recordFile) fs.writeFileSync(recordFile, new Uint8Array(records.buffer, records.byteOffset, records.byteLength));
  return {
    ok,
    bad,
    errors,
    sent,
    seconds,
    rate,
    firstId,
    latencyMs: summarize(fromDue),
    latenessMs: summarize(lateness),
    connectionsOpenedLate: openedLate,
    warmRequests,
    generatorCpuPct: (100 * (cpuUsed.user + cpuUsed.system)) / 1000 / (seconds * 1000),
  };
}

process.on('message', async (m) => {
  try {
    const result = m.type === 'closed' ? await closedLoop(m.options) : await openLoop(m.options);
    process.send({ id: m.id, result });
  } catch (e) {
    process.send({ id: m.id, error: String(e?.stack ?? e) });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
