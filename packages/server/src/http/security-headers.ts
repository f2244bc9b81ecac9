import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

// Security headers (issue 18) for what express serves besides the API: the privacy center at /, the staff console
// at /staff and /banner.js. /graphql keeps its own answers (JSON, no-store, CORS); it is not a page.
// A strict Content-Security-Policy: the Vite builds need no inline script or style and load nothing from elsewhere.

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** The CSP directives of a page, with who may frame it. */
function directives(frameAncestors: string[], https: boolean): Record<string, string[] | null> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    // Same origin covers the API and, in CSP 3, its WebSocket (subscriptions).
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': frameAncestors,
    'script-src-attr': ["'none'"],
    // Over plain http (development, tests) upgrading would break every request.
    'upgrade-insecure-requests': https ? [] : null,
  };
}

/**
 * The headers middleware: CSP (the staff console and /banner.js never framed; the privacy center framed only by
 * `frameAncestors`), nosniff, Referrer-Policy no-referrer (subject tokens travel in the URL fragment, and nothing
 * should learn the page either), Cross-Origin-Opener-Policy same-origin, HSTS only when the public URL is https.
 */
export function securityHeaders(opts: { frameAncestors?: string; publicUrl?: string }): Middleware {
  const https = opts.publicUrl?.startsWith('https://') ?? false;
  const common = {
    referrerPolicy: { policy: 'no-referrer' as const },
    crossOriginOpenerPolicy: { policy: 'same-origin' as const },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    // /banner.js sets cross-origin itself (product pages load it); everything else stays same-origin.
    crossOriginResourcePolicy: { policy: 'same-origin' as const },
  };
  const privacyCenter = helmet({
    ...common,
    // X-Frame-Options cannot name other origins: where ASSENT_FRAME_ANCESTORS lets sites frame the privacy center it is
    // left out (CSP frame-ancestors decides), else it says DENY as the CSP does.
    xFrameOptions: opts.frameAncestors ? false : { action: 'deny' },
    contentSecurityPolicy: {
      useDefaults: false,
      directives: directives(opts.frameAncestors ? opts.frameAncestors.split(' ') : ["'none'"], https),
    },
  });
  const neverFramed = helmet({
    ...common,
    xFrameOptions: { action: 'deny' },
    contentSecurityPolicy: { useDefaults: false, directives: directives(["'none'"], https) },
  });
  return (req, res, next) => {
    const url = req.url ?? '/';
    if (url === '/graphql' || url.startsWith('/graphql?') || url.startsWith('/graphql/')) return next();
    const framable = !(
      url === '/staff' ||
      url.startsWith('/staff/') ||
      url.startsWith('/staff?') ||
      url.startsWith('/banner.js')
    );
    (framable ? privacyCenter : neverFramed)(req, res, next);
  };
}
