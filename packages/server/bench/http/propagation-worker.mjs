// Scenario 7's downstream side and its driver, in one child process of the benchmark (never the
// server's): a webhook receiver that verifies every Standard Webhooks signature, an ordered JetStream
// consumer on stream ASSENT, and an open-loop writer that grants then withdraws consent over GraphQL
// HTTP. Every instant is read from this process's one clock, so "withdrawal returned" and "event
// arrived" compare without any clock skew between processes. After each withdrawal has returned, it
// asks `decide` for the same subject and purpose at once: any `allowed: true` is a stale permit.
import { Buffer } from 'node:buffer';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, DeliverPolicy } from 'nats';
import { Webhook } from 'standardwebhooks';

const WITHDRAWN = 'assent.consent.withdrawn';

/** Percentiles of a list of milliseconds (nearest rank). */
function summarize(values) {
  const a = Float64Array.from(values).sort();
  const at = (q) => (a.length ? a[Math.min(a.length - 1, Math.max(0, Math.ceil(q * a.length) - 1))] : NaN);
  return { count: a.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: a.length ? a[a.length - 1] : NaN };
}

/** When each withdrawal's event arrived, per channel, by record id. */
const arrivals = { webhook: new Map(), nats: new Map() };
/**
 * Per channel, the time from each withdrawal's recordedAt (the CloudEvent's time, stamped when the
 * write began, before its transaction committed, by the server's clock on this machine) to its
 * arrival: an upper bound of commit → arrival, where the answer → arrival figure is a lower bound.
 */
const sinceRecorded = { webhook: new Map(), nats: new Map() };
/** Wall-clock milliseconds of a performance.now() instant. */
const wall = (t) => performance.timeOrigin + t;
/** When JetStream stored each withdrawal's message (its own timestamp, on this process's timeline): splits the JetStream latency into publishing and consuming. */
const stored = new Map();
const badSignatures = { count: 0 };
let verifier = null;
let nc = null;

