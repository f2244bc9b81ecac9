import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { RequestFacts } from '../graphql/context.ts';

/**
 * The client's address: the socket's, or with `trustProxy` the first address of X-Forwarded-For (the client as the
 * reverse proxy saw it). Without a trusted proxy the header is ignored: anyone can send it, and a per-IP limit keyed
 * on it would be no limit at all.
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
    if (first && isIP(first) !== 0) return first;
  }
  const address = req.socket.remoteAddress ?? 'unknown';
  // An IPv4 client on a dual-stack socket: one key, whichever way it arrived.
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** What a GraphQL context records about the HTTP request: the client's address, the GPC header (Sec-GPC: 1), Accept-Language and User-Agent. */
export function requestFacts(req: IncomingMessage, trustProxy: boolean): RequestFacts {
  const gpc = req.headers['sec-gpc'];
  const acceptLanguage = req.headers['accept-language'];
  const userAgent = req.headers['user-agent'];
  return {
    clientIp: clientIp(req, trustProxy),
    gpc: typeof gpc === 'string' && gpc.trim() === '1',
    acceptLanguage,
    userAgent,
  };
}
