import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { newVisitorSubjectId, parseInput, ZVisitorTtlSeconds } from '@assent/core';
import type { UseCaseDeps } from './deps.ts';

const ZVisitorSessionInput = z.object({ ttlSeconds: ZVisitorTtlSeconds });

/** The lifetime asked for and the client's address (the rate limit's key). */
export interface StartVisitorSessionInput {
  ttlSeconds?: number | null;
  clientIp: string;
}

/**
 * A new anonymous visitor subject ('v_' + 128 random bits) and a subject token for it, for a banner on a product
 * site before anyone signs in. Public, and rate-limited per client IP once its argument is checked (budget
 * visitorSessions): over budget it throws RATE_LIMITED and makes nothing. ttlSeconds defaults to one year.
 */
export async function startVisitorSession(
  deps: Pick<UseCaseDeps, 'auth' | 'rateLimit'>,
  input: StartVisitorSessionInput,
): Promise<{ token: string; expiresAt: Date }> {
  // Checked first, so a refused argument (named ttlSeconds in the error) costs no session budget.
  const { ttlSeconds } = parseInput(ZVisitorSessionInput, { ttlSeconds: input.ttlSeconds ?? 31_536_000 });
  await deps.rateLimit.consume('visitorSessions', input.clientIp);
  return deps.auth.issueSubjectToken(newVisitorSubjectId(randomBytes), ttlSeconds);
}
