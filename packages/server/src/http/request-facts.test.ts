import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientIp, requestFacts } from './request-facts.ts';

const req = (remoteAddress: string, headers: Record<string, string> = {}) =>
  ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('requestFacts', () => {
  it.each([
    [
      'the socket address without a trusted proxy, whatever X-Forwarded-For says',
      req('10.0.0.5', { 'x-forwarded-for': '203.0.113.9' }),
      false,
      '10.0.0.5',
    ],
    [
      "X-Forwarded-For's first address behind a trusted proxy",
      req('10.0.0.5', { 'x-forwarded-for': '203.0.113.9, 10.0.0.1' }),
      true,
      '203.0.113.9',
    ],
    [
      'the socket address when a trusted proxy sent no usable X-Forwarded-For',
      req('10.0.0.5', { 'x-forwarded-for': 'not-an-ip' }),
      true,
      '10.0.0.5',
    ],
    ['an IPv4 client on a dual-stack socket as plain IPv4', req('::ffff:192.0.2.7'), false, '192.0.2.7'],
  ])('the client IP is %s', (_rule, r, trust, want) => {
    expect(clientIp(r, trust)).toBe(want);
  });

  it('GPC is on exactly when Sec-GPC is 1', () => {
    expect(requestFacts(req('::1', { 'sec-gpc': '1' }), false).gpc).toBe(true);
    expect(requestFacts(req('::1', { 'sec-gpc': '0' }), false).gpc).toBe(false);
    expect(requestFacts(req('::1'), false).gpc).toBe(false);
  });
});
