import {
  AssentError,
  ERASURE_METHOD,
  ERASURE_PURPOSE_KEY,
  parseInput,
  ZEraseSubjectInput,
  type ConsentRecord,
  newLedgerId,
} from '@assent/core';
import { erasureEvent } from '../db/outbox.ts';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** eraseSubject's arguments. */
export interface EraseSubjectInput {
  subjectId: string;
  reason: string;
}

/** What an erasure did (contract ErasureResult). */
export interface ErasureView {
  subjectId: string;
  record: ConsentRecord;
  recordsShredded: number;
}

/**
 * Crypto-shreds a subject (ADMIN; GDPR Art. 17; README, "Erasure"): deletes its data key and appends a SYSTEM ERASE
 * record whose evidence is the reason (in clear: the form says so), in one transaction with the clean-up of what
 * still named it (projection, outbox, deliveries, import keys), and announces assent.subject.erased.
 * NOT_FOUND for a subject the ledger does not know, CONFLICT for one erased already; either way nothing is written.
 */
export async function eraseSubject(
  deps: Pick<UseCaseDeps, 'ledger' | 'catalog' | 'onCommit' | 'now'>,
  principal: Principal | null,
  rawInput: EraseSubjectInput,
): Promise<ErasureView> {
  const admin = requireRole(principal, ['ADMIN']);
  const input = parseInput(ZEraseSubjectInput, rawInput);
  const t = deps.now();
  const { notices } = deps.catalog.get();
  const notice = deps.catalog.noticeAt(t) ?? notices[0];
  if (!notice) throw new AssentError('NOT_FOUND', 'The ledger holds no record of this subject.');
  const { record, recordsShredded } = await deps.ledger.erase(
    {
      id: newLedgerId(),
      subjectId: input.subjectId,
      purposeKey: ERASURE_PURPOSE_KEY,
      action: 'ERASE',
      noticeVersionId: notice.id,
      noticeVersion: notice.version,
      channel: 'API',
      method: ERASURE_METHOD,
      actorKind: 'SYSTEM',
      actorId: null,
      evidence: { reason: input.reason.trim(), erasedBy: { kind: admin.kind, id: admin.id } },
      occurredAt: t,
      recordedAt: t,
      locale: null,
    },
    erasureEvent,
  );
  deps.onCommit();
  return { subjectId: input.subjectId, record, recordsShredded };
}
