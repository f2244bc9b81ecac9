import type { LegalBasis, Purpose } from './types';

/** True exactly when the purpose rests on consent (the only basis that takes consent). */
export function requiresConsent(p: { legalBasis: LegalBasis }): boolean {
  return p.legalBasis === 'CONSENT';
}

/** True when the purpose is not retired; with `at`, when it was not yet retired at that instant. */
export function isActive(p: Pick<Purpose, 'retiredAt'>, at?: Date): boolean {
  if (p.retiredAt === null) return true;
  if (at === undefined) return false;
  return p.retiredAt.getTime() > at.getTime();
}

const EXPLANATIONS: Readonly<Record<LegalBasis, string>> = {
  CONSENT: 'Only with your consent, which you can withdraw at any time.',
  CONTRACT: 'Needed to provide the service you signed up for.',
  LEGAL_OBLIGATION: 'Required by law, so we must do this whatever you choose.',
  VITAL_INTERESTS: 'Needed to protect your life or someone else’s.',
  PUBLIC_TASK: 'Needed to carry out a task in the public interest or an official duty.',
  LEGITIMATE_INTERESTS: 'Needed for our legitimate interests, weighed against your rights; you may object.',
};

/** A plain-English sentence telling a subject why a purpose with this basis does or does not ask for consent. */
export function legalBasisExplanation(b: LegalBasis): string {
  return EXPLANATIONS[b];
}
