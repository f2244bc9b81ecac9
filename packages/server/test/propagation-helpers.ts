import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { connect, DeliverPolicy, type NatsConnection } from 'nats';
import { Webhook } from 'standardwebhooks';
import { expect } from 'vitest';
import { repoRoot } from '../src/env.ts';
import { ADMIN_TOKEN } from './harness.ts';

/** The CloudEvent fields the tests read (record is absent on notice events). */
export interface TestEvent {
  id: string;
  type: string;
  subject?: string;
  time: string;
  data: { record: { id: string; subjectId: string; evidence?: unknown }; notice?: { id: string } };
}

/** One request a test receiver got, with the status it answered. */
export interface ReceivedRequest {
  headers: Record<string, string>;
  body: string;
  event: TestEvent;
  status: number;
  at: number;
}

/** A local webhook receiver whose answer a test controls (the n-th request is 1-based). */
export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Requests that were answered 2xx. */
  delivered(): ReceivedRequest[];
  answer: (n: number, req: ReceivedRequest) => number;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 (loopback targets are allowed by the contract). */
export async function startReceiver(answer: Receiver['answer'] = () => 200): Promise<Receiver> {
  const r: Receiver = {
    url: '',
    requests: [],
    answer,
    delivered: () => r.requests.filter((q) => q.status >= 200 && q.status < 300),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let event: ReceivedRequest['event'];
      try {
        event = JSON.parse(body);
      } catch {
        event = { id: '', type: '', time: '', data: {} as TestEvent['data'] };
      }
      const q: ReceivedRequest = {
        headers: req.headers as Record<string, string>,
        body,
        event,
        status: 0,
        at: Date.now(),
      };
      q.status = r.answer(r.requests.length + 1, q);
      r.requests.push(q);
      res.writeHead(q.status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return r;
}

/** Verifies a request's Standard Webhooks signature with the secret; throws when it does not match. */
export function verifySignature(secret: string, q: ReceivedRequest): void {
  new Webhook(secret).verify(q.body, {
    'webhook-id': q.headers['webhook-id']!,
    'webhook-timestamp': q.headers['webhook-timestamp']!,
    'webhook-signature': q.headers['webhook-signature']!,
  });
}

/** Polls until `check` returns a truthy value (returned), or fails after `timeoutMs` with `what`. */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GraphQL documents the propagation tests use. */
export const Q = {
  register:
    'mutation($i: WebhookInput!) { registerWebhook(input: $i) { secret webhook { id url purposeKeys eventTypes status disabledReason createdAt } } }',
  webhooks: '{ webhooks { id url purposeKeys eventTypes status disabledReason } }',
  deliveries:
    'query($id: ID!, $first: Int) { webhookDeliveries(webhookId: $id, first: $first) { id eventId eventType status attempts lastAttemptAt lastResponseStatus nextAttemptAt } }',
  disable: 'mutation($id: ID!) { disableWebhook(id: $id) { id status disabledReason } }',
  enable: 'mutation($id: ID!) { enableWebhook(id: $id) { id status disabledReason } }',
  replay: 'mutation($id: ID!, $since: DateTime!) { replayWebhookDeliveries(webhookId: $id, since: $since) }',
  grant: 'mutation($i: ConsentInput!) { grantConsent(input: $i) { id subjectId purposeKey recordedAt } }',
  withdraw: 'mutation($i: ConsentInput!) { withdrawConsent(input: $i) { id subjectId purposeKey recordedAt } }',
};

/** The input of a consent write by a staff or service actor. */
export const consentInput = (subjectId: string, purposeKey: string) => ({
  subjectId,
  purposeKey,
  channel: 'API',
  method: 'propagation-test',
  evidence: { source: 'test' },
});

/** A free TCP port on 127.0.0.1. */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });

/** The real server as a child process (`node --import tsx src/main.ts`), to kill it like a crash would. */
export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  output: () => string;
  /** SIGKILL, and resolves once the process is gone. */
  kill(): Promise<void>;
}

/** Starts the server in a child process on `env.DATABASE_URL` and waits (up to readyTimeoutMs) until /healthz answers. */
export async function spawnServer(env: Record<string, string>, readyTimeoutMs = 30_000): Promise<ServerProcess> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.join(repoRoot, 'packages/server'),
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      ASSENT_ADMIN_TOKEN: ADMIN_TOKEN,
      ASSENT_SEED: 'demo',
      LOG_LEVEL: 'warn',
      // Spawned by the dozen (crash and soak loops): the warm-up's CPU would only slow each start.
      ASSENT_WARMUP: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  await waitFor(
    `the server on ${url} (output so far: ${out.slice(-500)})`,
    async () => {
      if (proc.exitCode !== null) throw new Error(`the server exited: ${out}`);
      return fetch(`${url}/healthz`)
        .then((r) => r.ok)
        .catch(() => false);
    },
    readyTimeoutMs,
    200,
  );
  return {
    url,
    proc,
    output: () => out,
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** A GraphQL call as the bootstrap admin; network errors come back as { networkError }. */
export async function gqlAt<T = unknown>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ status: number; data?: T | null; errors?: unknown[]; networkError?: string }> {
  try {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    return { status: res.status, data: body.data, errors: body.errors };
  } catch (e) {
    return { status: 0, networkError: (e as Error).message };
  }
}

