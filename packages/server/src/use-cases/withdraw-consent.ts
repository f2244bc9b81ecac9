import type { ConsentRecord } from '@assent/core';
import type { Principal } from '../services/auth.service.ts';
import type { RequestLocale, UseCaseDeps } from './deps.ts';
import { recordConsent, type ConsentWriteInput } from './record-consent.ts';

/** Records a withdrawal: as easy as granting, also on a retired purpose. */
export function withdrawConsent(
  deps: Pick<UseCaseDeps, 'ledger' | 'catalog' | 'onCommit' | 'now'>,
  principal: Principal | null,
  input: ConsentWriteInput,
  request?: RequestLocale,
): Promise<ConsentRecord> {
  return recordConsent(deps, 'WITHDRAW', principal, input, request);
}
