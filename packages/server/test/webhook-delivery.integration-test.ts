import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey, startTestServer, suiteKind, type TestServer } from './harness.ts';
import {
  consentInput,
  Q,
  sleep,
  startReceiver,
  verifySignature,
  waitFor,
  type Receiver,
} from './propagation-helpers.ts';

type Registered = {
  registerWebhook: {
    secret: string;
    webhook: { id: string; status: string; purposeKeys: string[]; eventTypes: string[] };
  };
};
type Delivery = {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastResponseStatus: number | null;
  nextAttemptAt: string | null;
};

let s: TestServer;
const receivers: Receiver[] = [];
beforeAll(async () => {
  // Short retries: attempts 1 s apart, DEAD after the fourth.
  s = await startTestServer({ ASSENT_WEBHOOK_RETRY_SCHEDULE: '1,1,1' });
});
afterAll(async () => {
  await s?.close();
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(answer?: Receiver['answer']) {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}
async function register(server: TestServer, input: Record<string, unknown>) {
  const r = await server.gql<Registered>(Q.register, { i: input });
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.registerWebhook;
}
async function write(server: TestServer, action: 'grant' | 'withdraw', subjectId: string, purposeKey: string) {
  const r = await server.gql<Record<string, { id: string; recordedAt: string }>>(Q[action], {
    i: consentInput(subjectId, purposeKey),
  });
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return Object.values(r.data)[0]!;
}
async function deliveries(server: TestServer, webhookId: string, first = 200): Promise<Delivery[]> {
  const r = await server.gql<{ webhookDeliveries: Delivery[] }>(Q.deliveries, { id: webhookId, first });
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.webhookDeliveries;
}
const codeOf = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;

describe(`webhook delivery on ${suiteKind}`, () => {
  it('every event reaches a receiver that fails at first, in commit order per subject, signed afresh on every attempt', async () => {
    const rec = await receiver((n) => (n <= 4 ? 500 : 200));
    const { secret, webhook } = await register(s, { url: rec.url, purposeKeys: ['analytics', 'research'] });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(webhook).toMatchObject({
      status: 'ACTIVE',
      purposeKeys: ['analytics', 'research'],
      eventTypes: ['CONSENT_GRANTED', 'CONSENT_WITHDRAWN', 'NOTICE_PUBLISHED', 'CONSENT_REFUSED', 'SUBJECT_ERASED'],
    });

    const subjects = ['order-a', 'order-b', 'order-c'];
    const committed = new Map<string, string[]>(subjects.map((x) => [x, []]));
    await Promise.all(
      subjects.map(async (subject) => {
        for (let i = 0; i < 6; i++) {
          const rec = await write(s, i % 2 ? 'withdraw' : 'grant', subject, i % 3 ? 'analytics' : 'research');
          committed.get(subject)!.push(rec.id);
        }
      }),
    );

    await waitFor('all 18 events delivered', () => new Set(rec.delivered().map((q) => q.event.id)).size === 18, 25_000);
    expect(rec.requests.filter((q) => q.status === 500)).toHaveLength(4);
    const eventIdsSeen = new Set<string>();
    for (const q of rec.requests) {
      verifySignature(secret, q);
      expect(q.headers['content-type']).toBe('application/cloudevents+json');
      expect(q.headers['webhook-id']).toBe(q.event.id);
      expect(Math.abs(Number(q.headers['webhook-timestamp']) * 1000 - q.at)).toBeLessThan(5000);
      expect(q.event).toMatchObject({ specversion: '1.0', source: 'assent' });
      expect(q.event.data.record.evidence).toBeUndefined();
      eventIdsSeen.add(q.event.id);
    }
    // Retried attempts carry the same event id but their own timestamp and signature.
    const retried = rec.requests.find((q) => q.status === 500)!;
    const again = rec.requests.filter((q) => q.event.id === retried.event.id);
    expect(again.length).toBeGreaterThan(1);
    expect(again.at(-1)!.headers['webhook-timestamp']).not.toBe(again[0]!.headers['webhook-timestamp']);

    for (const subject of subjects) {
      // Every request for a subject, failures included, follows commit order: a failed one holds the later ones back.
      const order = committed.get(subject)!;
      const positions = rec.requests
        .filter((q) => q.event.subject === subject)
        .map((q) => order.indexOf(q.event.data.record.id));
      expect(positions.every((p, i) => p >= 0 && (i === 0 || p >= positions[i - 1]!))).toBe(true);
      expect(new Set(positions).size).toBe(6);
    }
    const ds = await deliveries(s, webhook.id);
    expect(ds).toHaveLength(18);
    expect(ds.every((d) => d.status === 'SUCCEEDED' && d.lastResponseStatus === 200 && d.nextAttemptAt === null)).toBe(
      true,
    );
    expect(ds.filter((d) => d.attempts > 1).length).toBeGreaterThan(0);
    await s.gql(Q.disable, { id: webhook.id });
  });

  it('a delivery that keeps failing is DEAD after the schedule, holds its subject back until then, and replay sends it again', async () => {
    let healthy = false;
    const rec = await receiver(() => (healthy ? 204 : 503));
    const { secret, webhook } = await register(s, { url: rec.url, purposeKeys: ['personalization'] });
    const since = new Date(Date.now() - 1000).toISOString();
    const first = await write(s, 'grant', 'dead-subject', 'personalization');
    const second = await write(s, 'withdraw', 'dead-subject', 'personalization');

    const dead = await waitFor(
      'the first delivery DEAD',
      async () => (await deliveries(s, webhook.id)).find((d) => d.status === 'DEAD'),
      20_000,
    );
    expect(dead.attempts).toBe(4);
    expect(dead.lastResponseStatus).toBe(503);
    const attemptsOfFirst = rec.requests.filter((q) => q.event.data.record.id === first.id);
    expect(attemptsOfFirst).toHaveLength(4);
    // The second event was not tried before the first one was DEAD.
    const firstSecond = rec.requests.findIndex((q) => q.event.data.record.id === second.id);
    expect(firstSecond === -1 || firstSecond > rec.requests.lastIndexOf(attemptsOfFirst[3]!)).toBe(true);

    healthy = true;
    await waitFor(
      'the second event delivered',
      () => rec.delivered().some((q) => q.event.data.record.id === second.id),
      10_000,
    );
    expect(rec.delivered().some((q) => q.event.data.record.id === first.id)).toBe(false);

    const replay = await s.gql<{ replayWebhookDeliveries: number }>(Q.replay, { id: webhook.id, since });
    expect(replay.data?.replayWebhookDeliveries).toBe(2);
    await waitFor(
      'the DEAD event delivered by replay',
      () => rec.delivered().some((q) => q.event.data.record.id === first.id),
      10_000,
    );
    await waitFor('both replays delivered', () => rec.delivered().length === 3, 10_000);
    for (const q of rec.requests) verifySignature(secret, q);
    const ds = await deliveries(s, webhook.id);
    expect(ds).toHaveLength(4);
    expect(ds.filter((d) => d.status === 'DEAD').map((d) => d.eventId)).toEqual([dead.eventId]);
    expect(
      ds
        .filter((d) => d.eventId === dead.eventId)
        .map((d) => d.status)
        .sort(),
    ).toEqual(['DEAD', 'SUCCEEDED']);

    // A replay from after both events finds nothing.
    const none = await s.gql<{ replayWebhookDeliveries: number }>(Q.replay, {
      id: webhook.id,
      since: new Date().toISOString(),
    });
    expect(none.data?.replayWebhookDeliveries).toBe(0);
    await s.gql(Q.disable, { id: webhook.id });
  });

  it('410 Gone disables the webhook at once; replay is a CONFLICT until enableWebhook, which sends the waiting deliveries first', async () => {
    let gone = true;
    const rec = await receiver(() => (gone ? 410 : 200));
    const { webhook } = await register(s, { url: rec.url, purposeKeys: ['third-party-sharing'] });
    const first = await write(s, 'grant', 'gone-subject', 'third-party-sharing');
    const disabled = await waitFor('the webhook disabled', async () => {
      const list = (
        await s.gql<{ webhooks: { id: string; status: string; disabledReason: string | null }[] }>(Q.webhooks)
      ).data!.webhooks;
      return list.find((w) => w.id === webhook.id && w.status === 'DISABLED');
    });
    expect(disabled.disabledReason).toMatch(/410/);
    expect(rec.requests).toHaveLength(1);

    const second = await write(s, 'withdraw', 'gone-subject', 'third-party-sharing');
    await sleep(1000);
    expect(rec.requests).toHaveLength(1);
    const conflict = await s.gql(Q.replay, { id: webhook.id, since: new Date(0).toISOString() });
    expect(codeOf(conflict)).toBe('CONFLICT');
    expect(conflict.data).toBeNull();

    gone = false;
    const enabled = await s.gql<{ enableWebhook: { status: string; disabledReason: string | null } }>(Q.enable, {
      id: webhook.id,
    });
    expect(enabled.data?.enableWebhook).toEqual({ id: webhook.id, status: 'ACTIVE', disabledReason: null });
    await waitFor('both events delivered after enabling', () => rec.delivered().length === 2, 10_000);
    expect(rec.delivered().map((q) => q.event.data.record.id)).toEqual([first.id, second.id]);
    await s.gql(Q.disable, { id: webhook.id });
  });

  it('filters: purposeKeys apply to consent events, notices go to webhooks that list NOTICE_PUBLISHED, nothing from before registration', async () => {
    await write(s, 'withdraw', 'filter-subject', 'marketing-email'); // before registration: not delivered
    const a = await receiver();
    const b = await receiver();
    const wa = await register(s, { url: a.url, purposeKeys: ['marketing-email'], eventTypes: ['CONSENT_WITHDRAWN'] });
    const wb = await register(s, {
      url: b.url,
      purposeKeys: ['analytics'],
      eventTypes: ['NOTICE_PUBLISHED', 'CONSENT_GRANTED'],
    });
    await write(s, 'grant', 'filter-subject', 'marketing-email');
    const wanted = await write(s, 'withdraw', 'filter-subject', 'marketing-email');
    await write(s, 'withdraw', 'filter-subject', 'analytics');
    const grantA = await write(s, 'grant', 'filter-subject', 'analytics');
    const purposes = (
      await s.gql<{ purposes: { key: string; title: string; description: string; active: boolean }[] }>(
        '{ purposes { key title description active } }',
      )
    ).data!.purposes;
    const notice = await s.gql<{ publishNotice: { id: string } }>(
      'mutation($i: PublishNoticeInput!) { publishNotice(input: $i) { id } }',
      {
        i: {
          summary: 'Filter test notice',
          purposes: purposes
            .filter((p) => p.active)
            .map((p) => ({ purposeKey: p.key, title: p.title, description: p.description, requiresReconsent: false })),
        },
      },
    );
    expect(notice.errors).toBeUndefined();

    await waitFor('receiver b got the notice and the analytics grant', () => b.delivered().length >= 2);
    await sleep(1000);
    expect(a.delivered().map((q) => q.event.data.record?.id)).toEqual([wanted.id]);
    expect(a.delivered()[0]!.event.type).toBe('assent.consent.withdrawn');
    // Different subjects (the notice has none), so no order between the two.
    const byType = new Map(b.delivered().map((q) => [q.event.type, q.event]));
    expect([...byType.keys()].sort()).toEqual(['assent.consent.granted', 'assent.notice.published']);
    expect(b.delivered()).toHaveLength(2);
    expect(byType.get('assent.consent.granted')!.data.record.id).toBe(grantA.id);
    expect(byType.get('assent.notice.published')!.subject).toBeUndefined();
    expect(byType.get('assent.notice.published')!.data.notice?.id).toBe(notice.data!.publishNotice.id);
    // The NoticeVersion fields of 1.1 too.
    expect(byType.get('assent.notice.published')!.data.notice).toMatchObject({
      locale: 'en',
      defaultLocale: 'en',
      availableLocales: expect.arrayContaining(['en']),
    });
    for (const w of [wa, wb]) await s.gql(Q.disable, { id: w.webhook.id });
  });

  it('URL rules: link-local and metadata addresses and non-http schemes are BAD_USER_INPUT, loopback is allowed', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'http://[fe80::1]/hook',
      'http://[::ffff:169.254.1.1]/x',
      'ftp://127.0.0.1/hook',
      'not a url',
      'http://metadata.google.internal/',
    ]) {
      const r = await s.gql(Q.register, { i: { url } });
      expect(codeOf(r), url).toBe('BAD_USER_INPUT');
      expect(r.data).toBeNull();
    }
    const empty = await s.gql(Q.register, { i: { url: 'http://127.0.0.1:9/x', eventTypes: [] } });
    expect(codeOf(empty)).toBe('BAD_USER_INPUT');
    const unknown = await s.gql(Q.register, { i: { url: 'http://127.0.0.1:9/x', purposeKeys: ['no-such-purpose'] } });
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    // A name that does not resolve (yet) is accepted: the sender checks the addresses it connects to.
    for (const url of [
      'http://127.0.0.1:9/x',
      'http://localhost:9/x',
      'https://[::1]:9/x',
      'http://10.0.0.7/x',
      'http://no-such-host.invalid/x',
    ]) {
      const r = await register(s, { url });
      expect(r.webhook.status).toBe('ACTIVE');
      await s.gql(Q.disable, { id: r.webhook.id });
    }
  });

  it('only ADMIN may manage webhooks; unknown ids are NOT_FOUND; the secret is never listed', async () => {
    const service = await apiKey(s, 'SERVICE');
    const support = await apiKey(s, 'SUPPORT');
    for (const token of [service, support, null]) {
      const r = await s.gql(Q.register, { i: { url: 'http://127.0.0.1:9/x' } }, token);
      expect(codeOf(r)).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      expect(codeOf(await s.gql(Q.webhooks, {}, token))).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    }
    for (const [q, v] of [
      [Q.disable, { id: 'nope' }],
      [Q.enable, { id: 'nope' }],
      [Q.deliveries, { id: 'nope' }],
      [Q.replay, { id: 'nope', since: new Date().toISOString() }],
    ] as const) {
      expect(codeOf(await s.gql(q, v))).toBe('NOT_FOUND');
    }
    // Every field a client can select on Webhook, read from the served schema, so a field added later is covered too.
    const type = await s.gql<{ __type: { fields: { name: string }[] } }>(
      '{ __type(name: "Webhook") { fields { name } } }',
    );
    const fields = type.data!.__type.fields.map((f) => f.name);
    expect(fields).toContain('url');
    const listed = await s.gql(`{ webhooks { ${fields.join(' ')} } }`);
    expect(listed.errors).toBeUndefined();
    expect((listed.data as { webhooks: unknown[] }).webhooks.length).toBeGreaterThan(0);
    expect(JSON.stringify(listed)).not.toMatch(/whsec_/);
    const tooMany = await s.gql(Q.deliveries, {
      id: (listed.data as { webhooks: { id: string }[] }).webhooks[0]!.id,
      first: 201,
    });
    expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
  });
});
