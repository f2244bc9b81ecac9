import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';

// GET /banner.js: the @assent/banner build that product pages load with <script type="module">. Its URL
// carries no content hash (pages hard-code it), so caches keep it briefly and revalidate with a strong
// ETag that is the content's hash: a new release reaches every page within max-age, and an unchanged
// file costs a 304. It is sent compressed (brotli, else gzip) to clients that accept it: the copies are made once per
// build, when the file is read, and each has its own ETag (RFC 9110: one per representation).

/** Cache lifetime of /banner.js in seconds: short, because its URL never changes. */
export const BANNER_MAX_AGE_SECONDS = 300;

/** The built banner of the workspace package @assent/banner (a dependency of the server). */
export function bannerDistPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@assent/banner/package.json')), 'dist/banner.js');
}

/** One representation of the file: its bytes, its Content-Encoding (null: identity) and its ETag. */
interface Representation {
  body: Buffer;
  encoding: 'br' | 'gzip' | null;
  etag: string;
}

interface Loaded {
  identity: Representation;
  br: Representation;
  gzip: Representation;
  mtimeMs: number;
  size: number;
}

/** The codings an Accept-Encoding header accepts (q > 0), `*` standing for any coding not named. */
function accepts(acceptEncoding: string | undefined, coding: 'br' | 'gzip'): boolean {
  if (!acceptEncoding) return false;
  let any = false;
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const ok = q === undefined || Number(q) > 0;
    if (name === coding) return ok;
    if (name === '*') any = ok;
  }
  return any;
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
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
    const br = zlib.brotliCompressSync(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
    loaded = {
      identity: { body, encoding: null, etag: `"${hash}"` },
      br: { body: br, encoding: 'br', etag: `"${hash}-br"` },
      gzip: { body: zlib.gzipSync(body, { level: 9 }), encoding: 'gzip', etag: `"${hash}-gz"` },
      mtimeMs: stat.mtimeMs,
      size: stat.size,
    };
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
    const accept = req.headers['accept-encoding'];
    const chosen = accepts(accept, 'br') ? script.br : accepts(accept, 'gzip') ? script.gzip : script.identity;
    res.setHeader('etag', chosen.etag);
    res.setHeader('vary', 'Accept-Encoding');
    res.setHeader('cache-control', `public, max-age=${BANNER_MAX_AGE_SECONDS}, must-revalidate`);
    // A module script is fetched in CORS mode from the product's page; it is public and carries no credentials.
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('cross-origin-resource-policy', 'cross-origin');
    res.setHeader('x-content-type-options', 'nosniff');
    if (matches(req.headers['if-none-match'], chosen.etag)) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader('content-type', 'text/javascript; charset=utf-8');
    if (chosen.encoding) res.setHeader('content-encoding', chosen.encoding);
    res.setHeader('content-length', chosen.body.length);
    res.statusCode = 200;
    res.end(req.method === 'HEAD' ? undefined : chosen.body);
  };
}
