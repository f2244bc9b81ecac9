import { parseInput, ZSubjectId, ZTtlSeconds } from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** Whose token, and for how long. */
export interface IssueSubjectTokenInput {
  subjectId: string;
  ttlSeconds?: number | null;
}

/** Mints a short-lived subject token for the privacy center (SERVICE, ADMIN); ttlSeconds defaults to 900. */
export async function issueSubjectToken(
  deps: Pick<UseCaseDeps, 'auth'>,
  principal: Principal | null,
  input: IssueSubjectTokenInput,
): Promise<{ token: string; expiresAt: Date }> {
  requireRole(principal, ['SERVICE', 'ADMIN']);
  return deps.auth.issueSubjectToken(
    parseInput(ZSubjectId, input.subjectId, 'subjectId'),
    parseInput(ZTtlSeconds, input.ttlSeconds ?? 900, 'ttlSeconds'),
  );
}
