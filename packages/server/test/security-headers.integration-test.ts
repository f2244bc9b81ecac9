import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

// Issue 18, security headers: every page and /banner.js carries a strict CSP (no inline script), nosniff,
// Referrer-Policy no-referrer and COOP; the staff console is never framed; /graphql is not a page.

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ ASSENT_FRAME_ANCESTORS: 'https://shop.example' });
});
afterAll(async () => {
  await s?.close();
});

const html = (path: string) => fetch(`${s.url}${path}`, { headers: { accept: 'text/html' } });

/** The CSP as a map of directive → sources. */
function csp(res: Response): Record<string, string[]> {
  const header = res.headers.get('content-security-policy');
  expect(header, 'a Content-Security-Policy header').toBeTruthy();
  return Object.fromEntries(
    header!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('security headers', () => {
  for (const path of ['/', '/staff/', '/banner.js']) {
    it(`${path}: a CSP without inline or eval script, nosniff, no referrer, COOP same-origin, no HSTS over http`, async () => {
      const res = await html(path);
      const policy = csp(res);
      expect(policy['script-src']).toEqual(["'self'"]);
      expect(policy['object-src']).toEqual(["'none'"]);
      expect(policy['base-uri']).toEqual(["'none'"]);
      expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    });
  }

  it('the staff console and /banner.js are never framed; the privacy center only by ASSENT_FRAME_ANCESTORS', async () => {
    expect(csp(await html('/staff/'))['frame-ancestors']).toEqual(["'none'"]);
    expect(csp(await html('/staff/subjects/x'))['frame-ancestors']).toEqual(["'none'"]);
    expect(csp(await html('/banner.js'))['frame-ancestors']).toEqual(["'none'"]);
    expect(csp(await html('/'))['frame-ancestors']).toEqual(['https://shop.example']);
    // X-Frame-Options agrees: DENY where nothing frames, absent where the CSP names the sites that may.
    expect((await html('/staff/')).headers.get('x-frame-options')).toBe('DENY');
    expect((await html('/')).headers.get('x-frame-options')).toBeNull();
  });

  it('/banner.js stays loadable from other sites (CORP cross-origin), the pages do not', async () => {
    expect((await html('/banner.js')).headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect((await html('/')).headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('/graphql answers are not pages: no CSP from here', async () => {
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { ok } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBeNull();
  });
});
