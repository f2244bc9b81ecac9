import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentEvent } from '../src/db/outbox.ts';
import { apiKey, counts, startTestServer, subjectToken, suiteKind, type TestServer } from './harness.ts';
import { consentInput, Q } from './propagation-helpers.ts';

let s: TestServer;
let service: string;
beforeAll(async () => {
  s = await startTestServer();
  service = await apiKey(s, 'SERVICE');
});
afterAll(async () => s?.close());

type Link = { url: string; listUnsubscribe: string; listUnsubscribePost: string };
const ISSUE =
  'mutation($s: ID!, $p: ID!) { issueUnsubscribeLink(subjectId: $s, purposeKey: $p) { url listUnsubscribe listUnsubscribePost } }';
async function link(subjectId: string, purposeKey = 'marketing-email'): Promise<Link> {
  const r = await s.gql<{ issueUnsubscribeLink: Link }>(ISSUE, { s: subjectId, p: purposeKey }, service);
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.issueUnsubscribeLink;
}
/** The link on this test server (its public URL is http://localhost:<port>; 127.0.0.1 avoids an IPv6 lookup). */
const local = (url: string) => url.replace('//localhost:', '//127.0.0.1:');
/** What a mail provider sends (RFC 8058). */
const oneClick = (url: string) =>
  fetch(local(url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
    redirect: 'manual',
  });
const history = async (subjectId: string) =>
  (
    await s.gql<{
      consentHistory: {
        edges: {
          node: {
            action: string;
            channel: string;
            method: string;
            evidence: unknown;
            actor: { kind: string; id: string };
          };
        }[];
      };
    }>(
      'query($s: ID!) { consentHistory(subjectId: $s) { edges { node { action channel method evidence actor { kind id } } } } }',
      { s: subjectId },
    )
  ).data!.consentHistory.edges.map((e) => e.node);
const reason = async (subjectId: string, purposeKey = 'marketing-email') =>
  (
    await s.gql<{ decide: { reason: string } }>(
      'query($s: ID!, $p: ID!) { decide(subjectId: $s, purposeKey: $p) { reason } }',
      { s: subjectId, p: purposeKey },
    )
  ).data!.decide.reason;

