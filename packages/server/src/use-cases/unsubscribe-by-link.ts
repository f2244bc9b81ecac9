import {
  AssentError,
  checkNoticeDescribes,
  decide as decideRule,
  ONE_CLICK_UNSUBSCRIBE,
  planConsentWrite,
  unsubscribeWithdraws,
  type ConsentRecord,
  type NoticeVersion,
  type Purpose,
  type StateRecord,
  newLedgerId,
} from '@assent/core';
import { consentEvent } from '../db/outbox.ts';
import type { UnsubscribeLinkClaims } from '../services/unsubscribe-link.service.ts';
import { currentNoticeOrThrow } from './catalog-lookups.ts';
import type { UseCaseDeps } from './deps.ts';

/** What the unsubscribe page shows: the purpose, and whether its emails still go out. */
export interface UnsubscribeLinkState {
  claims: UnsubscribeLinkClaims;
  purpose: Purpose;
  subscribed: boolean;
  record: StateRecord | null;
}

type Deps = Pick<UseCaseDeps, 'ledger' | 'catalog' | 'unsubscribeLinks' | 'onCommit' | 'now'>;

const notFound = () =>
  new AssentError('NOT_FOUND', 'This unsubscribe link is not valid.', {
    userMessage: 'This unsubscribe link is not valid. Use the link in the email exactly as it was sent.',
  });

/** The link's subject and purpose and whether a withdrawal would record anything (GET: changes nothing); NOT_FOUND for a forged or altered token. */
export async function unsubscribeLinkState(deps: Deps, input: { token: string }): Promise<UnsubscribeLinkState> {
  const claims = await deps.unsubscribeLinks.verify(input.token);
  const purpose = claims && deps.catalog.get().purposeByKey.get(claims.purposeKey);
  if (!claims || !purpose) throw notFound();
  const record = await deps.ledger.findState(claims.subjectId, purpose.key);
  const { status } = decideRule({ purpose, record, notices: deps.catalog.get().notices, at: deps.now() });
  return { claims, purpose, subscribed: unsubscribeWithdraws(status), record };
}

/** Attempts at most: each one fails only because another write of the same (subject, purpose) committed first. */
const ATTEMPTS = 5;

/**
 * One-click unsubscribe (RFC 8058 POST, or the page's button): records the subject's WITHDRAW on the
 * EMAIL channel with method email/one-click and evidence { linkId } when the purpose's status rests on
 * a grant, and nothing otherwise, so a repeated POST records nothing. The record is appended only if the
 * status it was decided on is still the current one (checked in the write's own transaction): of two POSTs
 * at once (a mail provider and the person, or a scanner's retry) exactly one withdraws. When another write
 * came first, the link's state is read again and decided again. NOT_FOUND for a forged or altered token.
 */
export async function unsubscribeByLink(
  deps: Deps,
  input: { token: string },
): Promise<{ purpose: Purpose; recorded: ConsentRecord | null }> {
  for (let attempt = 1; ; attempt++) {
    const { claims, purpose, subscribed, record } = await unsubscribeLinkState(deps, input);
    if (!subscribed || !record) return { purpose, recorded: null };
    const t = deps.now();
    // The subject acts: the link reached them in their own mailbox.
    const plan = planConsentWrite({
      input: { channel: ONE_CLICK_UNSUBSCRIBE.channel, evidence: { linkId: claims.linkId } },
      actor: { role: 'SUBJECT', kind: 'SUBJECT', id: claims.subjectId, subjectId: claims.subjectId },
      now: t,
    });
    const notice = noticeFor(deps, purpose, record, t);
    const recorded = await deps.ledger.appendIfCurrent(
      {
        id: newLedgerId(),
        subjectId: plan.subjectId,
        purposeKey: purpose.key,
        action: 'WITHDRAW',
        noticeVersionId: notice.id,
        noticeVersion: notice.version,
        channel: ONE_CLICK_UNSUBSCRIBE.channel,
        method: ONE_CLICK_UNSUBSCRIBE.method,
        actorKind: plan.actorKind,
        actorId: plan.actorId,
        evidence: plan.evidence,
        occurredAt: plan.occurredAt,
        recordedAt: t,
      },
      record.recordId,
      (r) => consentEvent(r, purpose),
    );
    if (recorded) {
      deps.onCommit();
      return { purpose, recorded };
    }
    if (attempt >= ATTEMPTS)
      throw new AssentError(
        'CONFLICT',
        `The consent for ${purpose.key} kept changing while unsubscribing (${ATTEMPTS} attempts); try again.`,
        { userMessage: 'Your choice is changing right now. Please try again in a moment.' },
      );
  }
}

// The notice in force when it describes the purpose; for a purpose it no longer describes (retired since), the notice
// the grant rests on, so a withdrawal is always possible.
function noticeFor(deps: Deps, purpose: Purpose, record: StateRecord, at: Date): NoticeVersion {
  const current = currentNoticeOrThrow(deps.catalog, at);
  if (current.purposes.some((p) => p.purposeKey === purpose.key)) return current;
  const granted = deps.catalog.get().notices.find((n) => n.version === record.noticeVersion);
  if (!granted)
    throw new AssentError(
      'INTERNAL_SERVER_ERROR',
      `Notice version ${record.noticeVersion} of record ${record.recordId} is not in the catalog.`,
    );
  checkNoticeDescribes(granted, purpose);
  return granted;
}
