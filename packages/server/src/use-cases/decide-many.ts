import { consentKey, parseInput, ZDecideManyRequests, type StateRecord } from '@assent/core';
import { requireRole, requireSubjectAccess, type Principal } from '../services/auth.service.ts';
import { parseAt, purposeOrThrow } from './catalog-lookups.ts';
import { DECIDERS, decisionView } from './decide.ts';
import type { UseCaseDeps } from './deps.ts';
import type { DecisionView } from './views.ts';

/** Up to 1000 (subject, purpose) questions, now or at one past instant. */
export interface DecideManyInput {
  requests: readonly { subjectId: string; purposeKey: string }[];
  at?: Date | null;
}

/** Up to 1000 decisions in the order asked, with one query (SERVICE, SUPPORT, ADMIN; a SUBJECT about itself only, as decide). */
export async function decideMany(
  deps: Pick<UseCaseDeps, 'ledger' | 'catalog' | 'now' | 'decisions'>,
  principal: Principal | null,
  input: DecideManyInput,
): Promise<DecisionView[]> {
  const { ledger, catalog } = deps;
  const caller = requireRole(principal, DECIDERS);
  const requests = parseInput(ZDecideManyRequests, input.requests, 'requests');
  if (caller.role === 'SUBJECT') for (const r of requests) requireSubjectAccess(caller, r.subjectId);
  const purposes = requests.map((r) => purposeOrThrow(catalog, r.purposeKey));
  const at = parseAt(input.at);
  // Counted, not logged (README, "Access log"): a map increment, once the questions are known to be valid.
  deps.decisions.count(caller, requests.length);
  const t = at ?? deps.now();
  let states: (StateRecord | null)[];
  if (!at) states = await ledger.findStates(requests);
  else {
    const effective = new Map<string, StateRecord>();
    for (const s of await ledger.findEffectiveAtMany(requests, at))
      effective.set(consentKey(s.subjectId, s.purposeKey), s);
    states = requests.map((r) => effective.get(consentKey(r.subjectId, r.purposeKey)) ?? null);
  }
  // Erased subjects have no projection rows: only the requests that found none (or ask about the past) are checked.
  const unsure = requests.filter((_, i) => at || !states[i]).map((r) => r.subjectId);
  const erased = new Set(unsure);
  const flags = await ledger.erasedAmong([...erased]);
  const erasedIds = new Set([...erased].filter((_, i) => flags[i]));
  return requests.map((r, i) =>
    erasedIds.has(r.subjectId)
      ? decisionView(catalog, r.subjectId, purposes[i]!, null, t, true)
      : decisionView(catalog, r.subjectId, purposes[i]!, states[i] ?? null, t),
  );
}
