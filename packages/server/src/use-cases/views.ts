import type { ConsentRecord, ConsentStatus, DecisionReason, LegalBasis, LocalizedNotice, Purpose } from '@assent/core';

/** A decision as the API returns it. */
export interface DecisionView {
  subjectId: string;
  purposeKey: string;
  allowed: boolean;
  legalBasis: LegalBasis;
  reason: DecisionReason;
  recordId: string | null;
  at: Date;
}
/** One purpose's consent state for a subject. */
export interface PurposeConsentView {
  purpose: Purpose;
  status: ConsentStatus;
  recordId: string | null;
  needsPrompt: boolean;
}
/** A subject's consents under the current notice. */
export interface SubjectConsentsView {
  subjectId: string;
  currentNotice: LocalizedNotice;
  purposes: PurposeConsentView[];
  needsPrompt: boolean;
}
/** One page of a subject's ledger; the total is counted only when a client asks for it. */
export interface ConsentHistoryView {
  edges: { cursor: string; node: ConsentRecord }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: () => Promise<number>;
}
