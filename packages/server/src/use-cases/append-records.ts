import type { ConsentRecord, ConsentRecordContent } from '@assent/core';
import type { AppendManyOptions } from '../db/ledger-writer.ts';
import { consentEvent } from '../db/outbox.ts';
import type { UseCaseDeps } from './deps.ts';

/**
 * Appends records in one transaction, each announced by its consent event (outbox row in the same transaction), and
 * wakes the outbox readers once something was written. The write every multi-record use case ends with.
 */
export async function appendRecords(
  deps: Pick<UseCaseDeps, 'ledger' | 'catalog' | 'onCommit'>,
  contents: readonly ConsentRecordContent[],
  opts?: AppendManyOptions,
): Promise<ConsentRecord[]> {
  const { purposeByKey } = deps.catalog.get();
  const stored = await deps.ledger.appendMany(contents, (r) => consentEvent(r, purposeByKey.get(r.purposeKey)!), opts);
  if (stored.length > 0) deps.onCommit();
  return stored;
}
