import { parseInput, ZSubjectId } from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** Recomputes the hash chains: one subject's, or every one when subjectId is omitted (ADMIN, SUPPORT). */
export async function verifyLedger(
  deps: Pick<UseCaseDeps, 'ledger'>,
  principal: Principal | null,
  input: { subjectId?: string | null },
) {
  requireRole(principal, ['ADMIN', 'SUPPORT']);
  return deps.ledger.verify(input.subjectId == null ? null : parseInput(ZSubjectId, input.subjectId));
}
