import {
  AssentError,
  checkConsentPurpose,
  checkNoticeDescribes,
  parseInput,
  planConsentWrite,
  recordLocale,
  ZConsentInput,
  type Channel,
  type ConsentRecord,
  type DecisionAction,
  newLedgerId,
} from '@assent/core';
import { consentEvent } from '../db/outbox.ts';
import { requireRole, type Principal } from '../services/auth.service.ts';
import { currentNoticeOrThrow, purposeOrThrow } from './catalog-lookups.ts';
import type { RequestLocale, UseCaseDeps } from './deps.ts';
import { writeActorOf } from './write-actor.ts';

/** A consent write as a client sends it (grantConsent, refuseConsent and withdrawConsent). */
export interface ConsentWriteInput {
  subjectId?: string | null;
  purposeKey: string;
  noticeVersionId?: string | null;
  channel: Channel;
  method: string;
  evidence?: unknown;
  occurredAt?: Date | null;
  /** 1.1: BCP 47 tag of the notice text the subject saw; defaults to the locale the request's Accept-Language picks. */
  locale?: string | null;
}

/** Appends one GRANT, REFUSE or WITHDRAW to the ledger once the core's rules allow it; the record keeps the locale shown (1.1). */
export async function recordConsent(
  deps: Pick<UseCaseDeps, 'ledger' | 'catalog' | 'onCommit' | 'now'>,
  action: DecisionAction,
  principal: Principal | null,
  rawInput: ConsentWriteInput,
  request: RequestLocale = {},
): Promise<ConsentRecord> {
  const { catalog } = deps;
  const p = requireRole(principal, ['SUBJECT', 'SERVICE', 'SUPPORT', 'ADMIN']);
  const input = parseInput(ZConsentInput, rawInput);
  const t = deps.now();
  const plan = planConsentWrite({ input, actor: writeActorOf(p), now: t });
  const purpose = purposeOrThrow(catalog, input.purposeKey);
  checkConsentPurpose({ action, purpose, at: t });
  const notice = input.noticeVersionId
    ? catalog.get().noticeById.get(input.noticeVersionId)
    : currentNoticeOrThrow(catalog, t);
  if (!notice) throw new AssentError('NOT_FOUND', `No notice version with id '${input.noticeVersionId}'.`);
  checkNoticeDescribes(notice, purpose);
  const stored = await deps.ledger.append(
    {
      id: newLedgerId(),
      subjectId: plan.subjectId,
      purposeKey: purpose.key,
      action,
      noticeVersionId: notice.id,
      noticeVersion: notice.version,
      channel: input.channel,
      method: input.method,
      actorKind: plan.actorKind,
      actorId: plan.actorId,
      evidence: plan.evidence,
      occurredAt: plan.occurredAt,
      recordedAt: t,
      locale: recordLocale({ given: input.locale, acceptLanguage: request.acceptLanguage, notice }),
    },
    (r) => consentEvent(r, purpose),
  );
  deps.onCommit();
  return stored;
}
