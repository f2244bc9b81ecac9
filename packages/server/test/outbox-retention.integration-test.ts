import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, apiKey, startTestServer, suiteKind, type TestServer } from './harness.ts';
import { consentInput, Q, startReceiver, waitFor, type Receiver } from './propagation-helpers.ts';
import { ERASURE_EVENTS } from '../src/db/outbox-maintenance.repository.ts';
import { LEGACY_SUBJECTS } from '../src/db/reprotect.ts';
import { ERASED_SUBJECTS } from '../src/db/ledger.repository.ts';
import { ERASE_SQL } from '../src/db/ledger-writer.ts';

/** A statement with its parameters as literals, for EXPLAIN. */
const literal = (sql: string) => sql.replace(/\?/g, "'x'");

/**
 * Outbox retention (ASSENT_OUTBOX_RETENTION_DAYS): dispatched events older than the retention are pruned in the
 * background with their finished deliveries, never one a delivery still waits for; replay reaches back that far and
 * says so when asked for more.
 */

const DAY = 86_400_000;
let s: TestServer;
let receiver: Receiver;
let webhookId: string;

beforeAll(async () => {
  s = await startTestServer({ ASSENT_OUTBOX_RETENTION_DAYS: '2', ASSENT_WEBHOOK_RETRY_SCHEDULE: '3600' });
  const service = await apiKey(s, 'SERVICE');
  receiver = await startReceiver((n) => (n === 3 ? 500 : 200));
  const r = await s.gql<{ registerWebhook: { webhook: { id: string } } }>(Q.register, {
    i: { url: receiver.url, purposeKeys: [], eventTypes: ['CONSENT_GRANTED'] },
  });
  webhookId = r.data!.registerWebhook.webhook.id;
  for (const subject of ['ret-a', 'ret-b', 'ret-c', 'ret-d'])
    expect((await s.gql(Q.grant, { i: consentInput(subject, 'analytics') }, service)).errors).toBeUndefined();
  await waitFor('four attempts, one failed', () => receiver.requests.length >= 4);
  await waitFor(
    'every event dispatched',
    async () => (await s.app.core.db.prisma.outboxEvent.count({ where: { dispatchedAt: null } })) === 0,
  );
}, 60_000);

afterAll(async () => {
  await receiver?.close();
  await s?.close();
});

/** Replays and returns the count and the response's warnings. */
async function replay(since: Date) {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ query: Q.replay, variables: { id: webhookId, since: since.toISOString() } }),
  });
  const body = (await res.json()) as {
    data: { replayWebhookDeliveries: number };
    extensions?: { warnings?: { code: string; retainedSince: string }[] };
  };
  return { count: body.data.replayWebhookDeliveries, warnings: body.extensions?.warnings };
}

