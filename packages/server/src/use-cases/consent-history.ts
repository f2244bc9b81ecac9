import { AssentError, parseInput, ZHistoryFirst, ZPurposeKey, ZSubjectId } from '@assent/core';
import { decodeCursor } from '../db/ledger.repository.ts';
import { requireRole, requireSubjectAccess, type Principal } from '../services/auth.service.ts';
import type { ReadRequest } from '../services/access-log.service.ts';
import { READERS, type UseCaseDeps } from './deps.ts';
import type { ConsentHistoryView } from './views.ts';

/** Which page of whose ledger. */
export interface ConsentHistoryInput {
  subjectId: string;
  purposeKey?: string | null;
  first?: number | null;
  after?: string | null;
}

/** A subject's ledger, newest first, one page at a time (SUBJECT: own only; others' reads are access-logged). */
export async function consentHistory(
  deps: Pick<UseCaseDeps, 'ledger' | 'accessLog'>,
  principal: Principal | null,
  input: ConsentHistoryInput,
  request?: ReadRequest,
): Promise<ConsentHistoryView> {
  const caller = requireRole(principal, ['SUBJECT', ...READERS]);
  const subjectId = parseInput(ZSubjectId, input.subjectId, 'subjectId');
  requireSubjectAccess(caller, subjectId);
  const first = parseInput(ZHistoryFirst, input.first ?? 50, 'first');
  const purposeKey = input.purposeKey == null ? null : parseInput(ZPurposeKey, input.purposeKey, 'purposeKey');
  let after;
  if (input.after != null) {
    after = decodeCursor(String(input.after));
    if (!after) throw new AssentError('BAD_USER_INPUT', 'after: not a cursor returned by consentHistory.');
  }
  const page = await deps.ledger.listHistory({ subjectId, purposeKey, first, after });
  // Each page is one read (the staff console's export reads every page): in the access log before it leaves.
  await deps.accessLog.recordRead(caller, subjectId, 'consentHistory', request);
  return {
    edges: page.edges,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    totalCount: page.totalCount,
  };
}
