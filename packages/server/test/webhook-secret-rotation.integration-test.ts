import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSealed } from '../src/crypto/key-encryption.ts';
import { createLogger } from '../src/logger.ts';
import { openDispatcherData } from '../src/outbox/dispatcher-wiring.ts';
import { rotateWebhookSecret } from '../src/use-cases/rotate-webhook-secret.ts';
import { apiKey, startTestServer, suiteKind, type TestServer } from './harness.ts';
import { consentInput, Q, startReceiver, waitFor, type Receiver, type ReceivedRequest } from './propagation-helpers.ts';

const GRACE_SECONDS = 10;
const ROTATE =
  'mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret webhook { id url purposeKeys eventTypes status createdAt } } }';

type Rotated = {
  rotateWebhookSecret: { secret: string; webhook: { id: string; url: string; status: string; purposeKeys: string[] } };
};

let s: TestServer;
let rec: Receiver;
/** Which secrets the receiver's Standard Webhooks verification accepted, per request. */
let verifyWith: Record<string, string> = {};
const accepted = new Map<ReceivedRequest, string[]>();
beforeAll(async () => {
  s = await startTestServer({ ASSENT_WEBHOOK_SECRET_GRACE_SECONDS: String(GRACE_SECONDS) });
  // A receiver as a subscriber writes one: it verifies with the secrets it was given and answers 401 if none matches.
  rec = await startReceiver((_n, q) => {
    const ok = Object.entries(verifyWith)
      .filter(([, secret]) => verifies(secret, q))
      .map(([name]) => name);
    accepted.set(q, ok);
    return ok.length ? 204 : 401;
  });
});
afterAll(async () => {
  await s?.close();
  await rec?.close();
});

function verifies(secret: string, q: ReceivedRequest): boolean {
  try {
    new Webhook(secret).verify(q.body, {
      'webhook-id': q.headers['webhook-id']!,
      'webhook-timestamp': q.headers['webhook-timestamp']!,
      'webhook-signature': q.headers['webhook-signature']!,
    });
    return true;
  } catch {
    return false;
  }
}
async function register(): Promise<{ id: string; secret: string }> {
  const r = await s.gql<{ registerWebhook: { secret: string; webhook: { id: string } } }>(Q.register, {
    i: { url: rec.url, purposeKeys: ['analytics'], eventTypes: ['CONSENT_GRANTED'] },
  });
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return { id: r.data.registerWebhook.webhook.id, secret: r.data.registerWebhook.secret };
}
/** Grants consent for a new subject and waits for the receiver to have that event; returns the request. */
async function deliverOne(subject: string): Promise<ReceivedRequest> {
  const r = await s.gql(Q.grant, { i: consentInput(subject, 'analytics') });
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return waitFor(`the event of ${subject} delivered`, () => rec.requests.find((q) => q.event.subject === subject));
}
const storedRow = (id: string) =>
  s.app.core.db.prisma.webhook.findUniqueOrThrow({
    where: { id },
    select: { secret: true, previousSecret: true, previousSecretExpiresAt: true },
  });
const codeOf = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;