describe(`outbox retention on ${suiteKind}`, () => {
  it('prunes dispatched events older than the retention with their finished deliveries, but keeps one a delivery waits for', async () => {
    const p = s.app.core.db.prisma;
    const failed = await p.webhookDelivery.findFirst({ where: { status: 'FAILED' } });
    expect(failed).not.toBeNull();
    const grants = await p.outboxEvent.findMany({ where: { type: 'assent.consent.granted' }, orderBy: { seq: 'asc' } });
    expect(grants).toHaveLength(4);
    const old = new Date(Date.now() - 3 * DAY);
    // All four age past the retention: three delivered, and the one whose delivery failed (and waits for a retry).
    await p.outboxEvent.updateMany({
      where: { seq: { in: grants.map((g) => g.seq) } },
      data: { dispatchedAt: old, createdAt: old },
    });
    expect((await s.app.core.maintenance.runOnce()).pruned).toBe(3);
    const left = await p.outboxEvent.findMany({ where: { type: 'assent.consent.granted' }, select: { seq: true } });
    expect(left.map((r) => r.seq)).toEqual([failed!.outboxSeq]);
    const deliveries = await p.webhookDelivery.findMany({ select: { outboxSeq: true } });
    expect(deliveries.every((d) => left.some((r) => r.seq === d.outboxSeq))).toBe(true);
    // A second pass finds nothing more to do.
    expect((await s.app.core.maintenance.runOnce()).pruned).toBe(0);
  });

  it('an erasure event a disabled webhook still waits for keeps the id until the retention has passed, then the delivery is given up (DEAD) and the event scrubbed', async () => {
    const p = s.app.core.db.prisma;
    const subject = `ret-erased-${Date.now()}`;
    const r = await s.gql<{ registerWebhook: { webhook: { id: string } } }>(Q.register, {
      i: { url: receiver.url, purposeKeys: [], eventTypes: ['SUBJECT_ERASED'] },
    });
    const hook = r.data!.registerWebhook.webhook.id;
    expect(
      (await s.gql('mutation($id: ID!) { disableWebhook(id: $id) { status } }', { id: hook })).errors,
    ).toBeUndefined();
    expect((await s.gql(Q.grant, { i: consentInput(subject, 'analytics') })).errors).toBeUndefined();
    const erased = await s.gql(
      'mutation($s: ID!) { eraseSubject(subjectId: $s, reason: "retention test") { recordsShredded } }',
      { s: subject },
    );
    expect(erased.errors).toBeUndefined();
    const event = await waitFor('the erasure event dispatched', () =>
      p.outboxEvent.findFirst({
        where: { type: 'assent.subject.erased', dispatchedAt: { not: null } },
        orderBy: { seq: 'desc' },
      }),
    );
    const delivery = await p.webhookDelivery.findFirst({ where: { webhookId: hook, outboxSeq: event.seq } });
    expect(delivery?.status).toBe('PENDING');
    // Within the retention the disabled webhook may still be enabled again: the event keeps the id for it.
    await s.app.core.maintenance.runOnce();
    expect(JSON.stringify((await p.outboxEvent.findUnique({ where: { seq: event.seq } }))!.payload)).toContain(subject);
    // Past the retention, the delivery is given up (DEAD), the id leaves the payload, and pruning may then take both.
    await p.outboxEvent.update({ where: { seq: event.seq }, data: { dispatchedAt: new Date(Date.now() - 3 * DAY) } });
    expect((await s.app.core.maintenance.runOnce()).scrubbed).toBeGreaterThanOrEqual(1);
    const payloads = (await p.outboxEvent.findMany({ select: { payload: true } })).map((e) =>
      JSON.stringify(e.payload),
    );
    expect(payloads.filter((x) => x.includes(subject))).toEqual([]);
    expect(await p.webhookDelivery.count({ where: { webhookId: hook, status: { in: ['PENDING', 'FAILED'] } } })).toBe(
      0,
    );
  });

  it('replay from before the oldest kept event replays what is kept and says the rest was pruned', async () => {
    const r = await replay(new Date(Date.now() - 10 * DAY));
    expect(r.count).toBeGreaterThanOrEqual(1);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'REPLAY_BEYOND_RETENTION' })]);
    const recent = await replay(new Date(Date.now() - 60_000));
    expect(recent.warnings).toBeUndefined();
  });
});

describe(`background reads that must not scan a whole table, on ${suiteKind}`, () => {
  // At ten million records these scans held the server's thread for seconds every minute (BENCHMARKS.md, "A server at
  // ten million records"); each query names the partial index that holds only its rows.
  const plans = [
    ['the upkeep reads erasure events', ERASURE_EVENTS, 'OutboxEvent_erasure_idx'],
    ['the start-up looks for chains in hash format 1', LEGACY_SUBJECTS, 'ConsentRecord_format1_idx'],
    ['a decision that finds no projection row reads the erased subjects', ERASED_SUBJECTS, 'SubjectKey_erased_idx'],
    // An erasure runs in one write transaction: on SQLite a scan held the write lock and the server's thread.
    ["an erasure finds the subject's outbox events", literal(ERASE_SQL.outboxOf), 'OutboxEvent_subjectId_idx'],
    [
      "an erasure re-keys the subject's deliveries",
      literal(ERASE_SQL.deliveriesTo),
      'WebhookDelivery_webhookId_subjectId_outboxSeq_idx',
    ],
  ] as const;
  it.each(plans)('%s by its partial index', async (_what, sql, index) => {
    const db = s.app.core.db.prisma;
    const plan =
      suiteKind === 'sqlite'
        ? JSON.stringify(await db.$queryRawUnsafe(`EXPLAIN QUERY PLAN ${sql}`), (_k, v: unknown) =>
            typeof v === 'bigint' ? Number(v) : v,
          )
        : // On a table this small PostgreSQL would rather read it whole; with that ruled out, the plan must use the index.
          await db.$transaction(async (tx) => {
            await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
            return JSON.stringify(await tx.$queryRawUnsafe(`EXPLAIN ${sql}`));
          });
    expect(plan).toContain(index);
  });
});
