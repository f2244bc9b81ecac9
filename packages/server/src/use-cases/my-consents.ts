import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';
import { loadSubjectConsents } from './subject-consents.ts';
import type { SubjectConsentsView } from './views.ts';

/** The caller's own consents (SUBJECT tokens only). */
export async function myConsents(
  deps: Pick<UseCaseDeps, 'ledger' | 'catalog' | 'now'>,
  principal: Principal | null,
  input: { locale?: string | null } = {},
): Promise<SubjectConsentsView> {
  const s = requireRole(principal, ['SUBJECT']);
  return loadSubjectConsents(deps, s.id, input.locale);
}
