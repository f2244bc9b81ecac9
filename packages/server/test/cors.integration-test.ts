import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, counts, startTestServer, type TestServer } from './harness.ts';

// Contract 1.1, "Browsers on other sites": /graphql answers CORS requests from ASSENT_ALLOWED_ORIGINS only,
// credentials off; everything else gets no CORS headers. Checked on both HTTP paths (a plain JSON POST takes
// the node:http fast path, a gzip body goes through express).

const ALLOWED = 'https://shop.example';
const ALSO_ALLOWED = 'http://127.0.0.1:5999';
const DENIED = 'https://evil.example';

let s: TestServer;

beforeAll(async () => {
  // Spelled as an operator might (host in capitals, the default port): the server compares browser-serialized origins.
  s = await startTestServer({ ASSENT_ALLOWED_ORIGINS: `https://Shop.Example:443,${ALSO_ALLOWED}` });
});
afterAll(async () => {
  await s?.close();
});

const HEALTH = JSON.stringify({ query: '{ health { ok } }' });
const GRANT = JSON.stringify({
  query: 'mutation($i: ConsentInput!) { grantConsent(input: $i) { id } }',
  variables: {
    i: {
      subjectId: 'cors-subject',
      purposeKey: 'analytics',
      channel: 'API',
      method: 'cors-test',
      evidence: { ticket: 'CORS-1' },
    },
  },
});

type Path = 'fast' | 'express';

/** POSTs a GraphQL body on one of the two HTTP paths, with extra headers (Origin among them). */
function post(path: Path, body: string, headers: Record<string, string> = {}): Promise<Response> {
  const gzip = path === 'express';
  return fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      ...headers,
    },
    body: gzip ? gzipSync(body) : body,
  });
}

function preflight(
  origin: string,
  path = '/graphql',
  requestHeaders = 'authorization,content-type',
): Promise<Response> {
  return fetch(`${s.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaders },
  });
}

/** Every header whose name starts with access-control-. */
function corsHeaders(res: Response): Record<string, string> {
  return Object.fromEntries([...res.headers].filter(([name]) => name.startsWith('access-control-')));
}

describe('CORS on /graphql', () => {
  it('an allowed origin may preflight: 204 with its origin, POST/GET/OPTIONS, the headers the banner sends, a max age, Vary: Origin', async () => {
    const res = await preflight(ALLOWED);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-methods')).toBe('POST, GET, OPTIONS');
    const allowedHeaders = res.headers
      .get('access-control-allow-headers')!
      .split(',')
      .map((h) => h.trim());
    expect(allowedHeaders).toEqual(expect.arrayContaining(['authorization', 'content-type']));
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  for (const path of ['fast', 'express'] as const) {
    it(`an allowed origin's POST (${path} path) is answered with Access-Control-Allow-Origin naming that origin, never *`, async () => {
      const res = await post(path, HEALTH, { origin: ALSO_ALLOWED });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data: unknown }).data).toEqual({ health: { ok: true } });
      expect(res.headers.get('access-control-allow-origin')).toBe(ALSO_ALLOWED);
      expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it(`a denied origin's POST (${path} path) is refused with 403 FORBIDDEN, no CORS headers, and nothing written`, async () => {
      const before = await counts(s);
      const res = await post(path, GRANT, { origin: DENIED });
      expect(res.status).toBe(403);
      const body = (await res.json()) as {
        data?: unknown;
        errors: { message: string; extensions: { code: string } }[];
      };
      expect(body.data).toBeUndefined();
      expect(body.errors[0]!.extensions.code).toBe('FORBIDDEN');
      expect(body.errors[0]!.message).toContain('ASSENT_ALLOWED_ORIGINS');
      expect(corsHeaders(res)).toEqual({});
      expect(await counts(s)).toEqual(before);
    });
  }

  it('an allowed origin gets its CORS headers on an error answer too (the page can read the error)', async () => {
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', origin: ALLOWED },
      body: gzipSync('{ not json'),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });

  it('a denied origin may not preflight: 204 without Access-Control-Allow-Origin, so the browser blocks the call', async () => {
    const res = await preflight(DENIED);
    expect(res.status).toBe(204);
    expect(corsHeaders(res)).toEqual({});
    expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
  });

  it('origins match exactly: another scheme, port, subdomain, a trailing slash or "null" are denied', async () => {
    for (const origin of [
      'http://shop.example',
      'https://shop.example:8443',
      'https://www.shop.example',
      'https://shop.example/',
      'null',
      'https://shop.example.evil.example',
    ]) {
      const res = await preflight(origin);
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('a request without Origin (a server, curl) is served as before, without CORS headers', async () => {
    for (const path of ['fast', 'express'] as const) {
      const res = await post(path, HEALTH);
      expect(res.status).toBe(200);
      expect(corsHeaders(res)).toEqual({});
    }
  });

  it('a same-origin page (the privacy center: Origin names the host it called) is served without CORS headers', async () => {
    const res = await post('fast', HEALTH, { origin: s.url });
    expect(res.status).toBe(200);
    expect(corsHeaders(res)).toEqual({});
  });

  it('credentials are never allowed, whatever the origin, path or method', async () => {
    const answers = [
      await preflight(ALLOWED),
      await preflight(DENIED),
      await post('fast', HEALTH, { origin: ALLOWED }),
      await post('express', HEALTH, { origin: ALLOWED }),
      await post('fast', HEALTH, { origin: DENIED }),
      await fetch(`${s.url}/healthz`, { headers: { origin: ALLOWED } }),
    ];
    for (const res of answers) expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('no CORS elsewhere', () => {
  it('other paths get no CORS headers, even from an allowed origin', async () => {
    const health = await fetch(`${s.url}/healthz`, { headers: { origin: ALLOWED } });
    expect(health.status).toBe(200);
    expect(corsHeaders(health)).toEqual({});
    const options = await preflight(ALLOWED, '/healthz');
    expect(corsHeaders(options)).toEqual({});
    const page = await fetch(`${s.url}/`, { headers: { origin: ALLOWED, accept: 'text/html' } });
    expect(corsHeaders(page)).toEqual({});
  });
});