describe(`webhook secret rotation on ${suiteKind}`, () => {
  it('during the grace period deliveries verify with the old and the new secret, after it with the new one only', async () => {
    const { id, secret: oldSecret } = await register();
    verifyWith = { old: oldSecret };
    const before = await deliverOne('rotation-before');
    expect(before.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(accepted.get(before)).toEqual(['old']);

    const rotatedFrom = Date.now();
    const r = await s.gql<Rotated>(ROTATE, { id });
    const rotatedTo = Date.now();
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    const { secret: newSecret, webhook } = r.data.rotateWebhookSecret;
    // The same shape and format as registerWebhook's secret.
    expect(newSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(newSecret.slice(6), 'base64')).toHaveLength(32);
    expect(newSecret).not.toBe(oldSecret);
    expect(webhook).toMatchObject({ id, url: rec.url, status: 'ACTIVE', purposeKeys: ['analytics'] });

    // Both stored sealed, never in clear; the old one expires GRACE_SECONDS after the rotation.
    const row = await storedRow(id);
    expect(isSealed(row.secret) && isSealed(row.previousSecret!)).toBe(true);
    expect(JSON.stringify(row)).not.toContain(newSecret.slice(6));
    expect(JSON.stringify(row)).not.toContain(oldSecret.slice(6));
    const expiry = row.previousSecretExpiresAt!.getTime();
    expect(expiry).toBeGreaterThanOrEqual(rotatedFrom + GRACE_SECONDS * 1000);
    expect(expiry).toBeLessThanOrEqual(rotatedTo + GRACE_SECONDS * 1000);

    // A receiver still on the old secret and one already on the new both accept it.
    verifyWith = { old: oldSecret, new: newSecret };
    const during = await deliverOne('rotation-during');
    expect(Number(during.headers['webhook-timestamp']) * 1000).toBeLessThan(expiry);
    expect(during.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+ v1,[A-Za-z0-9+/=]+$/);
    expect(accepted.get(during)).toEqual(['old', 'new']);
    expect(during.status).toBe(204);

    // After the grace period: one signature, by the new secret only.
    await waitFor('the grace period over', () => Date.now() > expiry + 1000, (GRACE_SECONDS + 5) * 1000);
    const after = await deliverOne('rotation-after');
    expect(Number(after.headers['webhook-timestamp']) * 1000).toBeGreaterThanOrEqual(expiry - 1000);
    expect(after.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(accepted.get(after)).toEqual(['new']);
    expect(verifies(oldSecret, after)).toBe(false);
    await s.gql(Q.disable, { id });
  }, 60_000);

  it('rotating again within the grace period keeps only the secret replaced last beside the new one', async () => {
    const { id, secret: first } = await register();
    const second = (await s.gql<Rotated>(ROTATE, { id })).data!.rotateWebhookSecret.secret;
    const third = (await s.gql<Rotated>(ROTATE, { id })).data!.rotateWebhookSecret.secret;
    verifyWith = { first, second, third };
    const q = await deliverOne('rotation-twice');
    expect(q.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(accepted.get(q)).toEqual(['second', 'third']);
    await s.gql(Q.disable, { id });
  }, 30_000);

  it('an unknown id is NOT_FOUND, a malformed one BAD_USER_INPUT, anyone but an admin FORBIDDEN, and none of them writes', async () => {
    const { id } = await register();
    const allRows = () =>
      s.app.core.db.prisma.webhook.findMany({
        orderBy: { id: 'asc' },
        select: { id: true, secret: true, previousSecret: true, previousSecretExpiresAt: true, status: true },
      });
    const stored = await storedRow(id);
    const everyRowBefore = await allRows();
    const service = await apiKey(s, 'SERVICE');
    const support = await apiKey(s, 'SUPPORT');

    const unknown = await s.gql(ROTATE, { id: '00000000-0000-4000-8000-000000000000' });
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    expect(unknown.data).toBeNull();
    for (const bad of ['', 'x'.repeat(101)]) {
      const r = await s.gql(ROTATE, { id: bad });
      expect(codeOf(r), JSON.stringify(r.errors)).toBe('BAD_USER_INPUT');
      expect(r.data).toBeNull();
    }
    for (const token of [service, support]) {
      const r = await s.gql(ROTATE, { id }, token);
      expect(codeOf(r)).toBe('FORBIDDEN');
      expect(r.data).toBeNull();
    }
    expect(codeOf(await s.gql(ROTATE, { id }, null))).toBe('UNAUTHENTICATED');

    expect(await storedRow(id)).toEqual(stored);
    expect(stored.previousSecret).toBeNull();
    expect(await allRows()).toEqual(everyRowBefore);
    await s.gql(Q.disable, { id });
  });

  it('of two rotations racing, the one that read a secret already replaced is a CONFLICT and writes nothing', async () => {
    const { id } = await register();
    const data = await openDispatcherData(s.app.core.env, createLogger('silent'), { kek: s.app.core.kek });
    try {
      let winner = '';
      let winnerRow: Awaited<ReturnType<typeof storedRow>> | undefined;
      const racing = {
        // Another admin's rotation commits between this one's read and its write.
        findStoredSecrets: async (webhookId: string) => {
          const read = await data.webhooks.findStoredSecrets(webhookId);
          winner = (await s.gql<Rotated>(ROTATE, { id: webhookId })).data!.rotateWebhookSecret.secret;
          winnerRow = await storedRow(webhookId);
          return read;
        },
        replaceSecrets: data.webhooks.replaceSecrets,
      };
      const rotation = rotateWebhookSecret(
        { webhookRepo: racing, webhookSecretGraceSeconds: GRACE_SECONDS, now: () => new Date() },
        { role: 'ADMIN', kind: 'ADMIN', id: 'race-test', via: 'bootstrap' },
        { id },
      );
      await expect(rotation).rejects.toMatchObject({ code: 'CONFLICT' });
      // The loser wrote nothing: the row is the winner's, whose secret signs (with the one it replaced).
      expect(await storedRow(id)).toEqual(winnerRow);
      verifyWith = { winner };
      const q = await deliverOne('rotation-race');
      expect(accepted.get(q)).toEqual(['winner']);
      expect(q.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    } finally {
      await data.close();
      await s.gql(Q.disable, { id });
    }
  }, 30_000);
});
