import { describe, expect, it, vi } from 'vitest';
import { ApiError, createGraphQLClient, type TypedDocument } from './graphql-client';

/** An operation as the apps' generated code holds it: the text, typed by result and variables. */
function operation<TResult>(query: string): TypedDocument<TResult, Record<string, never>> {
  return { toString: () => query };
}

// The privacy center's Me query and the staff console's ProbeAdmin query, as the apps send them.
const meDocument = operation<{ me: { subjectId: string } }>('query Me {\n  me {\n    subjectId\n  }\n}');
const probeAdminDocument = operation<{ apiKeys: { id: string }[] }>('query ProbeAdmin {\n  apiKeys {\n    id\n  }\n}');

function answering(body: unknown, status = 200) {
  return vi.fn(
    async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
  );
}

describe('createGraphQLClient', () => {
  it('POSTs the operation to /graphql with the subject token as a Bearer token', async () => {
    const fetchMock = answering({ data: { me: { subjectId: 's' } } });
    const request = createGraphQLClient({ getToken: () => 'tok', fetch: fetchMock });

    await expect(request(meDocument)).resolves.toEqual({ me: { subjectId: 's' } });

    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/graphql');
    expect(init.method).toBe('POST');
    expect(new Headers(init.headers).get('Authorization')).toBe('Bearer tok');
    expect(JSON.parse(String(init.body))).toMatchObject({
      operationName: 'Me',
      query: expect.stringContaining('query Me'),
    });
  });

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

  it.each<{ code: string; message: string; document: TypedDocument<unknown, Record<string, never>> }>([
    { code: 'UNAUTHENTICATED', message: 'Token expired', document: meDocument },
    { code: 'FORBIDDEN', message: 'The SUPPORT role may not do this.', document: probeAdminDocument },
  ])('turns a GraphQL $code error into an ApiError carrying extensions.code', async ({ code, message, document }) => {
    const request = createGraphQLClient({
      getToken: () => 'tok',
      fetch: answering({ data: null, errors: [{ message, extensions: { code } }] }),
    });
    const error = await request(document).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code, message, extensions: { code } });
  });

  it('reports a 400 validation failure with its code', async () => {
    const request = createGraphQLClient({
      getToken: () => null,
      fetch: answering({ errors: [{ message: 'bad', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] }, 400),
    });
    await expect(request(meDocument)).rejects.toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', status: 400 });
  });

  it('reports an unreachable server or a non-JSON answer as NETWORK_ERROR', async () => {
    const offline = createGraphQLClient({
      getToken: () => null,
      fetch: vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    });
    await expect(offline(meDocument)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    await expect(offline(probeAdminDocument)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });

    const html = createGraphQLClient({
      getToken: () => null,
      fetch: vi.fn(async () => new Response('<h1>Bad gateway</h1>', { status: 502 })),
    });
    await expect(html(meDocument)).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 502 });
    await expect(html(probeAdminDocument)).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 502 });
  });

  it('sends no Authorization header without a token', async () => {
    const fetchMock = answering({ data: {} });
    await createGraphQLClient({ getToken: () => null, fetch: fetchMock })(meDocument);
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(new Headers(init.headers).has('Authorization')).toBe(false);
  });
});
