import { parseGpcSignal, planGpc, requiresConsent, type ConsentRecord, newLedgerId } from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import { currentNoticeOrThrow } from './catalog-lookups.ts';
import { appendRecords } from './append-records.ts';
import type { UseCaseDeps } from './deps.ts';

/**
 * Records a Global Privacy Control signal for the caller (SUBJECT tokens only): for each gpcOptOut purpose, a REFUSE
 * when never decided or a WITHDRAW when granted (method 'gpc', evidence { signal }), unless the subject granted it
 * explicitly after the signal last acted on it (core's planGpc). Returns the records made, often none; they are
 * appended in one transaction, under the notice in force.
 */
export async function applyGpc(
  deps: Pick<UseCaseDeps, 'ledger' | 'catalog' | 'onCommit' | 'now'>,
  principal: Principal | null,
  input: { signal: string },
): Promise<ConsentRecord[]> {
  const p = requireRole(principal, ['SUBJECT']);
  const signal = parseGpcSignal(input.signal);
  const now = deps.now();
  const { purposes, notices } = deps.catalog.get();
  const gpcPurposes = purposes.filter((x) => x.gpcOptOut && requiresConsent(x)).map((x) => x.key);
  const records = await deps.ledger.findGpcRecords(p.subjectId, gpcPurposes);
  const planned = planGpc({ signal, purposes, records, notices, now });
  if (planned.length === 0) return [];
  const notice = currentNoticeOrThrow(deps.catalog, now);
  return appendRecords(
    deps,
    planned.map((g) => ({
      id: newLedgerId(),
      subjectId: p.subjectId,
      purposeKey: g.purposeKey,
      action: g.action,
      noticeVersionId: notice.id,
      noticeVersion: notice.version,
      // The signal comes from the subject's browser.
      channel: 'WEB' as const,
      method: g.method,
      actorKind: 'SUBJECT' as const,
      actorId: p.subjectId,
      evidence: g.evidence,
      occurredAt: now,
      recordedAt: now,
    })),
  );
}
