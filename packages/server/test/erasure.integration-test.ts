import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlitePath } from '../src/env.ts';
import { apiKey, counts, startTestServer, subjectToken, suiteKind, type TestServer } from './harness.ts';
import { Q, startReceiver, waitFor, type Receiver } from './propagation-helpers.ts';

/**
 * Erasure by crypto-shredding (contract 1.1, "Erasure"; README, "Erasure"): after eraseSubject nothing Assent stores
 * names the subject or holds its evidence, decisions say SUBJECT_ERASED, and every chain still verifies.
 */

const SUBJECT = `erase-me-${randomBytes(4).toString('hex')}`;
const EVIDENCE_TEXT = `Erika Mustermann, phone +49 30 555 ${randomBytes(3).toString('hex')}`;
const ERASE =
  'mutation($s: ID!, $r: String!) { eraseSubject(subjectId: $s, reason: $r) { subjectId recordsShredded record { id subjectId action purposeKey actor { kind id } evidence hash previousHash } } }';
const HISTORY =
  'query($s: ID!) { consentHistory(subjectId: $s) { totalCount edges { node { id subjectId action evidence actor { kind id } hash } } } }';
const DECIDE = 'query($s: ID!, $p: ID!) { decide(subjectId: $s, purposeKey: $p) { allowed reason record { id } } }';

let s: TestServer;
let receiver: Receiver;
let service: string;
let webhookId: string;
/** The subject's own token, issued before the erasure (none can be issued after it). */
let own: string;
const bystander = `bystander-${randomBytes(4).toString('hex')}`;
/** A subject that is not erased: the search must find it (so a search that finds nothing proves something). */
const keeper = `keeper-${randomBytes(4).toString('hex')}`;
const sealedKeysBeforeErasure: string[] = [];

beforeAll(async () => {
  s = await startTestServer({ ASSENT_WEBHOOK_RETRY_SCHEDULE: '1' });
  service = await apiKey(s, 'SERVICE');
  receiver = await startReceiver();
  const r = await s.gql<{ registerWebhook: { webhook: { id: string } } }>(Q.register, {
    i: { url: receiver.url, purposeKeys: [], eventTypes: ['CONSENT_GRANTED', 'CONSENT_WITHDRAWN', 'SUBJECT_ERASED'] },
  });
  webhookId = r.data!.registerWebhook.webhook.id;
  const input = (subjectId: string, purposeKey: string) => ({
    subjectId,
    purposeKey,
    channel: 'OFFLINE',
    method: 'phone-call',
    evidence: { note: EVIDENCE_TEXT },
  });
  for (const subjectId of [SUBJECT, bystander, keeper]) {
    expect((await s.gql(Q.grant, { i: input(subjectId, 'marketing-email') }, service)).errors).toBeUndefined();
  }
  // The subject's own choice (actor SUBJECT: its id is the actor id) and an imported row whose importId names it.
  own = await subjectToken(s, SUBJECT);
  expect(
    (await s.gql(Q.withdraw, { i: { purposeKey: 'marketing-email', channel: 'WEB', method: 'toggle' } }, own)).errors,
  ).toBeUndefined();
  const imported = await s.gql(
    'mutation($r: [ImportRecordInput!]!) { importConsents(records: $r) { imported } }',
    {
      r: [
        {
          importId: `crm-${SUBJECT}`,
          subjectId: SUBJECT,
          purposeKey: 'personalization',
          action: 'GRANT',
          channel: 'OFFLINE',
          method: 'paper-form',
          occurredAt: '2025-03-01T09:30:00Z',
          evidence: { scan: EVIDENCE_TEXT },
        },
      ],
    },
    service,
  );
  expect(imported.errors).toBeUndefined();
  await waitFor(
    'the first three events delivered',
    () => receiver.delivered().filter((q) => q.event.subject === SUBJECT).length >= 3,
  );
  // The sealed data keys the two erasures below drop: not even their bytes may stay in the file.
  for (const subjectId of [SUBJECT, bystander]) {
    const k = await s.app.core.db.prisma.subjectKey.findUnique({
      where: { pseudonym: s.app.core.protection.pseudonym(subjectId) },
    });
    sealedKeysBeforeErasure.push(k!.dataKey!);
  }
}, 60_000);

afterAll(async () => {
  await receiver?.close();
  await s?.close();
});

