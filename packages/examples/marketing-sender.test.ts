import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { createMarketingSender } from './marketing-sender.ts';
import { marketingAudience, type AssentEvent } from './marketing-audience.ts';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
let base = '';
const sender = createMarketingSender({ secret, log: () => {} });
beforeAll(async () => {
  await new Promise<void>((r) => sender.server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(sender.server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => sender.server.close(() => r())));

let clock = Date.parse('2026-11-29T10:00:00.000Z');
/** A consent event as Assent sends it. */
function consent(subjectId: string, action: 'GRANT' | 'WITHDRAW', opts: { purposeKey?: string; occurredAt?: string; version?: number } = {}): AssentEvent {
  const recordedAt = new Date((clock += 1000)).toISOString();
  return {
    id: randomUUID(), type: action === 'GRANT' ? 'assent.consent.granted' : 'assent.consent.withdrawn', subject: subjectId, time: recordedAt,
    data: {
      record: { id: randomUUID(), subjectId, purposeKey: opts.purposeKey ?? 'marketing-email', action, noticeVersion: { id: 'n', version: opts.version ?? 1 }, occurredAt: opts.occurredAt ?? recordedAt, recordedAt },
      purpose: { key: opts.purposeKey ?? 'marketing-email', legalBasis: 'CONSENT' },
    },
  };
}
/** POSTs an event signed like Assent signs it (Standard Webhooks). */
async function deliver(event: AssentEvent, key = secret) {
  const body = JSON.stringify(event);
  const at = new Date();
  return fetch(`${base}/assent`, {
    method: 'POST', body,
    headers: {
      'content-type': 'application/cloudevents+json', 'webhook-id': event.id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(key).sign(event.id, at, body),
    },
  });
}
const audience = async () => ((await (await fetch(`${base}/audience`)).json()) as { subjects: string[] }).subjects;

describe('marketing sender', () => {
  it('adds a subject on a marketing-email grant and drops it on withdrawal', async () => {
    expect((await deliver(consent('alice', 'GRANT'))).status).toBe(204);
    expect((await deliver(consent('bob', 'GRANT'))).status).toBe(204);
    expect((await deliver(consent('carol', 'GRANT', { purposeKey: 'analytics' }))).status).toBe(204);
    expect(await audience()).toEqual(['alice', 'bob']);
    await deliver(consent('alice', 'WITHDRAW'));
    expect(await audience()).toEqual(['bob']);
  });

  it('refuses a delivery whose signature does not match, and changes nothing', async () => {
    const other = `whsec_${randomBytes(32).toString('base64')}`;
    expect((await deliver(consent('mallory', 'GRANT'), other)).status).toBe(401);
    const tampered = consent('mallory', 'GRANT');
    const body = JSON.stringify(tampered);
    const at = new Date();
    const res = await fetch(`${base}/assent`, {
      method: 'POST', body: body.replace('mallory', 'eve'),
      headers: { 'webhook-id': tampered.id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign(tampered.id, at, body) },
    });
    expect(res.status).toBe(401);
    expect(await audience()).toEqual(['bob']);
  });
});

describe('marketing audience rules', () => {
  it('a replayed or older event never undoes a newer choice, and a duplicate is ignored', () => {
    const a = marketingAudience('marketing-email');
    const grant = consent('dave', 'GRANT');
    const withdraw = consent('dave', 'WITHDRAW');
    expect(a.apply(grant)).toBe('applied');
    expect(a.apply(withdraw)).toBe('applied');
    expect(a.apply({ ...grant, id: randomUUID() })).toBe('ignored'); // a replay of the older grant
    expect(a.apply(withdraw)).toBe('duplicate');
    expect(a.subjects()).toEqual([]);
    // A back-dated grant recorded later is still older in effect order.
    expect(a.apply(consent('dave', 'GRANT', { occurredAt: '2020-01-01T00:00:00.000Z' }))).toBe('ignored');
    expect(a.subjects()).toEqual([]);
  });

  it('grants under an older notice stop counting once a notice requiring re-consent is in effect', () => {
    const a = marketingAudience('marketing-email');
    a.apply(consent('erin', 'GRANT', { version: 1 }));
    a.apply(consent('frank', 'GRANT', { version: 2 }));
    a.apply({ id: randomUUID(), type: 'assent.notice.published', time: new Date(clock).toISOString(), data: { notice: { id: 'n2', version: 2, effectiveAt: '2026-12-01T00:00:00.000Z', purposes: [{ purposeKey: 'marketing-email', requiresReconsent: true }] } } });
    expect(a.subjects(new Date('2026-11-30T00:00:00.000Z'))).toEqual(['erin', 'frank']);
    expect(a.subjects(new Date('2026-12-01T00:00:00.000Z'))).toEqual(['frank']);
  });
});
