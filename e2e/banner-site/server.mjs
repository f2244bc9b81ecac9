// A product's website on an origin of its own, for the banner journeys (e2e/tests/banner.spec.ts): the page
// loads /banner.js from Assent and embeds <assent-banner>, as a product team would. Started by Playwright
// (playwright.config.ts, webServer). Env: PORT, ASSENT_URL (Assent's base URL, e.g. http://127.0.0.1:4710).
//
// The page runs under a strict Content-Security-Policy of its own (no inline script or style; scripts and
// connections only from itself and Assent), so the journeys also prove the banner needs nothing more.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.PORT ?? 4711);
const assent = (process.env.ASSENT_URL ?? 'http://127.0.0.1:4710').replace(/\/+$/, '');

const csp = [
  "default-src 'self'",
  `script-src 'self' ${assent}`,
  `connect-src ${assent}`,
  "style-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const files = {
  '/': {
    type: 'text/html; charset=utf-8',
    body: () => readFileSync(join(dir, 'index.html'), 'utf8').replaceAll('{{ASSENT_URL}}', assent),
  },
  '/site.js': { type: 'text/javascript; charset=utf-8', body: () => readFileSync(join(dir, 'site.js'), 'utf8') },
  '/site.css': { type: 'text/css; charset=utf-8', body: () => readFileSync(join(dir, 'site.css'), 'utf8') },
  '/favicon.svg': { type: 'image/svg+xml', body: () => readFileSync(join(dir, 'favicon.svg'), 'utf8') },
  '/healthz': { type: 'text/plain; charset=utf-8', body: () => 'ok\n' },
};

http
  .createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    const file = files[path];
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
      return;
    }
    const body = file.body();
    res.writeHead(200, {
      'content-type': file.type,
      'cache-control': 'no-store',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  })
  .listen(port, '127.0.0.1', () => console.log(`banner test site at http://127.0.0.1:${port}/ (Assent at ${assent})`));