/** The webhook receiver: verify, note the arrival of withdrawals, answer 204 (any 2xx is success). */
function startReceiver() {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const body = Buffer.concat(chunks).toString('utf8');
      let event;
      try {
        event = verifier ? verifier.verify(body, req.headers) : JSON.parse(body);
      } catch {
        badSignatures.count++;
        res.writeHead(401).end();
        return;
      }
      if (event.type === WITHDRAWN && !arrivals.webhook.has(event.data.record.id)) {
        arrivals.webhook.set(event.data.record.id, at);
        sinceRecorded.webhook.set(event.data.record.id, wall(at) - Date.parse(event.time));
      }
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/** Reads every new message of stream ASSENT (no subject filter: nats-server 2.9 has no filter_subjects). */
async function startConsumer(url) {
  nc = await connect({ servers: url });
  const js = nc.jetstream();
  let consumer = null;
  for (let i = 0; i < 100 && !consumer; i++) {
    consumer = await js.consumers.get('ASSENT', { deliver_policy: DeliverPolicy.New }).catch(() => null);
    if (!consumer) await sleep(100);
  }
  if (!consumer)
    throw new Error('stream ASSENT did not appear on NATS within 10 s (is the server started with NATS_URL?)');
  const messages = await consumer.consume({ max_messages: 1000 });
  void (async () => {
    for await (const m of messages) {
      const at = performance.now();
      if (!m.subject.endsWith('.withdrawn')) continue;
      const event = m.json();
      if (!arrivals.nats.has(event.data.record.id)) {
        arrivals.nats.set(event.data.record.id, at);
        sinceRecorded.nats.set(event.data.record.id, wall(at) - Date.parse(event.time));
        stored.set(event.data.record.id, Number(m.info.timestampNanos) / 1e6 - performance.timeOrigin);
      }
    }
  })();
}

/** One POST to /graphql on a keep-alive agent; resolves with the parsed body and the instant it ended. */
function post(target, agent, headers, payload) {
  const body = JSON.stringify(payload);
  return new Promise((resolve) => {
    const req = http.request(
      target,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const at = performance.now();
          try {
            resolve({ at, status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (e) {
            resolve({ at, status: res.statusCode, error: String(e) });
          }
        });
      },
    );
    req.on('error', (e) => resolve({ at: performance.now(), status: 0, error: String(e) }));
    req.end(body);
  });
}

const CONSENT = (op) => `mutation W($i: ConsentInput!) { ${op}(input: $i) { id } }`;
const DECIDE = 'query D($s: ID!, $p: ID!) { decide(subjectId: $s, purposeKey: $p) { allowed reason } }';

/**
 * One repetition: `pairs.length` grant/withdraw cycles, operations due every 1000/rate ms (a
 * withdrawal also waits for its own grant to return, so it always withdraws a live consent), then
 * waits up to settleMs for every withdrawal's event on each channel.
 */
async function run({ url, token, pairs, rate, settleMs, withNats }) {
  const target = new URL('/graphql', url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const headers = { authorization: `Bearer ${token}` };
  const input = (p) => ({
    subjectId: p.subjectId,
    purposeKey: p.purposeKey,
    channel: 'API',
    method: 'bench/propagation',
    evidence: { source: 'bench' },
  });
  const returned = new Map();
  let writeErrors = 0;
  let trials = 0;
  let stale = 0;
  let decideErrors = 0;
  const firstError = { text: null };
  const noteError = (r) => {
    if (!firstError.text) firstError.text = r.error ?? JSON.stringify(r.json).slice(0, 400);
  };
  const intervalMs = 1000 / rate;
  const t0 = performance.now() + 20;
  const cycles = [];
  const started = performance.now();
  for (let k = 0; k < pairs.length; k++) {
    const p = pairs[k];
    const grantDue = t0 + 2 * k * intervalMs;
    const withdrawDue = grantDue + intervalMs;
    await sleep(Math.max(0, grantDue - performance.now()));
    const grant = post(target, agent, headers, { query: CONSENT('grantConsent'), variables: { i: input(p) } });
    cycles.push(
      (async () => {
        const g = await grant;
        if (g.status !== 200 || !g.json?.data?.grantConsent) {
          writeErrors++;
          noteError(g);
          return;
        }
        await sleep(Math.max(0, withdrawDue - performance.now()));
        const w = await post(target, agent, headers, { query: CONSENT('withdrawConsent'), variables: { i: input(p) } });
        const id = w.json?.data?.withdrawConsent?.id;
        if (w.status !== 200 || !id) {
          writeErrors++;
          noteError(w);
          return;
        }
        returned.set(id, w.at);
        // The withdrawal has returned: from now on no decision may allow this processing.
        const d = await post(target, agent, headers, { query: DECIDE, variables: { s: p.subjectId, p: p.purposeKey } });
        const decision = d.json?.data?.decide;
        if (d.status !== 200 || !decision) {
          decideErrors++;
          noteError(d);
          return;
        }
        trials++;
        if (decision.allowed) stale++;
      })(),
    );
  }
  await Promise.all(cycles);
  const seconds = (performance.now() - started) / 1000;
  const channels = withNats ? ['webhook', 'nats'] : ['webhook'];
  const deadline = performance.now() + settleMs;
  while (performance.now() < deadline && channels.some((c) => [...returned.keys()].some((id) => !arrivals[c].has(id))))
    await sleep(20);
  agent.destroy();
  const result = {
    withdrawals: returned.size,
    writeErrors,
    decideErrors,
    trials,
    stale,
    seconds,
    achievedOpsPerSecond: (2 * pairs.length) / seconds,
    firstError: firstError.text,
    badSignatures: badSignatures.count,
  };
  for (const c of channels) {
    const latencies = [];
    let missing = 0;
    let beforeAnswer = 0;
    for (const [id, at] of returned) {
      const arrived = arrivals[c].get(id);
      if (arrived === undefined) missing++;
      else {
        // An event can reach the consumer before the client has read the mutation's answer: that is 0 ms late.
        if (arrived < at) beforeAnswer++;
        latencies.push(Math.max(0, arrived - at));
      }
    }
    const fromRecorded = summarize(
      [...returned.keys()].filter((id) => sinceRecorded[c].has(id)).map((id) => sinceRecorded[c].get(id)),
    );
    result[c] = {
      ...summarize(latencies),
      missing,
      beforeAnswer,
      recordedP50: fromRecorded.p50,
      recordedP99: fromRecorded.p99,
    };
  }
  if (withNats) {
    const toStored = [];
    for (const [id, at] of returned) if (stored.has(id)) toStored.push(Math.max(0, stored.get(id) - at));
    result.nats.storedP50 = summarize(toStored).p50;
    result.nats.storedP99 = summarize(toStored).p99;
  }
  return result;
}

process.on('message', async (m) => {
  try {
    let result;
    if (m.type === 'listen') {
      const port = await startReceiver();
      if (m.natsUrl) await startConsumer(m.natsUrl);
      result = { webhookUrl: `http://127.0.0.1:${port}/assent-events` };
    } else if (m.type === 'secret') {
      verifier = new Webhook(m.secret);
      result = true;
    } else result = await run(m.options);
    process.send({ id: m.id, result });
  } catch (e) {
    process.send({ id: m.id, error: String(e?.stack ?? e) });
  }
});
process.on('disconnect', () => {
  void (nc ? nc.close() : Promise.resolve()).finally(() => process.exit(0));
});
process.send({ ready: true });
