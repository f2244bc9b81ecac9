import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

// GET /banner.js: the @assent/banner build that product pages load with <script type="module">. Its URL
// carries no content hash (pages hard-code it), so caches keep it briefly and revalidate with a strong
// ETag that is the content's hash: a new release reaches every page within max-age, and an unchanged
// file costs a 304.

/** Cache lifetime of /banner.js in seconds: short, because its URL never changes. */
export const BANNER_MAX_AGE_SECONDS = 300;

/** The built banner of the workspace package @assent/banner (a dependency of the server). */
export function bannerDistPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@assent/banner/package.json')), 'dist/banner.js');
}

interface Loaded {
  body: Buffer;
  etag: string;
  mtimeMs: number;
  size: number;
}

/** Whether an If-None-Match header matches the ETag (weak comparison, as RFC 9110 says for If-None-Match). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * The handler for GET and HEAD /banner.js. The file is read again when its mtime or size changed (a rebuild
 * while the server runs), else served from memory. Missing: 404 with a line saying how to build it.
 */
export function bannerScriptHandler(file: string = bannerDistPath()) {
  let loaded: Loaded | null = null;

  const load = (): Loaded | null => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      loaded = null;
      return null;
    }
    if (loaded && loaded.mtimeMs === stat.mtimeMs && loaded.size === stat.size) return loaded;
    const body = fs.readFileSync(file);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    loaded = { body, etag, mtimeMs: stat.mtimeMs, size: stat.size };
    return loaded;
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    const script = load();
    if (!script) {
      const text =
        'banner.js is not built: run pnpm --filter @assent/banner build (pnpm start builds it when it is missing).\n';
      res.writeHead(404, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': Buffer.byteLength(text),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : text);
      return;
    }
    res.setHeader('etag', script.etag);
    res.setHeader('cache-control', `public, max-age=${BANNER_MAX_AGE_SECONDS}, must-revalidate`);
    // A module script is fetched in CORS mode from the product's page; it is public and carries no credentials.
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('cross-origin-resource-policy', 'cross-origin');
    res.setHeader('x-content-type-options', 'nosniff');
    if (matches(req.headers['if-none-match'], script.etag)) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader('content-type', 'text/javascript; charset=utf-8');
    res.setHeader('content-length', script.body.length);
    res.statusCode = 200;
    res.end(req.method === 'HEAD' ? undefined : script.body);
  };
}