describe(`eraseSubject on ${suiteKind}`, () => {
  it('refuses bad input, an unknown subject and non-admins with contract codes, and writes nothing', async () => {
    const before = await counts(s);
    const cases: [Record<string, unknown>, string | null, string][] = [
      [{ s: SUBJECT, r: '   ' }, undefined as never, 'BAD_USER_INPUT'],
      // The reason is kept in clear for good: one that names the person is refused.
      [{ s: SUBJECT, r: `Art. 17 email from ${SUBJECT.toUpperCase()}` }, undefined as never, 'BAD_USER_INPUT'],
      [{ s: 'never-seen-subject', r: 'request by email' }, undefined as never, 'NOT_FOUND'],
      [{ s: SUBJECT, r: 'request by email' }, service, 'FORBIDDEN'],
    ];
    for (const [vars, token, code] of cases) {
      const r = await s.gql(ERASE, vars, token);
      expect(r.errors?.[0]?.extensions?.code, JSON.stringify(vars)).toBe(code);
      expect(r.data).toBeNull();
    }
    expect(await counts(s)).toEqual(before);
  });

  it('erases: appends a SYSTEM ERASE record, shreds the subject records, and announces assent.subject.erased with the id', async () => {
    const r = await s.gql<{
      eraseSubject: {
        subjectId: string;
        recordsShredded: number;
        record: { action: string; actor: { kind: string; id: string | null }; evidence: unknown };
      };
    }>(ERASE, { s: SUBJECT, r: 'Art. 17 request, ticket 4711' });
    expect(r.errors).toBeUndefined();
    expect(r.data!.eraseSubject).toMatchObject({
      subjectId: SUBJECT,
      recordsShredded: 3,
      record: {
        action: 'ERASE',
        actor: { kind: 'SYSTEM', id: null },
        evidence: { reason: 'Art. 17 request, ticket 4711' },
      },
    });
    const erased = await waitFor('the erasure event delivered', () =>
      receiver.delivered().find((q) => q.event.type === 'assent.subject.erased'),
    );
    expect(erased.event.subject).toBe(SUBJECT);
  });

  it('erasing twice is CONFLICT and writes nothing', async () => {
    const before = await counts(s);
    const r = await s.gql(ERASE, { s: SUBJECT, r: 'again' });
    expect(r.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await counts(s)).toEqual(before);
  });

  it('afterwards decide answers allowed false with SUBJECT_ERASED, for every purpose, now and in the past', async () => {
    for (const p of ['marketing-email', 'personalization', 'essential-service']) {
      const d = await s.gql<{ decide: { allowed: boolean; reason: string } }>(DECIDE, { s: SUBJECT, p }, service);
      expect(d.data?.decide, p).toMatchObject({ allowed: false, reason: 'SUBJECT_ERASED' });
    }
    const past = await s.gql<{ decide: { reason: string } }>(
      'query($s: ID!) { decide(subjectId: $s, purposeKey: "marketing-email", at: "2025-06-01T00:00:00Z") { reason } }',
      { s: SUBJECT },
      service,
    );
    expect(past.data?.decide.reason).toBe('SUBJECT_ERASED');
    const many = await s.gql<{ decideMany: { reason: string }[] }>(
      'query($r: [DecideInput!]!) { decideMany(requests: $r) { reason } }',
      {
        r: [
          { subjectId: SUBJECT, purposeKey: 'marketing-email' },
          { subjectId: bystander, purposeKey: 'marketing-email' },
        ],
      },
      service,
    );
    expect(many.data?.decideMany.map((d) => d.reason)).toEqual(['SUBJECT_ERASED', 'CONSENT_GRANTED']);
  });

  it('history by the old id shows the records with subjectId "erased" and evidence null; the chains still verify', async () => {
    const h = await s.gql<{
      consentHistory: {
        totalCount: number;
        edges: { node: { subjectId: string; action: string; evidence: unknown; actor: { id: string | null } } }[];
      };
    }>(HISTORY, { s: SUBJECT });
    expect(h.data!.consentHistory.totalCount).toBe(4);
    for (const { node } of h.data!.consentHistory.edges) {
      expect(node.subjectId).toBe('erased');
      expect(node.evidence).toBeNull();
      expect(node.actor.id).not.toBe(SUBJECT);
    }
    const one = await s.gql<{ verifyLedger: { ok: boolean; recordsChecked: number } }>(
      'query($s: ID) { verifyLedger(subjectId: $s) { ok recordsChecked firstBrokenRecordId } }',
      { s: SUBJECT },
    );
    expect(one.data?.verifyLedger).toMatchObject({ ok: true, recordsChecked: 4 });
    const all = await s.gql<{ verifyLedger: { ok: boolean } }>('{ verifyLedger { ok firstBrokenRecordId } }');
    expect(all.data?.verifyLedger.ok).toBe(true);
  });

  it('receipts of the erased records can no longer be issued; checkpoints taken after the erasure verify', async () => {
    const h = await s.gql<{ consentHistory: { edges: { node: { id: string; action: string } }[] } }>(HISTORY, {
      s: SUBJECT,
    });
    const shredded = h.data!.consentHistory.edges.find((e) => e.node.action !== 'ERASE')!.node.id;
    const before = await counts(s);
    const r = await s.gql('query($id: ID!) { consentReceipt(recordId: $id) { jws } }', { id: shredded });
    expect(r.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(r.data).toBeNull();
    expect(await counts(s)).toEqual(before);
    const receipt = await s.gql<{ consentReceipt: { payload: Record<string, unknown> } }>(
      'query($id: ID!) { consentReceipt(recordId: $id) { payload } }',
      {
        id: (await s.gql<{ consentHistory: { edges: { node: { id: string } }[] } }>(HISTORY, { s: bystander })).data!
          .consentHistory.edges[0]!.node.id,
      },
    );
    expect(receipt.errors).toBeUndefined();
    expect(await s.app.core.service.makeCheckpoint()).not.toBeNull();
    const v = await s.gql<{ verifyLedger: { ok: boolean; checkpointOk: boolean | null } }>(
      'query($s: ID) { verifyLedger(subjectId: $s) { ok checkpointOk } }',
      { s: bystander },
    );
    expect(v.data?.verifyLedger).toEqual({ ok: true, checkpointOk: true });
    const all = await s.gql<{ verifyLedger: { ok: boolean; checkpointOk: boolean | null } }>(
      '{ verifyLedger { ok checkpointOk } }',
    );
    expect(all.data?.verifyLedger).toEqual({ ok: true, checkpointOk: true });
    expect(JSON.stringify(receipt.data!.consentReceipt.payload)).toContain(bystander);
  });

  it('a later write under the erased id is refused with CONFLICT and writes nothing; other subjects are untouched', async () => {
    const before = await counts(s);
    const r = await s.gql(
      Q.grant,
      { i: { subjectId: SUBJECT, purposeKey: 'marketing-email', channel: 'API', method: 'm', evidence: { x: 1 } } },
      service,
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await counts(s)).toEqual(before);
    const h = await s.gql<{ consentHistory: { edges: { node: { subjectId: string; evidence: unknown } }[] } }>(
      HISTORY,
      { s: bystander },
    );
    expect(h.data!.consentHistory.edges[0]!.node).toMatchObject({
      subjectId: bystander,
      evidence: { note: EVIDENCE_TEXT },
    });
  });

  it('the erased person is never prompted to consent, and no unsubscribe link or subject token is made for the erased id', async () => {
    const me = await s.gql<{ me: { needsPrompt: boolean; purposes: { needsPrompt: boolean }[] } }>(
      '{ me { needsPrompt purposes { needsPrompt } } }',
      {},
      own,
    );
    expect(me.errors).toBeUndefined();
    expect(me.data!.me.needsPrompt).toBe(false);
    expect(me.data!.me.purposes.every((p) => !p.needsPrompt)).toBe(true);
    const before = await counts(s);
    const link = await s.gql(
      'mutation($s: ID!, $p: ID!) { issueUnsubscribeLink(subjectId: $s, purposeKey: $p) { url } }',
      { s: SUBJECT, p: 'marketing-email' },
      service,
    );
    expect(link.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(link.data).toBeNull();
    const token = await s.gql(
      'mutation($s: ID!) { issueSubjectToken(subjectId: $s) { token } }',
      { s: SUBJECT },
      service,
    );
    expect(token.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(token.data).toBeNull();
    expect(await counts(s)).toEqual(before);
  });

  it('once delivered everywhere the erasure event is scrubbed too, and neither the id nor the evidence is left in the database', async () => {
    await waitFor('the erasure event dispatched', async () => {
      await s.app.core.maintenance.runOnce();
      const e = await s.app.core.db.prisma.outboxEvent.findFirst({ where: { type: 'assent.subject.erased' } });
      return e && !JSON.stringify(e.payload).includes(SUBJECT);
    });
    const deliveries = await s.gql<{ webhookDeliveries: { status: string }[] }>(Q.deliveries, {
      id: webhookId,
      first: 50,
    });
    expect(deliveries.data!.webhookDeliveries.length).toBeGreaterThan(0);
    // The bystander's evidence is the same text: erase it too, so only what was the subject's is searched for.
    expect((await s.gql(ERASE, { s: bystander, r: 'cleanup' })).errors).toBeUndefined();
    await waitFor('the second erasure event scrubbed', async () => {
      await s.app.core.maintenance.runOnce();
      const events = await s.app.core.db.prisma.outboxEvent.findMany({ where: { type: 'assent.subject.erased' } });
      return events.length === 2 && events.every((e) => !JSON.stringify(e.payload).includes('bystander-'));
    });
    const needles = [SUBJECT, EVIDENCE_TEXT, bystander, 'Erika Mustermann'];
    if (suiteKind === 'sqlite') {
      // The files as a copy taken now would hold them, before any VACUUM or checkpoint of the test's own: the server
      // truncates its write-ahead log after an erasure and a scrub (the pages as they were before, the dropped data
      // key among them, are gone from it), and secure_delete zeroes what a deleted or rewritten row left in its page
      // (projection rows, data keys, payloads), so the file's free space does not hold them either.
      const found = (bytes: Buffer) =>
        [...needles, ...sealedKeysBeforeErasure].filter((n) => bytes.includes(Buffer.from(n, 'utf8')));
      let left: string[] = [];
      await waitFor('the old pages gone from the file and its log', () => {
        const bytes = sqliteFilesAsTheyAre(s);
        expect(bytes.includes(Buffer.from(keeper, 'utf8')), 'the control subject').toBe(true);
        left = found(bytes);
        return left.length === 0;
      }).catch((e: Error) => expect.fail(`${e.message}; still found: ${left.join(', ')}`));
    }
    const bytes = await databaseBytes(s);
    expect(bytes.includes(Buffer.from(keeper, 'utf8')), 'the control subject').toBe(true);
    for (const needle of needles) expect(bytes.includes(Buffer.from(needle, 'utf8')), needle).toBe(false);
  }, 60_000);
});

/** SQLite's file and its write-ahead log as they are: what a byte search of a copy taken now would see. */
function sqliteFilesAsTheyAre(server: TestServer): Buffer {
  const file = sqlitePath(server.app.core.env.DATABASE_URL);
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

/**
 * Everything the database stores, as bytes: SQLite's file after the WAL is checkpointed and the file VACUUMed (so freed
 * pages are gone), or a pg_dump of the PostgreSQL database after VACUUM.
 */
async function databaseBytes(server: TestServer): Promise<Buffer> {
  const url = server.app.core.env.DATABASE_URL;
  if (suiteKind === 'sqlite') {
    const file = sqlitePath(url);
    const db = new Sqlite(file, { timeout: 10_000 });
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.exec('VACUUM');
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
  }
  await server.app.core.db.prisma.$executeRawUnsafe('VACUUM');
  return execFileSync('pg_dump', ['--no-owner', url], { maxBuffer: 256 * 1024 * 1024 });
}

describe(`an erasure while the subject's delivery is in flight (${suiteKind})`, () => {
  it('the erased event still reaches the webhook, after the delivery that was in flight', async () => {
    const server = await startTestServer();
    const subject = `in-flight-${randomBytes(4).toString('hex')}`;
    // A receiver that holds the answer to the subject's grant until the test lets it go.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const got: { type: string; subject?: string }[] = [];
    let grantArrived = false;
    const hooks = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const event = JSON.parse(body) as { type: string; subject?: string };
        got.push(event);
        const answer = () => res.writeHead(200).end('ok');
        if (event.type === 'assent.consent.granted' && event.subject === subject) {
          grantArrived = true;
          void released.then(answer);
        } else answer();
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hooks`;
      const r = await server.gql(Q.register, {
        i: { url, purposeKeys: ['analytics'], eventTypes: ['CONSENT_GRANTED', 'SUBJECT_ERASED'] },
      });
      expect(r.errors).toBeUndefined();
      await server.gql(Q.grant, {
        i: { subjectId: subject, purposeKey: 'analytics', channel: 'API', method: 't', evidence: { n: 1 } },
      });
      await waitFor('the grant in flight', () => grantArrived);
      // Erased while the grant's delivery waits for its answer: the delivery's subject becomes the pseudonym.
      const erased = await server.gql(ERASE, { s: subject, r: 'in-flight test' });
      expect(erased.errors).toBeUndefined();
      release();
      await waitFor('the erased event delivered', () =>
        got.some((e) => e.type === 'assent.subject.erased' && e.subject === subject),
      );
      expect(got.filter((e) => e.subject === subject).map((e) => e.type)).toEqual([
        'assent.consent.granted',
        'assent.subject.erased',
      ]);
    } finally {
      hooks.closeAllConnections();
      await new Promise((resolve) => hooks.close(resolve));
      await server.close();
    }
  });
});