/** A message read from stream ASSENT. */
export interface Seen {
  subject: string;
  msgId: string | undefined;
  contentType: string | undefined;
  event: Partial<TestEvent> & { id: string; type: string };
}

/** Reads stream ASSENT from `since` with an ordered consumer until `done` holds (or the deadline). */
export async function readStream(
  url: string,
  since: Date,
  done: (seen: Seen[]) => boolean,
  timeoutMs = 15_000,
): Promise<Seen[]> {
  const nc: NatsConnection = await connect({ servers: url });
  try {
    // The server creates the stream when it first connects: wait for it. (No filter: nats-server 2.9 has no filter_subjects.)
    const consumer = await waitFor(
      'stream ASSENT',
      () =>
        nc
          .jetstream()
          .consumers.get('ASSENT', { deliver_policy: DeliverPolicy.StartTime, opt_start_time: since.toISOString() })
          .catch(() => null),
      timeoutMs,
      200,
    );
    const seen: Seen[] = [];
    const deadline = Date.now() + timeoutMs;
    while (!done(seen) && Date.now() < deadline) {
      const batch = await consumer.fetch({ max_messages: 500, expires: 1000 });
      for await (const m of batch) {
        seen.push({
          subject: m.subject,
          msgId: m.headers?.get('Nats-Msg-Id'),
          contentType: m.headers?.get('Content-Type'),
          event: m.json(),
        });
      }
    }
    return seen;
  } finally {
    await nc.close();
  }
}

/** What the crash tests read back from the database after the last restart. */
export interface LedgerReader {
  consentRecord: { findMany(a: { select: { id: true } }): Promise<{ id: string }[]> };
  outboxEvent: {
    findMany(a: { select: { eventId: true; recordId: true } }): Promise<{ eventId: string; recordId: string | null }[]>;
  };
}

/**
 * The crash tests' end check: every acknowledged record is in the ledger; every ledger record reaches the webhook
 * and stream ASSENT; nothing is announced that the ledger does not hold, and every announcement carries the outbox's
 * event id for its record (on the stream also as Nats-Msg-Id). `secret`, when given, is checked on every request;
 * `subjectPrefix` picks this run's messages on the shared stream.
 */
export async function expectEveryRecordPropagated(o: {
  db: LedgerReader;
  receiver: Receiver;
  natsUrl: string;
  since: Date;
  acknowledged: readonly string[];
  subjectPrefix: string;
  secret?: string;
  webhookTimeoutMs: number;
  streamTimeoutMs: number;
}): Promise<void> {
  const ledger = new Set((await o.db.consentRecord.findMany({ select: { id: true } })).map((r) => r.id));
  expect(
    o.acknowledged.filter((id) => !ledger.has(id)),
    'acknowledged records missing from the ledger',
  ).toEqual([]);

  // Every committed record, acknowledged or not, reaches the receiver (once the dead process's lease expires).
  await waitFor(
    'every ledger record delivered to the webhook',
    () => {
      const got = new Set(o.receiver.delivered().map((q) => q.event.data.record?.id));
      return [...ledger].every((id) => got.has(id));
    },
    o.webhookTimeoutMs,
    200,
  );
  const onStream = await readStream(
    o.natsUrl,
    o.since,
    (xs) => {
      const got = new Set(xs.map((x) => x.event.data?.record?.id));
      return [...ledger].every((id) => got.has(id));
    },
    o.streamTimeoutMs,
  );
  const streamIds = new Set(onStream.map((x) => x.event.data?.record?.id));
  expect([...ledger].filter((id) => !streamIds.has(id))).toEqual([]);

  const outbox = new Map(
    (await o.db.outboxEvent.findMany({ select: { eventId: true, recordId: true } })).map((e) => [
      e.eventId,
      e.recordId,
    ]),
  );
  for (const q of o.receiver.requests) {
    if (o.secret !== undefined) verifySignature(o.secret, q);
    expect(ledger.has(q.event.data.record.id)).toBe(true);
    expect(outbox.get(q.event.id)).toBe(q.event.data.record.id);
  }
  for (const x of onStream.filter((m) => m.event.data?.record?.subjectId?.startsWith(o.subjectPrefix))) {
    expect(ledger.has(x.event.data!.record.id)).toBe(true);
    expect(outbox.get(x.event.id)).toBe(x.event.data!.record.id);
    expect(x.msgId).toBe(x.event.id);
  }
}
