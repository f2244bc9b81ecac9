import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey, startTestServer, subjectToken, suiteKind, type TestServer } from '../../server/test/harness.ts';
import { AssentError, createAssentClient, type AssentClient } from '../src/index.ts';

// Part of `pnpm test` (the package's test script runs test:integration after the unit tests).
/**
 * A tiny budget the server enforces today: startVisitorSession per client IP (the per-role request budgets of the
 * hardening issue will give API keys their own).
 */
const TINY_BUDGET = { ASSENT_RATE_LIMIT_VISITOR_SESSIONS: '3', ASSENT_RATE_LIMIT_WINDOW_SECONDS: '2' };
/** startVisitorSession through the client's typed request (no method of its own: it is a banner's call). */
const startVisitorSession = {
  toString: () => 'mutation { startVisitorSession(ttlSeconds: 3600) { token } }',
} as DocumentTypeDecoration<{ startVisitorSession: { token: string } }, Record<string, never>> & { toString(): string };

let s: TestServer;
let key: string;
let client: AssentClient;
let requests = 0;
const evidence = { source: 'client integration test' };
const input = (subjectId: string, purposeKey = 'marketing-email') => ({
  subjectId,
  purposeKey,
  channel: 'API' as const,
  method: 'client-test',
  evidence,
});

beforeAll(async () => {
  s = await startTestServer();
  key = await apiKey(s, 'SERVICE');
  client = createAssentClient({
    url: `${s.url}/graphql`,
    token: key,
    fetch: (url, init) => (requests++, fetch(url, init)),
  });
});
afterAll(() => s?.close());

describe(`@assent/client against a real Assent on ${suiteKind}`, () => {
  it('typed writes and decisions round-trip: grant, withdraw, refuse, choices, import', async () => {
    const g = await client.grantConsent(input('ic-alice'));
    expect(g).toMatchObject({
      subjectId: 'ic-alice',
      purposeKey: 'marketing-email',
      action: 'GRANT',
      actor: { kind: 'SERVICE' },
    });
    expect((await client.decide('ic-alice', 'marketing-email')).reason).toBe('CONSENT_GRANTED');
    await client.withdrawConsent(input('ic-alice'));
    expect(await client.decide('ic-alice', 'marketing-email')).toMatchObject({
      allowed: false,
      reason: 'CONSENT_WITHDRAWN',
    });
    await client.refuseConsent(input('ic-bob'));
    expect((await client.decide('ic-bob', 'marketing-email')).reason).toBe('CONSENT_REFUSED');
    const records = await client.recordChoices({
      subjectId: 'ic-carol',
      channel: 'WEB',
      method: 'banner/accept-all',
      evidence,
      choices: [
        { purposeKey: 'analytics', action: 'GRANT' },
        { purposeKey: 'marketing-email', action: 'REFUSE' },
      ],
    });
    expect(records.map((r) => r.action)).toEqual(['GRANT', 'REFUSE']);
    const row = {
      importId: 'ic-import-1',
      subjectId: 'ic-dan',
      purposeKey: 'research',
      action: 'GRANT' as const,
      channel: 'OFFLINE' as const,
      method: 'paper-form',
      occurredAt: '2025-01-01T00:00:00.000Z',
      evidence,
    };
    expect(await client.importConsents([row])).toEqual({ imported: 1, duplicates: 0 });
    expect(await client.importConsents([row])).toEqual({ imported: 0, duplicates: 1 });
  });

  it('issues subject tokens and one-click unsubscribe links with their header values', async () => {
    const t = await client.issueSubjectToken('ic-erin', 60);
    expect(t.token.length).toBeGreaterThan(10);
    const link = await client.issueUnsubscribeLink('ic-erin', 'marketing-email');
    expect(link.listUnsubscribe).toBe(`<${link.url}>`);
    expect(link.listUnsubscribePost).toBe('List-Unsubscribe=One-Click');
  });

  it('decisions asked in the same tick share one HTTP request and come back in order', async () => {
    await client.grantConsent(input('ic-frank', 'analytics'));
    const before = requests;
    const [a, b, many] = await Promise.all([
      client.decide('ic-frank', 'analytics'),
      client.decide('ic-frank', 'marketing-email'),
      client.decideMany(
        Array.from({ length: 1200 }, (_, i) => ({
          subjectId: `ic-many-${i}`,
          purposeKey: i % 2 ? 'analytics' : 'essential-service',
        })),
      ),
    ]);
    expect(requests - before).toBe(2); // 1,202 decisions: two decideMany calls of ≤ 1,000
    expect([a.allowed, b.allowed]).toEqual([true, false]);
    expect(many.map((d) => d.subjectId)).toEqual(Array.from({ length: 1200 }, (_, i) => `ic-many-${i}`));
    expect(many.slice(0, 2).map((d) => d.reason)).toEqual(['OTHER_LEGAL_BASIS', 'NO_CONSENT']);
  });

  it('every error code the client can meet surfaces as AssentError', async () => {
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'no error',
        (e: unknown) => (e instanceof AssentError ? e.code : `not an AssentError: ${String(e)}`),
      );
    const anonymous = createAssentClient({ url: `${s.url}/graphql`, token: 'not-a-key' });
    expect(await codeOf(anonymous.decide('x', 'analytics'))).toBe('UNAUTHENTICATED');
    const subject = createAssentClient({ url: `${s.url}/graphql`, token: await subjectToken(s, 'ic-gina') });
    expect(await codeOf(subject.grantConsent(input('ic-someone-else')))).toBe('FORBIDDEN');
    const bad = await client.grantConsent({ ...input('ic-gina'), evidence: undefined }).catch((e: AssentError) => e);
    expect(bad).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await codeOf(client.decide('ic-gina', 'no-such-purpose'))).toBe('NOT_FOUND');
    expect(await codeOf(client.grantConsent(input('ic-gina', 'tax-records')))).toBe('CONSENT_NOT_APPLICABLE');
    const closed = createAssentClient({ url: 'http://127.0.0.1:9/graphql', token: key, timeoutMs: 2000 });
    expect(await codeOf(closed.decide('x', 'analytics'))).toBe('NETWORK_ERROR');
  });

  it('RATE_LIMITED carries retryAfterSeconds, and the opt-in retry waits it out', async () => {
    const limited = await startTestServer(TINY_BUDGET);
    try {
      const plain = createAssentClient({ url: `${limited.url}/graphql` });
      const errors = await Promise.all(
        Array.from({ length: 6 }, () =>
          plain.request(startVisitorSession, {}).then(
            () => null,
            (e: AssentError) => e,
          ),
        ),
      );
      const rl = errors.find((e) => e?.code === 'RATE_LIMITED');
      expect(rl, 'over the budget of 3, a call is refused').toBeInstanceOf(AssentError);
      expect(rl?.retryAfterSeconds).toBeGreaterThan(0);
      expect(rl?.status).toBe(429);
      const patient = createAssentClient({
        url: `${limited.url}/graphql`,
        retry: { rateLimited: true, maxRetries: 10 },
      });
      const results = await Promise.all(Array.from({ length: 5 }, () => patient.request(startVisitorSession, {})));
      expect(results.every((r) => r.startVisitorSession.token.length > 20)).toBe(true);
    } finally {
      await limited.close();
    }
  });
});
