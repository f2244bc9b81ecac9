import { randomBytes } from 'node:crypto';
import { newVisitorSubjectId, parseInput, ZVisitorTtlSeconds } from '@assent/core';
import type { UseCaseDeps } from './deps.ts';

/** The lifetime asked for and the client's address (the rate limit's key). */
export interface StartVisitorSessionInput {
  ttlSeconds?: number | null;
  clientIp: string;
}

/**
 * A new anonymous visitor subject ('v_' + 128 random bits) and a subject token for it, for a banner on a product
 * site before anyone signs in. Public, and rate-limited per client IP first (budget visitorSessions): over budget it
 * throws RATE_LIMITED and makes nothing. ttlSeconds defaults to one year.
 */
export async function startVisitorSession(
  deps: Pick<UseCaseDeps, 'auth' | 'rateLimit'>,
  input: StartVisitorSessionInput,
): Promise<{ token: string; expiresAt: Date }> {
  await deps.rateLimit.consume('visitorSessions', input.clientIp);
  const ttl = parseInput(ZVisitorTtlSeconds, input.ttlSeconds ?? 31_536_000);
  return deps.auth.issueSubjectToken(newVisitorSubjectId(randomBytes), ttl);
}
