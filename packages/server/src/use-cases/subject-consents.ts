import {
  localizeNotice,
  localizePurposes,
  parseInput,
  subjectConsentStates,
  ZLocaleRequest,
  ZSubjectId,
} from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { ReadRequest } from '../services/access-log.service.ts';
import { currentNoticeOrThrow } from './catalog-lookups.ts';
import { READERS, type UseCaseDeps } from './deps.ts';
import type { SubjectConsentsView } from './views.ts';

/**
 * A subject's consents under the current notice: its states loaded, the statuses decided by the core; the notice and
 * the purposes worded in the locale asked (a tag or an Accept-Language value).
 */
export async function loadSubjectConsents(
  deps: Pick<UseCaseDeps, 'ledger' | 'catalog' | 'now'>,
  subjectId: string,
  locale?: string | null,
): Promise<SubjectConsentsView> {
  const at = deps.now();
  const notice = currentNoticeOrThrow(deps.catalog, at);
  const requested = parseInput(ZLocaleRequest, locale, 'locale');
  const states = await deps.ledger.listStates(subjectId);
  // An erased subject has no projection rows: only a subject without any asks whether it was erased.
  const erased = states.length === 0 && (await deps.ledger.erasedAmong([subjectId]))[0] === true;
  const { notices, purposes } = deps.catalog.get();
  const consents = subjectConsentStates({
    purposes: localizePurposes(purposes, notice, requested),
    notices,
    states,
    at,
    erased,
  });
  return { subjectId, currentNotice: localizeNotice(notice, requested), ...consents };
}

/** Any subject's consents (SERVICE, SUPPORT, ADMIN); the read is in the access log before the answer leaves. */
export async function subjectConsents(
  deps: Pick<UseCaseDeps, 'ledger' | 'catalog' | 'now' | 'accessLog'>,
  principal: Principal | null,
  input: { id: string; locale?: string | null },
  request?: ReadRequest,
): Promise<SubjectConsentsView> {
  const caller = requireRole(principal, READERS);
  const subjectId = parseInput(ZSubjectId, input.id, 'id');
  const view = await loadSubjectConsents(deps, subjectId, input.locale);
  await deps.accessLog.recordRead(caller, subjectId, 'subject', request);
  return view;
}
