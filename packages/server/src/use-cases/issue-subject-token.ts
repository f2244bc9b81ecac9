import { AssentError, parseInput, ZSubjectId, ZTtlSeconds } from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** Whose token, and for how long. */
export interface IssueSubjectTokenInput {
  subjectId: string;
  ttlSeconds?: number | null;
}

/**
 * Mints a short-lived subject token for the privacy center (SERVICE, ADMIN); ttlSeconds defaults to 900. CONFLICT for
 * an erased subject: nothing more is recorded under its id, and the token would carry the id in clear.
 */
export async function issueSubjectToken(
  deps: Pick<UseCaseDeps, 'auth' | 'ledger'>,
  principal: Principal | null,
  input: IssueSubjectTokenInput,
): Promise<{ token: string; expiresAt: Date }> {
  requireRole(principal, ['SERVICE', 'ADMIN']);
  const subjectId = parseInput(ZSubjectId, input.subjectId, 'subjectId');
  const ttlSeconds = parseInput(ZTtlSeconds, input.ttlSeconds ?? 900, 'ttlSeconds');
  if ((await deps.ledger.erasedAmong([subjectId]))[0])
    throw new AssentError('CONFLICT', 'This subject was erased: nothing more can be recorded under its id.', {
      userMessage: 'This person was erased, so they cannot be signed in to the privacy center under that id.',
    });
  return deps.auth.issueSubjectToken(subjectId, ttlSeconds);
}
