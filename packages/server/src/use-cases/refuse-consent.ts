import type { ConsentRecord } from '@assent/core';
import type { Principal } from '../services/auth.service.ts';
import type { RequestLocale, UseCaseDeps } from './deps.ts';
import { recordConsent, type ConsentWriteInput } from './record-consent.ts';

/** Records a refusal (asked and declined): the same input and rules as a grant, announced as assent.consent.refused. */
export function refuseConsent(
  deps: Pick<UseCaseDeps, 'ledger' | 'catalog' | 'onCommit' | 'now'>,
  principal: Principal | null,
  input: ConsentWriteInput,
  request: RequestLocale = {},
): Promise<ConsentRecord> {
  return recordConsent(deps, 'REFUSE', principal, input, request);
}
