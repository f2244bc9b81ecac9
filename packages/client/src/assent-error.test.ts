import { describe, expect, it, vi } from 'vitest';
import { createAssentClient } from './assent-client.ts';
import { AssentError, CONTRACT_ERROR_CODES, parseRetryAfter } from './assent-error.ts';
import { createTransport } from './transport.ts';
import { fakeFetch, gqlError } from '../test/fake-fetch.ts';
import { GrantConsentDocument } from './gql/graphql.ts';

const url = 'http://assent.test/graphql';
const input = { subjectId: 's', purposeKey: 'p', channel: 'API' as const, method: 'test', evidence: { x: 1 } };

describe('AssentError mapping', () => {
  it.each(Object.keys(CONTRACT_ERROR_CODES))(
    'extensions.code %s surfaces as AssentError with that code',
    async (code) => {
      const s = fakeFetch({
        GrantConsent: () => ({
          status: code === 'RATE_LIMITED' ? 429 : 200,
          body: gqlError(code, `failed: ${code}`, { userMessage: `Please fix ${code}` }),
        }),
      });
      const err = await createAssentClient({ url, fetch: s.fetch })
        .grantConsent(input)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AssentError);
      expect(err).toMatchObject({ code, message: `failed: ${code}`, userMessage: `Please fix ${code}` });
    },
  );

  it('BAD_USER_INPUT carries the issues naming each field', async () => {
    const issues = [{ path: 'input.evidence', message: 'evidence is required' }];
    const s = fakeFetch({
      GrantConsent: () => ({ body: gqlError('BAD_USER_INPUT', 'input.evidence: evidence is required', { issues }) }),
    });
    await expect(createAssentClient({ url, fetch: s.fetch }).grantConsent(input)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      issues,
    });
  });

  it("an import's refusal keeps each bad row's index and reason beside its path", async () => {
    const issues = [
      { index: 3, path: 'records[3].purposeKey', reason: 'unknown purpose', message: 'unknown purpose: nope' },
    ];
    const s = fakeFetch({ ImportConsents: () => ({ body: gqlError('BAD_USER_INPUT', '1 row is bad', { issues }) }) });
    await expect(createAssentClient({ url, fetch: s.fetch }).importConsents([])).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [
        { index: 3, path: 'records[3].purposeKey', reason: 'unknown purpose', message: 'unknown purpose: nope' },
      ],
    });
  });

  it('RATE_LIMITED carries retryAfterSeconds from extensions', async () => {
    const s = fakeFetch({
      GrantConsent: () => ({
        status: 429,
        headers: { 'retry-after': '9' },
        body: gqlError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 7 }),
      }),
    });
    await expect(createAssentClient({ url, fetch: s.fetch }).grantConsent(input)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 7,
      status: 429,
    });
  });

  it('RATE_LIMITED without the extension reads the Retry-After header', async () => {
    const s = fakeFetch({
      GrantConsent: () => ({ status: 429, headers: { 'retry-after': '12' }, body: gqlError('RATE_LIMITED') }),
    });
    await expect(createAssentClient({ url, fetch: s.fetch }).grantConsent(input)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 12,
    });
  });

  it('an HTTP 429 without a GraphQL body is RATE_LIMITED with the header', async () => {
    const s = fakeFetch({
      GrantConsent: () => ({ raw: 'Too Many Requests', status: 429, headers: { 'retry-after': '3' } }),
    });
    await expect(createAssentClient({ url, fetch: s.fetch }).grantConsent(input)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 3,
    });
  });

  it('a connection failure is NETWORK_ERROR with the cause', async () => {
    const boom = new TypeError('fetch failed');
    const client = createAssentClient({ url, fetch: () => Promise.reject(boom) });
    await expect(client.grantConsent(input)).rejects.toMatchObject({ code: 'NETWORK_ERROR', cause: boom });
  });

  it('a non-GraphQL answer (a proxy page) is NETWORK_ERROR with the HTTP status; 413 is BAD_REQUEST', async () => {
    const proxy = fakeFetch({ GrantConsent: () => ({ raw: '<html>bad gateway</html>', status: 502 }) });
    await expect(createAssentClient({ url, fetch: proxy.fetch }).grantConsent(input)).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      status: 502,
    });
    const big = fakeFetch({ GrantConsent: () => ({ raw: 'Payload Too Large', status: 413 }) });
    await expect(createAssentClient({ url, fetch: big.fetch }).grantConsent(input)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      status: 413,
    });
  });

  it('Retry-After as an HTTP date gives the seconds until then', () => {
    expect(parseRetryAfter('Sun, 06 Dec 2026 10:00:30 GMT', Date.parse('2026-12-06T10:00:00Z'))).toBe(30);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('opt-in retry of RATE_LIMITED', () => {
  const limitedTwice = () =>
    fakeFetch({
      GrantConsent: (_v, n) =>
        n <= 2
          ? { status: 429, body: gqlError('RATE_LIMITED', 'slow down', { retryAfterSeconds: n }) }
          : { body: { data: { grantConsent: { id: 'r1' } } } },
    });

  it('retries after the time the server asks for, then succeeds', async () => {
    const s = limitedTwice();
    const waits: number[] = [];
    const request = createTransport({
      url,
      fetch: s.fetch,
      retry: { rateLimited: true, maxRetries: 3 },
      sleep: async (ms) => void waits.push(ms),
    });
    expect(await request(GrantConsentDocument, { input })).toEqual({ grantConsent: { id: 'r1' } });
    expect(waits).toEqual([1000, 2000]);
    expect(s.seen).toHaveLength(3);
  });

  it('honours the wait with real timers (fake clock)', async () => {
    vi.useFakeTimers();
    try {
      const s = limitedTwice();
      const client = createAssentClient({ url, fetch: s.fetch, retry: { rateLimited: true, maxRetries: 3 } });
      const p = client.grantConsent(input);
      await vi.advanceTimersByTimeAsync(999);
      expect(s.seen).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(s.seen).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(2000);
      expect(await p).toEqual({ id: 'r1' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives up after maxRetries with the last RATE_LIMITED error', async () => {
    const s = limitedTwice();
    const request = createTransport({
      url,
      fetch: s.fetch,
      retry: { rateLimited: true, maxRetries: 1 },
      sleep: async () => {},
    });
    await expect(request(GrantConsentDocument, { input })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 2,
    });
  });

  it('does not retry unless asked, nor any other code', async () => {
    const s = limitedTwice();
    await expect(createAssentClient({ url, fetch: s.fetch }).grantConsent(input)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    expect(s.seen).toHaveLength(1);
    const forbidden = fakeFetch({ GrantConsent: () => ({ body: gqlError('FORBIDDEN') }) });
    const request = createTransport({
      url,
      fetch: forbidden.fetch,
      retry: { rateLimited: true },
      sleep: async () => {},
    });
    await expect(request(GrantConsentDocument, { input })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(forbidden.seen).toHaveLength(1);
  });
});
