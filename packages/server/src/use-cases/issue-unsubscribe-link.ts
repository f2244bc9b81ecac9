import { AssentError, listUnsubscribeHeaders, parseInput, requiresConsent, ZSubjectId } from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import { purposeOrThrow } from './catalog-lookups.ts';
import type { UseCaseDeps } from './deps.ts';

/** Whose email, about which purpose. */
export interface IssueUnsubscribeLinkInput {
  subjectId: string;
  purposeKey: string;
}

/** An RFC 8058 one-click link and its two header values. */
export interface UnsubscribeLinkView {
  url: string;
  listUnsubscribe: string;
  listUnsubscribePost: string;
}

/** The path under the public URL that serves one-click unsubscribe links (http/unsubscribe.ts). */
export const UNSUBSCRIBE_PATH = '/unsubscribe/';

/** Mints a one-click unsubscribe link for an email about a consent purpose (SERVICE, ADMIN). */
export async function issueUnsubscribeLink(
  deps: Pick<UseCaseDeps, 'catalog' | 'unsubscribeLinks' | 'publicUrl' | 'ledger'>,
  principal: Principal | null,
  input: IssueUnsubscribeLinkInput,
): Promise<UnsubscribeLinkView> {
  requireRole(principal, ['SERVICE', 'ADMIN']);
  const subjectId = parseInput(ZSubjectId, input.subjectId, 'subjectId');
  const purpose = purposeOrThrow(deps.catalog, input.purposeKey);
  if (!requiresConsent(purpose)) {
    throw new AssentError(
      'CONSENT_NOT_APPLICABLE',
      `Purpose '${purpose.key}' rests on ${purpose.legalBasis}, not consent: there is no consent to withdraw by email.`,
    );
  }
  // An erased id is a tombstone: a link would carry it in clear, and could never withdraw anything.
  if ((await deps.ledger.erasedAmong([subjectId]))[0])
    throw new AssentError('CONFLICT', 'This subject was erased: there is no consent left to withdraw by email.', {
      userMessage: 'This person was erased, so no unsubscribe link can be made for them.',
    });
  const { token } = await deps.unsubscribeLinks.issue(subjectId, purpose.key);
  const url = `${deps.publicUrl()}${UNSUBSCRIBE_PATH}${token}`;
  return { url, ...listUnsubscribeHeaders(url) };
}
