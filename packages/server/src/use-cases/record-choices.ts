import {
  parseInput,
  planChoices,
  recordLocale,
  ZChoicesInput,
  type Channel,
  type ConsentRecord,
  type DecisionAction,
  newLedgerId,
} from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import { appendRecords } from './append-records.ts';
import type { RequestLocale, UseCaseDeps } from './deps.ts';
import { writeActorOf } from './write-actor.ts';

/** Several decisions as a client sends them (a banner's "Accept all", "Reject all" or "Save choices"). */
export interface RecordChoicesInput {
  subjectId?: string | null;
  noticeVersionId?: string | null;
  channel: Channel;
  method: string;
  evidence?: unknown;
  occurredAt?: Date | null;
  locale?: string | null;
  choices: readonly { purposeKey: string; action: string }[];
}

/**
 * Records several decisions at once: one record per choice in the order given, appended in one transaction, so all
 * of them are written or none. A decision equal to the current status (GRANT on GRANTED) is recorded too: it is
 * the subject's answer to this prompt. Who may record for whom is grantConsent's rule.
 */
export async function recordChoices(
  deps: Pick<UseCaseDeps, 'ledger' | 'catalog' | 'onCommit' | 'now'>,
  principal: Principal | null,
  rawInput: RecordChoicesInput,
  request: RequestLocale = {},
): Promise<ConsentRecord[]> {
  const p = requireRole(principal, ['SUBJECT', 'SERVICE', 'SUPPORT', 'ADMIN']);
  const input = parseInput(ZChoicesInput, rawInput);
  const now = deps.now();
  const { purposes, notices, noticeById } = deps.catalog.get();
  const planned = planChoices({ input, actor: writeActorOf(p), now, purposes, notices });
  return appendRecords(
    deps,
    planned.map((c) => ({
      id: newLedgerId(),
      subjectId: c.subjectId,
      purposeKey: c.purposeKey,
      action: c.action satisfies DecisionAction,
      noticeVersionId: c.noticeVersionId,
      noticeVersion: c.noticeVersion,
      channel: c.channel,
      method: c.method,
      actorKind: c.actorKind,
      actorId: c.actorId,
      evidence: c.evidence,
      occurredAt: c.occurredAt,
      recordedAt: now,
      locale: recordLocale({
        given: c.locale,
        acceptLanguage: request.acceptLanguage,
        notice: noticeById.get(c.noticeVersionId)!,
      }),
    })),
  );
}
