// The load generator: a child process of the benchmark (never the process being measured), driven
// over IPC. Two modes:
//  - closed loop (autocannon): N keep-alive connections, each sending its next request when the
//    previous answer arrives: the peak rate a server sustains;
//  - open loop (paced): requests sent on a fixed schedule whatever the server does, latency counted
//    from the instant each request was due (no coordinated omission), for tails at a given rate.
// Latencies are recorded with microsecond resolution here; autocannon's own histogram keeps whole
// milliseconds, too coarse for sub-millisecond medians.
import { Buffer } from 'node:buffer';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import autocannon from 'autocannon';

/** Percentiles of a list of milliseconds. */
function summarize(values) {
  const a = Float64Array.from(values).sort();
  const at = (q) => (a.length ? a[Math.min(a.length - 1, Math.max(0, Math.ceil(q * a.length) - 1))] : NaN);
  let sum = 0;
  for (const v of a) sum += v;
  return { count: a.length, mean: a.length ? sum / a.length : NaN, p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: a.length ? a[a.length - 1] : NaN };
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
          ok, bad, errors: result.errors, timeouts: result.timeouts, seconds,
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
    const agent = new http.Agent({ keepAlive: true, maxSockets });
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
    const t0 = performance.now() + 20;
    const finish = () => {
      agent.destroy();
      resolve({
        ok, bad, errors, sent, seconds: (performance.now() - t0) / 1000, rate,
        latencyMs: summarize(fromDue), serviceLatencyMs: summarize(fromSend), maxSendLagMs: maxLagMs,
      });
    };
    const fire = (due) => {
      const body = bodies[sent % bodies.length];
      sent++;
      const start = performance.now();
      maxLagMs = Math.max(maxLagMs, start - due);
      const req = http.request(target, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          const end = performance.now();
          if (res.statusCode >= 200 && res.statusCode < 300) {
            ok++;
            fromDue.push(end - due);
            fromSend.push(end - start);
          } else bad++;
          if (++done === total) finish();
        });
      });
      req.on('error', () => {
        errors++;
        if (++done === total) finish();
      });
      req.end(body);
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && t0 + sent * intervalMs <= now) fire(t0 + sent * intervalMs);
      if (sent < total) setTimeout(tick, Math.max(0, Math.min(1, t0 + sent * intervalMs - performance.now())));
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
