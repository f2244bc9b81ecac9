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
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import autocannon from 'autocannon';

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

function openLoop({ url, path, headers, bodies, rate, durationSec, maxSockets }) {
  return new Promise((resolve) => {
    const target = new URL(path, url);
    const extra = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    // Requests serialized once: per request the generator writes a buffer and scans one response's
    // head. (node:http's client spent enough CPU per request that, at a few thousand requests a second,
    // it took a good part of the second core away from the server under test.)
    const requests = bodies.map((b) =>
      Buffer.from(
        `POST ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(b)}\r\n${extra}\r\n${b}`,
      ),
    );
    const total = Math.max(1, Math.round(rate * durationSec));
    const intervalMs = 1000 / rate;
    const fromDue = [];
    const fromSend = [];
    let sent = 0;
    let done = 0;
    let ok = 0;
    let bad = 0;
    let errors = 0;
    let maxLagMs = 0;
    let open = 0;
    const idle = [];
    const waiting = [];
    const sockets = new Set();
    const t0 = performance.now() + 20;
    const finish = () => {
      for (const s of sockets) s.destroy();
      resolve({
        ok,
        bad,
        errors,
        sent,
        seconds: (performance.now() - t0) / 1000,
        rate,
        latencyMs: summarize(fromDue),
        serviceLatencyMs: summarize(fromSend),
        maxSendLagMs: maxLagMs,
      });
    };
    const complete = () => {
      if (++done === total) finish();
    };
    const send = (c, due) => {
      c.busy = true;
      c.due = due;
      c.start = performance.now();
      maxLagMs = Math.max(maxLagMs, c.start - due);
      c.socket.write(requests[(c.index = sent++ % requests.length)]);
    };
    const release = (c) => {
      if (waiting.length) send(c, waiting.shift());
      else idle.push(c);
    };
    const connect = () => {
      open++;
      const socket = net.connect(Number(target.port || 80), target.hostname);
      socket.setNoDelay(true);
      sockets.add(socket);
      const c = { socket, buf: null, busy: false, due: 0, start: 0, index: 0 };
      socket.on('connect', () => release(c));
      socket.on('data', (d) => {
        const buf = c.buf ? Buffer.concat([c.buf, d]) : d;
        const headEnd = buf.indexOf('\r\n\r\n');
        if (headEnd === -1) return void (c.buf = buf);
        const head = buf.toString('latin1', 0, headEnd);
        const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
        const length = m ? Number(m[1]) : 0;
        if (buf.length < headEnd + 4 + length) return void (c.buf = buf);
        c.buf = null;
        const end = performance.now();
        const status = Number(head.slice(9, 12));
        if (status >= 200 && status < 300 && m) {
          ok++;
          fromDue.push(end - c.due);
          fromSend.push(end - c.start);
        } else bad++;
        c.busy = false;
        complete();
        release(c);
      });
      const lost = () => {
        sockets.delete(socket);
        open--;
        const i = idle.indexOf(c);
        if (i !== -1) idle.splice(i, 1);
        if (c.busy) {
          c.busy = false;
          errors++;
          complete();
        }
        if (waiting.length && open < maxSockets) connect();
      };
      socket.on('error', () => {});
      socket.on('close', lost);
    };
    const fire = (due) => {
      const c = idle.pop();
      if (c) return send(c, due);
      waiting.push(due);
      if (open < maxSockets) connect();
    };
    const tick = () => {
      const now = performance.now();
      let i = sent + waiting.length;
      while (i < total && t0 + i * intervalMs <= now) fire(t0 + i++ * intervalMs);
      if (i < total) setTimeout(tick, Math.max(0, Math.min(1, t0 + i * intervalMs - performance.now())));
    };
    setTimeout(tick, 20);
  });
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
