import { AssentError } from './errors';
import { isActive, requiresConsent } from './purposes';
import type { ConsentAction, NoticeVersion, Purpose } from './types';

/**
 * Refuses a consent write on a purpose that takes no consent (CONSENT_NOT_APPLICABLE), and a grant on a purpose
 * retired at `at` (BAD_USER_INPUT); a withdrawal stays possible after retirement.
 */
export function checkConsentPurpose(i: { action: ConsentAction; purpose: Purpose; at: Date }): void {
  const { purpose } = i;
  if (!requiresConsent(purpose)) {
    throw new AssentError(
      'CONSENT_NOT_APPLICABLE',
      `'${purpose.key}' rests on ${purpose.legalBasis}, not consent: there is nothing to grant or withdraw.`,
    );
  }
  if (i.action === 'GRANT' && !isActive(purpose, i.at)) {
    throw new AssentError('BAD_USER_INPUT', `'${purpose.key}' is retired and can no longer be granted.`);
  }
}

/** Refuses consent that would rest on a notice version which does not describe the purpose (BAD_USER_INPUT). */
export function checkNoticeDescribes(notice: NoticeVersion, purpose: Pick<Purpose, 'key'>): void {
  if (!notice.purposes.some((np) => np.purposeKey === purpose.key)) {
    throw new AssentError(
      'BAD_USER_INPUT',
      `Notice version ${notice.version} does not describe '${purpose.key}', so consent cannot rest on it.`,
    );
  }
}
