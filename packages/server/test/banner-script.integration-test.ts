import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bannerDistPath } from '../src/http/banner-script.ts';
import { startTestServer, type TestServer } from './harness.ts';

// GET /banner.js serves the built @assent/banner (scripts/prepare.mjs builds it before the tests run).

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ ASSENT_ALLOWED_ORIGINS: 'https://shop.example' });
});
afterAll(async () => {
  await s?.close();
});

describe('GET /banner.js', () => {
  it('serves the built banner as a JavaScript module with a strong content-hash ETag', async () => {
    const file = fs.readFileSync(bannerDistPath());
    const res = await fetch(`${s.url}/banner.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(Buffer.from(await res.arrayBuffer()).equals(file)).toBe(true);
    const hash = createHash('sha256').update(file).digest('base64url');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    expect(hash.startsWith(etag.slice(1, -1))).toBe(true);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('is readable from any page (a module script is fetched with CORS): Allow-Origin *, CORP cross-origin, never credentials', async () => {
    for (const origin of ['https://shop.example', 'https://anyone.example']) {
      const res = await fetch(`${s.url}/banner.js`, { headers: { origin } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('answers 304 without a body to If-None-Match with its ETag (or *), 200 to another tag', async () => {
    const etag = (await fetch(`${s.url}/banner.js`)).headers.get('etag')!;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"old", ${etag}`, '*']) {
      const res = await fetch(`${s.url}/banner.js`, { headers: { 'if-none-match': ifNoneMatch } });
      expect(res.status, ifNoneMatch).toBe(304);
      expect(await res.text()).toBe('');
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('cache-control')).toContain('max-age=300');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
    const stale = await fetch(`${s.url}/banner.js`, { headers: { 'if-none-match': '"something-else"' } });
    expect(stale.status).toBe(200);
  });

  it('is sent compressed to a browser that accepts it: within the 15 KB gzipped budget on the wire', async () => {
    const res = await fetch(`${s.url}/banner.js`, { method: 'HEAD', headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(Number(res.headers.get('content-length'))).toBeLessThan(15 * 1024);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await fetch(`${s.url}/banner.js`, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(Number(res.headers.get('content-length'))).toBe(fs.statSync(bannerDistPath()).size);
    expect(await res.text()).toBe('');
  });
});
