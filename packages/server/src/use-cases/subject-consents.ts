import { parseInput, subjectConsentStates, ZSubjectId } from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import { currentNoticeOrThrow } from './catalog-lookups.ts';
import { READERS, type UseCaseDeps } from './deps.ts';
import type { SubjectConsentsView } from './views.ts';

/** A subject's consents under the current notice: its states loaded, the statuses decided by the core. */
export async function loadSubjectConsents(deps: Pick<UseCaseDeps, 'ledger' | 'catalog' | 'now'>, subjectId: string): Promise<SubjectConsentsView> {
  const at = deps.now();
  const currentNotice = currentNoticeOrThrow(deps.catalog, at);
  const states = await deps.ledger.listStates(subjectId);
  const { notices, purposes } = deps.catalog.get();
  return { subjectId, currentNotice, ...subjectConsentStates({ purposes, notices, states, at }) };
}

/** Any subject's consents (SERVICE, SUPPORT, ADMIN). */
export async function subjectConsents(deps: Pick<UseCaseDeps, 'ledger' | 'catalog' | 'now'>, principal: Principal | null, input: { id: string }): Promise<SubjectConsentsView> {
  requireRole(principal, READERS);
  return loadSubjectConsents(deps, parseInput(ZSubjectId, input.id));
}
