import { afterEach, describe, expect, it } from 'vitest';
import { createAssentClient, type EventSource, type LocalDecider, type SourceSink } from '@assent/client';
import { createMarketingSender, type Email, type Recipient } from './marketing-sender.ts';

// Assent is faked at the network boundary only (its GraphQL answers); the client, its batching and the
// LocalDecider are the real ones.
type Req = { subjectId: string; purposeKey: string };
const GRANTED = new Set(['alice', 'carol']);

function assent(opts: { down?: boolean } = {}) {
  const operations: string[] = [];
  const answer = (body: unknown) =>
    new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  const decision = (r: Req) => ({
    subjectId: r.subjectId,
    purposeKey: r.purposeKey,
    allowed: GRANTED.has(r.subjectId),
    legalBasis: 'CONSENT',
    reason: GRANTED.has(r.subjectId) ? 'CONSENT_GRANTED' : 'CONSENT_WITHDRAWN',
    at: '2026-12-06T10:00:00.000Z',
    record: null,
  });
  const fetch = async (_url: string, init: { body: string }) => {
    if (opts.down) throw new TypeError('fetch failed');
    const { query, variables } = JSON.parse(init.body) as { query: string; variables: Record<string, unknown> };
    const op = /\b(?:query|mutation)\s+(\w+)/.exec(query)![1]!;
    operations.push(op);
    switch (op) {
      case 'DecideMany':
        return answer({ data: { decideMany: (variables.requests as Req[]).map(decision) } });
      case 'Decide':
        return answer({ data: { decide: decision(variables as Req) } });
      case 'IssueUnsubscribeLink': {
        const url = `https://assent.example.com/u/${variables.subjectId}-signed`;
        return answer({
          data: {
            issueUnsubscribeLink: {
              url,
              listUnsubscribe: `<${url}>`,
              listUnsubscribePost: 'List-Unsubscribe=One-Click',
            },
          },
        });
      }
      case 'DeciderSetup':
        return answer({
          data: { purposes: [{ key: 'marketing-email', legalBasis: 'CONSENT', active: true }], noticeVersions: [] },
        });
      case 'ConsentSnapshot':
        return answer({
          data: {
            consentSnapshot: {
              rows: [...GRANTED].map((s) => ({
                subjectId: s,
                purposeKey: 'marketing-email',
                status: 'GRANTED',
                allowed: true,
                recordId: `r-${s}`,
                occurredAt: '2026-12-01T00:00:00.000Z',
              })),
              endCursor: null,
              hasNextPage: false,
              streamSequence: 10,
              outboxSeq: 10,
            },
          },
        });
      default:
        throw new Error(`unexpected ${op}`);
    }
  };
  return { client: createAssentClient({ url: 'http://assent.test/graphql', token: 'service-key', fetch }), operations };
}

const recipients: Recipient[] = ['alice', 'bob', 'carol', 'dave'].map((s) => ({
  subjectId: s,
  email: `${s}@example.com`,
}));
const campaign = { subject: 'December news', text: 'Hello.' };
function mailbox() {
  const sent: Email[] = [];
  return { sent, mailer: { send: async (e: Email) => void sent.push(e) } };
}

/** An event stream the test drives (what NATS JetStream would deliver). */
function stream() {
  let sink!: SourceSink;
  const source: EventSource = {
    kind: 'jetstream',
    follower: async (s) => ((sink = s), { start: async () => s.heard(Date.now()), close: async () => {} }),
    close: async () => {},
  };
  return {
    source,
    withdraw: (subjectId: string) =>
      sink.record({
        subjectId,
        purposeKey: 'marketing-email',
        action: 'WITHDRAW',
        occurredAt: new Date().toISOString(),
        recordedAt: new Date().toISOString(),
        noticeVersion: { version: 1 },
      }),
  };
}

let decider: LocalDecider | undefined;
afterEach(async () => {
  await decider?.close();
  decider = undefined;
});

describe('marketing sender', () => {
  it('emails only those Assent allows, asking for the whole batch in one request, and says why it skipped the rest', async () => {
    const { client, operations } = assent();
    const box = mailbox();
    const r = await createMarketingSender({ client, mailer: box.mailer, log: () => {} }).sendCampaign(
      recipients,
      campaign,
    );
    expect(r.sent).toEqual(['alice', 'carol']);
    expect(r.skipped).toEqual([
      { subjectId: 'bob', reason: 'CONSENT_WITHDRAWN' },
      { subjectId: 'dave', reason: 'CONSENT_WITHDRAWN' },
    ]);
    expect(box.sent.map((e) => e.to)).toEqual(['alice@example.com', 'carol@example.com']);
    expect(operations.filter((o) => o.startsWith('Decide'))).toEqual(['DecideMany']);
  });

  it('puts RFC 8058 List-Unsubscribe and List-Unsubscribe-Post headers from issueUnsubscribeLink on every email', async () => {
    const { client } = assent();
    const box = mailbox();
    await createMarketingSender({ client, mailer: box.mailer, log: () => {} }).sendCampaign(recipients, campaign);
    expect(box.sent.length).toBeGreaterThan(0);
    for (const e of box.sent) {
      const subject = e.to.split('@')[0];
      expect(e.headers).toEqual({
        'List-Unsubscribe': `<https://assent.example.com/u/${subject}-signed>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      });
    }
  });

  it('emails nobody when Assent cannot be reached (fail closed)', async () => {
    const { client } = assent({ down: true });
    const box = mailbox();
    const r = await createMarketingSender({ client, mailer: box.mailer, log: () => {} }).sendCampaign(
      recipients,
      campaign,
    );
    expect(box.sent).toEqual([]);
    expect(new Set(r.skipped.map((s) => s.reason))).toEqual(new Set(['NETWORK_ERROR']));
  });

  it('with a LocalDecider, a withdrawal that arrives on the stream before the send skips that person and drops them from the segment', async () => {
    const { client, operations } = assent();
    const s = stream();
    decider = await client.localDecisions({ purposes: ['marketing-email'], source: s.source });
    const box = mailbox();
    const sender = createMarketingSender({ client, mailer: box.mailer, decider, log: () => {} });
    s.withdraw('carol');
    const r = await sender.sendCampaign(recipients, campaign);
    expect(r.sent).toEqual(['alice']);
    expect(r.skipped.find((x) => x.subjectId === 'carol')).toEqual({ subjectId: 'carol', reason: 'CONSENT_WITHDRAWN' });
    expect([...sender.dropped]).toEqual(['carol']);
    expect(operations.some((o) => o === 'Decide' || o === 'DecideMany')).toBe(false); // every decision was local
  });
});
