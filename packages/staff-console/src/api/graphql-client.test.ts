import { describe, expect, it, vi } from 'vitest';
import { probeAdminDocument } from '../auth/role.queries';
import { ApiError, createGraphQLClient } from './graphql-client';

function answering(body: unknown, status = 200) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
}

describe('createGraphQLClient', () => {
  it('POSTs the operation to /graphql with the API key as a Bearer token', async () => {
    const fetchMock = answering({ data: { apiKeys: [] } });
    const request = createGraphQLClient({ getToken: () => 'assent_sk_x', fetch: fetchMock });

    await expect(request(probeAdminDocument)).resolves.toEqual({ apiKeys: [] });

    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/graphql');
    expect(init.method).toBe('POST');
    expect(new Headers(init.headers).get('Authorization')).toBe('Bearer assent_sk_x');
    expect(JSON.parse(String(init.body))).toMatchObject({ operationName: 'ProbeAdmin' });
  });

  it('turns a GraphQL error into an ApiError carrying extensions.code', async () => {
    const request = createGraphQLClient({
      getToken: () => 'k',
      fetch: answering({ data: null, errors: [{ message: 'The SUPPORT role may not do this.', extensions: { code: 'FORBIDDEN' } }] }),
    });
    const error = await request(probeAdminDocument).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'FORBIDDEN', extensions: { code: 'FORBIDDEN' } });
  });

  it('reports an unreachable server or a non-JSON answer as NETWORK_ERROR', async () => {
    const offline = createGraphQLClient({ getToken: () => null, fetch: vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))) });
    await expect(offline(probeAdminDocument)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });

    const html = createGraphQLClient({ getToken: () => null, fetch: vi.fn(async () => new Response('<h1>Bad gateway</h1>', { status: 502 })) });
    await expect(html(probeAdminDocument)).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 502 });
  });
});
