import { decide as decideRule, parseInput, ZSubjectId, type Purpose, type StateRecord } from '@assent/core';
import { requireRole, requireSubjectAccess, type Principal } from '../services/auth.service.ts';
import type { CatalogCache } from '../services/catalog.service.ts';
import { parseAt, purposeOrThrow } from './catalog-lookups.ts';
import { READERS, type UseCaseDeps } from './deps.ts';
import type { DecisionView } from './views.ts';

/** The question decide answers: this subject, this purpose, now or at a past instant. */
export interface DecideInput {
  subjectId: string;
  purposeKey: string;
  at?: Date | null;
}

/** The core's decision rule applied to one (purpose, record) pair at an instant, as the API shows it. */
export function decisionView(
  catalog: CatalogCache,
  subjectId: string,
  purpose: Purpose,
  record: StateRecord | null,
  at: Date,
  erased = false,
): DecisionView {
  const d = decideRule({ purpose, record, notices: catalog.get().notices, at, erased });
  return {
    subjectId,
    purposeKey: purpose.key,
    allowed: d.allowed,
    legalBasis: purpose.legalBasis,
    reason: d.reason,
    recordId: record?.recordId ?? null,
    at,
  };
}

/** Who may ask decide: a subject about itself, and the readers (one array, not one per call). */
export const DECIDERS = ['SUBJECT', ...READERS] as const;

/** One decision: a projection lookup now, or the ledger as of `at` (SUBJECT: own only); SUBJECT_ERASED once erased. */
export async function decide(
  deps: Pick<UseCaseDeps, 'ledger' | 'catalog' | 'now' | 'decisions'>,
  principal: Principal | null,
  input: DecideInput,
): Promise<DecisionView> {
  const { ledger, catalog } = deps;
  const caller = requireRole(principal, DECIDERS);
  const subjectId = parseInput(ZSubjectId, input.subjectId, 'subjectId');
  requireSubjectAccess(caller, subjectId);
  const purpose = purposeOrThrow(catalog, input.purposeKey);
  const at = parseAt(input.at);
  // Counted, not logged (README, "Access log"): a map increment, once the question is known to be valid.
  deps.decisions.count(caller, 1);
  if (!at) {
    const current = await ledger.findState(subjectId, purpose.key);
    // An erased subject has no projection rows: only a decision that finds none asks whether it was erased.
    const erased = current === null && (await ledger.erasedAmong([subjectId]))[0] === true;
    return decisionView(catalog, subjectId, purpose, current, deps.now(), erased);
  }
  if ((await ledger.erasedAmong([subjectId]))[0]) return decisionView(catalog, subjectId, purpose, null, at, true);
  const r = await ledger.findEffectiveAt(subjectId, purpose.key, at);
  const state = r && {
    recordId: r.id,
    action: r.action,
    noticeVersion: r.noticeVersion,
    occurredAt: r.occurredAt,
    recordedAt: r.recordedAt,
  };
  return decisionView(catalog, subjectId, purpose, state, at);
}
