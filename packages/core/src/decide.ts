import { deriveStatus, type StatusInput } from './consent-status';
import { isActive } from './purposes';
import type { ConsentStatus, DecisionReason, LegalBasis } from './types';

/** Whether a subject's data may be processed for a purpose at an instant, and why. */
export interface DecisionResult {
  allowed: boolean;
  reason: DecisionReason;
  status: ConsentStatus;
  legalBasis: LegalBasis;
}

/** What {@link decide} needs: the status inputs, and whether the subject was erased (#16). */
export type DecideInput = StatusInput & { erased?: boolean };

/**
 * Decides whether processing is allowed at `i.at`: an erased subject never, retired purposes never, other bases
 * always, consent only while granted.
 */
export function decide(i: DecideInput): DecisionResult {
  const legalBasis = i.purpose.legalBasis;
  if (i.erased) return { allowed: false, reason: 'SUBJECT_ERASED', status: 'NOT_GIVEN', legalBasis };
  const { status } = deriveStatus(i);
  if (!isActive(i.purpose, i.at)) return { allowed: false, reason: 'PURPOSE_INACTIVE', status, legalBasis };
  switch (status) {
    case 'NOT_APPLICABLE':
      return { allowed: true, reason: 'OTHER_LEGAL_BASIS', status, legalBasis };
    case 'GRANTED':
      return { allowed: true, reason: 'CONSENT_GRANTED', status, legalBasis };
    case 'NOT_GIVEN':
      return { allowed: false, reason: 'NO_CONSENT', status, legalBasis };
    case 'WITHDRAWN':
      return { allowed: false, reason: 'CONSENT_WITHDRAWN', status, legalBasis };
    case 'RECONSENT_REQUIRED':
      return { allowed: false, reason: 'RECONSENT_REQUIRED', status, legalBasis };
    case 'REFUSED':
      return { allowed: false, reason: 'CONSENT_REFUSED', status, legalBasis };
  }
}

/**
 * One consent's key, (subject, purpose) as one string, for matching a batch of decisions to the
 * projection rows read for it. Unambiguous because neither part can hold NUL (schemas.ts refuses it).
 */
export const consentKey = (subjectId: string, purposeKey: string): string => `${subjectId}\u0000${purposeKey}`;
