import { AssentError, parseInput, ZHistoryFirst, ZPurposeKey, ZSubjectId } from '@assent/core';
import { decodeCursor } from '../db/ledger.repository.ts';
import { requireRole, requireSubjectAccess, type Principal } from '../services/auth.service.ts';
import { READERS, type UseCaseDeps } from './deps.ts';
import type { ConsentHistoryView } from './views.ts';

/** Which page of whose ledger. */
export interface ConsentHistoryInput {
  subjectId: string;
  purposeKey?: string | null;
  first?: number | null;
  after?: string | null;
}

/** A subject's ledger, newest first, one page at a time (SUBJECT: own only). */
export async function consentHistory(
  deps: Pick<UseCaseDeps, 'ledger'>,
  principal: Principal | null,
  input: ConsentHistoryInput,
): Promise<ConsentHistoryView> {
  const caller = requireRole(principal, ['SUBJECT', ...READERS]);
  const subjectId = parseInput(ZSubjectId, input.subjectId);
  requireSubjectAccess(caller, subjectId);
  const first = parseInput(ZHistoryFirst, input.first ?? 50);
  const purposeKey = input.purposeKey == null ? null : parseInput(ZPurposeKey, input.purposeKey);
  let after;
  if (input.after != null) {
    after = decodeCursor(String(input.after));
    if (!after) throw new AssentError('BAD_USER_INPUT', 'after: not a cursor returned by consentHistory.');
  }
  const page = await deps.ledger.listHistory({ subjectId, purposeKey, first, after });
  return {
    edges: page.edges,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    totalCount: page.totalCount,
  };
}
