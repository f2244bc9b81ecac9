import { parseInput, planLinkVisitor, ZSubjectId, type ConsentRecord, newLedgerId } from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import { appendRecords } from './append-records.ts';
import type { UseCaseDeps } from './deps.ts';

/** Which visitor signed in as which subject. */
export interface LinkVisitorInput {
  visitorSubjectId: string;
  subjectId: string;
}

/**
 * The visitor signed in as subjectId (SERVICE, ADMIN): records the visitor's current decisions for subjectId where it
 * has none as new or newer (core's planLinkVisitor), each with evidence { linkedFrom, records } and the visitor's
 * instant, notice, channel and method, in one transaction. Linking again records nothing; returns the records made.
 */
export async function linkVisitor(
  deps: Pick<UseCaseDeps, 'ledger' | 'catalog' | 'onCommit' | 'now'>,
  principal: Principal | null,
  input: LinkVisitorInput,
): Promise<ConsentRecord[]> {
  const p = requireRole(principal, ['SERVICE', 'ADMIN']);
  const visitorSubjectId = parseInput(ZSubjectId, input.visitorSubjectId, 'visitorSubjectId');
  const subjectId = parseInput(ZSubjectId, input.subjectId, 'subjectId');
  const now = deps.now();
  const [visitorStates, subjectRecords] = await Promise.all([
    deps.ledger.listStates(visitorSubjectId),
    deps.ledger.listStates(subjectId),
  ]);
  const granted = visitorStates.filter((s) => s.action === 'GRANT').map((s) => s.purposeKey);
  const [visitorRecords, visitorGpcRecords] = await Promise.all([
    deps.ledger.findByIds(visitorStates.map((s) => s.recordId)),
    // A grant made after the GPC signal carries the signal's record with it (core's planLinkVisitor).
    deps.ledger.listGpcRecords(visitorSubjectId, granted),
  ]);
  const { purposes } = deps.catalog.get();
  const planned = planLinkVisitor({
    visitorSubjectId,
    subjectId,
    visitorRecords,
    visitorGpcRecords,
    subjectRecords,
    purposes,
    now,
  });
  return appendRecords(
    deps,
    planned.map((l) => ({
      id: newLedgerId(),
      subjectId: l.subjectId,
      purposeKey: l.purposeKey,
      action: l.action,
      noticeVersionId: l.noticeVersionId,
      noticeVersion: l.noticeVersion,
      channel: l.channel,
      method: l.method,
      actorKind: p.role,
      actorId: p.id,
      evidence: l.evidence,
      occurredAt: l.occurredAt,
      recordedAt: now,
    })),
  );
}
