import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from './responses.ts';

// Cross-origin access to /graphql (contract 1.1, "Browsers on other sites"): pages on the origins in
// ASSENT_ALLOWED_ORIGINS may call the API; credentials stay off (tokens travel in the Authorization header,
// never in cookies), so no answer ever carries Access-Control-Allow-Credentials. Every other path gets no
// CORS headers from here (/banner.js sets its own: it is a public file, readable from anywhere).

/** The request headers a browser page may send to /graphql: what the banner, @assent/client and web-kit send. */
export const CORS_ALLOW_HEADERS = 'authorization, content-type, accept, x-request-id';
export const CORS_ALLOW_METHODS = 'POST, GET, OPTIONS';
/** How long a browser may reuse a preflight answer (seconds; Chromium caps it at 7200). */
export const CORS_MAX_AGE_SECONDS = 600;

/** What cors() did with a request: answered it (a preflight, or a refused origin) or let it through. */
export type CorsOutcome = 'answered' | 'continue';

/** Origins as a browser serializes them (lowercase scheme and host, no default port, no path). */
export function parseAllowedOrigins(list: string | undefined): Set<string> {
  return new Set(
    (list ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean)
      .map((o) => new URL(o).origin),
  );
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * The one CORS decision for both HTTP paths (the node:http fast path and express), made in http/server.ts
 * before a request is routed. For /graphql:
 * - an allowed Origin gets Access-Control-Allow-Origin (that origin, never `*`) and Vary: Origin; a preflight
 *   (OPTIONS) is answered 204 with the methods, headers and max age;
 * - a preflight from any other origin is answered 204 without Allow-Origin, so the browser blocks the call;
 * - an actual request from another origin is refused with 403 FORBIDDEN before anything runs (a clear answer
 *   for tools that send Origin, and nothing written); requests without Origin (servers, curl) and same-origin
 *   pages (the privacy center and staff console, whose Origin names the Host they called, or `publicUrl`)
 *   pass as before.
 */
export function createCors(opts: { allowedOrigins: string | undefined; publicUrl?: string }) {
  const allowed = parseAllowedOrigins(opts.allowedOrigins);
  const publicOrigin = opts.publicUrl ? new URL(opts.publicUrl).origin : null;

  const sameOrigin = (origin: string, req: IncomingMessage): boolean => {
    if (origin === publicOrigin) return true;
    try {
      return new URL(origin).host === req.headers.host?.toLowerCase();
    } catch {
      return false;
    }
  };

  return function cors(req: IncomingMessage, res: ServerResponse): CorsOutcome {
    if (pathOf(req) !== '/graphql') return 'continue';
    // The answer depends on Origin, for every request to /graphql (a shared cache must not mix them).
    res.setHeader('vary', 'Origin');
    const origin = req.headers.origin;
    const ok = origin !== undefined && allowed.has(origin);
    if (req.method === 'OPTIONS') {
      if (ok) {
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('access-control-allow-methods', CORS_ALLOW_METHODS);
        res.setHeader('access-control-allow-headers', CORS_ALLOW_HEADERS);
        res.setHeader('access-control-max-age', String(CORS_MAX_AGE_SECONDS));
      }
      res.setHeader('content-length', '0');
      res.statusCode = 204;
      res.end();
      return 'answered';
    }
    if (origin === undefined) return 'continue';
    if (ok) {
      res.setHeader('access-control-allow-origin', origin);
      return 'continue';
    }
    if (sameOrigin(origin, req)) return 'continue';
    sendError(
      res,
      403,
      `Origin ${origin.slice(0, 200)} may not call this API from a browser: add it to ASSENT_ALLOWED_ORIGINS.`,
      'FORBIDDEN',
    );
    return 'answered';
  };
}
