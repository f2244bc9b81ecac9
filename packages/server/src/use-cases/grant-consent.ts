import type { ConsentRecord } from '@assent/core';
import type { Principal } from '../services/auth.service.ts';
import type { RequestLocale, UseCaseDeps } from './deps.ts';
import { recordConsent, type ConsentWriteInput } from './record-consent.ts';

/** Records a grant (SUBJECT for itself; SERVICE, SUPPORT, ADMIN on a subject's behalf with evidence). */
export function grantConsent(
  deps: Pick<UseCaseDeps, 'ledger' | 'catalog' | 'onCommit' | 'now'>,
  principal: Principal | null,
  input: ConsentWriteInput,
  request?: RequestLocale,
): Promise<ConsentRecord> {
  return recordConsent(deps, 'GRANT', principal, input, request);
}