describe(`one-click unsubscribe (RFC 8058) on ${suiteKind}`, () => {
  it('issues a signed link under the public URL with the List-Unsubscribe header values', async () => {
    const l = await link('unsub-1');
    expect(l.url).toMatch(
      new RegExp(
        `^http://localhost:${new URL(s.url).port}/unsubscribe/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`,
      ),
    );
    expect(l.listUnsubscribe).toBe(`<${l.url}>`);
    expect(l.listUnsubscribePost).toBe('List-Unsubscribe=One-Click');
    expect((await link('unsub-1')).url).not.toBe(l.url); // a new link id every time
  });

  it('GET shows a plain confirmation page with one Unsubscribe button, no script, and changes nothing', async () => {
    await s.gql(Q.grant, { i: consentInput('unsub-get', 'marketing-email') });
    const l = await link('unsub-get');
    const before = await counts(s);
    const res = await fetch(local(l.url), { headers: { accept: 'text/html' } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Marketing');
    expect(html).toMatch(
      /<form method="post">[\s\S]*name="List-Unsubscribe" value="One-Click"[\s\S]*<button type="submit">Unsubscribe<\/button>/,
    );
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script|onclick|javascript:/i);
    expect(await counts(s)).toEqual(before);
    expect(await reason('unsub-get')).toBe('CONSENT_GRANTED');
  });

  it('POST List-Unsubscribe=One-Click records one WITHDRAW (EMAIL, email/one-click, evidence { linkId }) by the subject; a second POST records nothing and still answers 200', async () => {
    await s.gql(Q.grant, { i: consentInput('unsub-post', 'marketing-email') });
    const l = await link('unsub-post');
    const first = await oneClick(l.url);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('You are unsubscribed');
    expect(await reason('unsub-post')).toBe('CONSENT_WITHDRAWN');
    const [withdrawal] = await history('unsub-post');
    expect(withdrawal).toMatchObject({
      action: 'WITHDRAW',
      channel: 'EMAIL',
      method: 'email/one-click',
      actor: { kind: 'SUBJECT', id: 'unsub-post' },
    });
    expect(withdrawal!.evidence).toEqual({ linkId: expect.stringMatching(/^[A-Za-z0-9_-]{16,}$/) });
    const before = await counts(s);
    const again = await oneClick(l.url);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('You are unsubscribed');
    expect(await counts(s)).toEqual(before);
    expect(await history('unsub-post')).toHaveLength(2);
  });

  it('POST as multipart/form-data (what RFC 8058 says a provider SHOULD send) withdraws the same; a body without the pair changes nothing', async () => {
    await s.gql(Q.grant, { i: consentInput('unsub-multipart', 'marketing-email') });
    const l = await link('unsub-multipart');
    const before = await counts(s);
    const other = new FormData();
    other.set('List-Unsubscribe', 'Yes');
    const refused = await fetch(local(l.url), { method: 'POST', body: other });
    expect(refused.status).toBe(400);
    expect(await counts(s)).toEqual(before);
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    // fetch sends a FormData body as multipart/form-data with its boundary.
    const res = await fetch(local(l.url), { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are unsubscribed');
    expect(await reason('unsub-multipart')).toBe('CONSENT_WITHDRAWN');
    expect((await history('unsub-multipart'))[0]).toMatchObject({ action: 'WITHDRAW', method: 'email/one-click' });
  });

  it('a POST whose body is not a form (malformed multipart, another media type, too large) gets 400 and changes nothing', async () => {
    await s.gql(Q.grant, { i: consentInput('unsub-odd', 'marketing-email') });
    const l = await link('unsub-odd');
    const before = await counts(s);
    const bodies: [string, string][] = [
      ['multipart/form-data; boundary=x', 'List-Unsubscribe=One-Click'],
      ['multipart/form-data', '--x\r\n'],
      ['application/json', '{"List-Unsubscribe":"One-Click"}'],
      ['application/x-www-form-urlencoded', `List-Unsubscribe=One-Click&pad=${'a'.repeat(8000)}`],
    ];
    for (const [type, body] of bodies) {
      const res = await fetch(local(l.url), { method: 'POST', headers: { 'content-type': type }, body });
      expect([type, res.status]).toEqual([type, type === 'application/x-www-form-urlencoded' ? 413 : 400]);
      expect(res.headers.get('content-type')).toContain('text/html');
    }
    expect(await counts(s)).toEqual(before);
    expect(await reason('unsub-odd')).toBe('CONSENT_GRANTED');
  });

  it('concurrent POSTs (one link twice, and two links of the same subject and purpose) withdraw exactly once, and all answer 200', async () => {
    await s.gql(Q.grant, { i: consentInput('unsub-race', 'marketing-email') });
    const [a, b] = [await link('unsub-race'), await link('unsub-race')];
    const answers = await Promise.all([a, b, a, b, a, b, a, b].map((l) => oneClick(l.url)));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
    const withdrawals = (await history('unsub-race')).filter((r) => r.action === 'WITHDRAW');
    expect(withdrawals).toHaveLength(1);
    expect(await reason('unsub-race')).toBe('CONSENT_WITHDRAWN');
    // Granted again, then unsubscribed again: the same link withdraws the new grant (once more, once only).
    await s.gql(Q.grant, { i: consentInput('unsub-race', 'marketing-email') });
    await Promise.all([oneClick(a.url), oneClick(a.url), oneClick(b.url)]);
    expect((await history('unsub-race')).filter((r) => r.action === 'WITHDRAW')).toHaveLength(2);
  });

  it('the ledger appends a record decided on a state only while that state is current (appendIfCurrent), else writes nothing', async () => {
    await s.gql(Q.grant, { i: consentInput('unsub-cas', 'marketing-email') });
    const ledger = s.app.core.repos.ledger;
    const seen = (await ledger.findState('unsub-cas', 'marketing-email'))!;
    const notice = (await s.app.core.repos.catalog.listNotices()).at(-1)!;
    const content = (id: string) => ({
      id,
      subjectId: 'unsub-cas',
      purposeKey: 'marketing-email',
      action: 'WITHDRAW' as const,
      noticeVersionId: notice.id,
      noticeVersion: notice.version,
      channel: 'EMAIL' as const,
      method: 'email/one-click',
      actorKind: 'SUBJECT' as const,
      actorId: 'unsub-cas',
      evidence: { linkId: 'test' },
      occurredAt: new Date(),
      recordedAt: new Date(),
    });
    const event = (r: { id: string; subjectId: string }) =>
      consentEvent(r as never, { key: 'marketing-email', legalBasis: 'CONSENT' });
    // Another write moves the projection after `seen` was read.
    await s.gql(Q.grant, { i: consentInput('unsub-cas', 'marketing-email') });
    const before = await counts(s);
    expect(await ledger.appendIfCurrent(content(randomUUID()), seen.recordId, event)).toBeNull();
    expect(await ledger.appendIfCurrent(content(randomUUID()), null, event)).toBeNull();
    expect(await counts(s)).toEqual(before);
    const now = (await ledger.findState('unsub-cas', 'marketing-email'))!;
    const id = randomUUID();
    expect(await ledger.appendIfCurrent(content(id), now.recordId, event)).toMatchObject({ id, action: 'WITHDRAW' });
    expect((await ledger.findState('unsub-cas', 'marketing-email'))!.recordId).toBe(id);
  });

  it("the page's button posts the same form and withdraws", async () => {
    await s.gql(Q.grant, { i: consentInput('unsub-button', 'marketing-email') });
    const l = await link('unsub-button');
    const html = await (await fetch(local(l.url))).text();
    const fields = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]+)">/g)].map(
      (m): [string, string] => [m[1]!, m[2]!],
    );
    const res = await fetch(local(l.url), { method: 'POST', body: new URLSearchParams(fields) });
    expect(res.status).toBe(200);
    expect(await reason('unsub-button')).toBe('CONSENT_WITHDRAWN');
  });

  it('a purpose that is not granted answers 200 and records nothing', async () => {
    const l = await link('unsub-never');
    const before = await counts(s);
    const res = await oneClick(l.url);
    expect(res.status).toBe(200);
    expect(await counts(s)).toEqual(before);
    expect(await reason('unsub-never')).toBe('NO_CONSENT');
  });

  it('a forged or altered link gets 404 on GET and POST and records nothing', async () => {
    await s.gql(Q.grant, { i: consentInput('unsub-forged', 'marketing-email') });
    const l = await link('unsub-forged');
    const token = l.url.split('/unsubscribe/')[1]!;
    const [h, payload, sig] = token.split('.') as [string, string, string];
    // Another subject in the payload, keeping the signature; a flipped signature; a subject token (another key); junk.
    const otherPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'someone-else' }),
    ).toString('base64url');
    const forged = [
      `${h}.${otherPayload}.${sig}`,
      `${h}.${payload}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`,
      await subjectToken(s, 'unsub-forged'),
      'not-a-token',
    ];
    const before = await counts(s);
    for (const t of forged) {
      const url = `${s.url}/unsubscribe/${t}`;
      expect((await fetch(url)).status).toBe(404);
      const post = await oneClick(url);
      expect(post.status).toBe(404);
      expect(await post.text()).toContain('not valid');
    }
    expect(await counts(s)).toEqual(before);
    expect(await reason('unsub-forged')).toBe('CONSENT_GRANTED');
  });

  it('a POST without the one-click body changes nothing', async () => {
    await s.gql(Q.grant, { i: consentInput('unsub-empty', 'marketing-email') });
    const l = await link('unsub-empty');
    const before = await counts(s);
    const res = await fetch(local(l.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(res.status).toBe(400);
    expect(await counts(s)).toEqual(before);
  });

  it('issuing is for SERVICE and ADMIN, for consent purposes that exist', async () => {
    const code = async (vars: { s: string; p: string }, token: string | null) =>
      (await s.gql(ISSUE, vars, token)).errors?.[0]?.extensions?.code;
    expect(await code({ s: 'x', p: 'marketing-email' }, await apiKey(s, 'SUPPORT'))).toBe('FORBIDDEN');
    expect(await code({ s: 'x', p: 'marketing-email' }, await subjectToken(s, 'x'))).toBe('FORBIDDEN');
    expect(await code({ s: 'x', p: 'marketing-email' }, null)).toBe('UNAUTHENTICATED');
    expect(await code({ s: 'x', p: 'no-such-purpose' }, service)).toBe('NOT_FOUND');
    expect(await code({ s: 'x', p: 'tax-records' }, service)).toBe('CONSENT_NOT_APPLICABLE');
    expect(await code({ s: 'x', p: 'marketing-email' }, s.app.core.adminToken)).toBeUndefined();
  });
});

describe(`unsubscribe links under ASSENT_PUBLIC_URL on ${suiteKind}`, () => {
  it('uses the configured public URL', async () => {
    const p = await startTestServer({ ASSENT_PUBLIC_URL: 'https://consent.example.com/' });
    try {
      const r = await p.gql<{ issueUnsubscribeLink: Link }>(ISSUE, { s: 'x', p: 'marketing-email' });
      expect(r.data!.issueUnsubscribeLink.url).toMatch(/^https:\/\/consent\.example\.com\/unsubscribe\/[^/]+$/);
    } finally {
      await p.close();
    }
  });
});
