import {
  AssentError,
  consentReceiptPayload,
  ERASED_SUBJECT_ID,
  parseInput,
  ZReceiptInput,
  type ReceiptCheckpoint,
} from '@assent/core';
import { requireRole, requireSubjectAccess, type Principal } from '../services/auth.service.ts';
import type { ReadRequest } from '../services/access-log.service.ts';
import { READERS, type UseCaseDeps } from './deps.ts';

/** The JWS header typ of a receipt. */
export const RECEIPT_TYP = 'consent-receipt+jws';

/** A signed receipt as the API returns it. */
export interface ConsentReceiptView {
  recordId: string;
  jws: string;
  payload: Record<string, unknown>;
}

/**
 * The signed ISO/IEC TS 27560 receipt of one ledger record (contract 1.1): SUBJECT for its own records only; SERVICE,
 * SUPPORT and ADMIN for any. Reads only; signs with the current signing key.
 */
export async function consentReceipt(
  deps: Pick<
    UseCaseDeps,
    'ledger' | 'catalog' | 'signing' | 'publicUrl' | 'controllerName' | 'now' | 'checkpoints' | 'accessLog'
  >,
  principal: Principal | null,
  input: { recordId: string },
  request?: ReadRequest,
): Promise<ConsentReceiptView> {
  const caller = requireRole(principal, ['SUBJECT', ...READERS]);
  const { recordId } = parseInput(ZReceiptInput, { recordId: input.recordId });
  const [record] = await deps.ledger.findByIds([recordId]);
  if (!record) throw new AssentError('NOT_FOUND', `No ledger record with id '${recordId}'.`);
  // The subject's identifier and evidence were shredded: nothing is left to issue a receipt for (README, "Erasure").
  if (record.subjectId === ERASED_SUBJECT_ID)
    throw new AssentError(
      'CONFLICT',
      `Record '${recordId}' belongs to an erased subject: its receipt can no longer be issued.`,
      {
        userMessage: 'This person was erased; receipts of their records can no longer be issued.',
      },
    );
  requireSubjectAccess(caller, record.subjectId);
  const { purposeByKey, noticeById } = deps.catalog.get();
  const purpose = purposeByKey.get(record.purposeKey);
  const notice = noticeById.get(record.noticeVersionId);
  // The catalog never loses a purpose or notice a record points at (foreign keys, append-only notices).
  if (!purpose || !notice) throw new Error(`record ${record.id} points at a purpose or notice the catalog lacks`);
  const payload = consentReceiptPayload({
    record,
    purpose,
    notice,
    checkpoint: await coveringCheckpoint(deps, record),
    issuer: deps.publicUrl(),
    controller: deps.controllerName(),
    issuedAt: deps.now(),
  });
  const jws = await deps.signing.sign(payload, RECEIPT_TYP);
  await deps.accessLog.recordRead(caller, record.subjectId, 'consentReceipt', request);
  return { recordId: record.id, jws, payload };
}

/** The newest checkpoint, when it covers the record: its head for the subject had reached the record's seq. */
async function coveringCheckpoint(
  deps: Pick<UseCaseDeps, 'checkpoints' | 'ledger'>,
  record: { subjectId: string; seq: number },
): Promise<ReceiptCheckpoint | null> {
  const newest = await deps.checkpoints.newest();
  if (!newest) return null;
  const head = await deps.checkpoints.findHeadAt(newest.seq, deps.ledger.chainKeyOf(record.subjectId));
  return head && head.seq >= record.seq ? newest : null;
}
