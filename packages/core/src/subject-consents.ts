import { deriveStatus } from './consent-status';
import { isActive } from './purposes';
import type { ConsentStatus, NoticeVersion, Purpose, StateRecord } from './types';

/** One purpose's consent state for a subject, as the privacy center shows it. */
export interface PurposeConsentState {
  purpose: Purpose;
  status: ConsentStatus;
  /** The record that sets the status; null when there is none. */
  recordId: string | null;
  needsPrompt: boolean;
}

/**
 * A subject's status for every purpose active at `at`, from the record that currently sets each one, and whether to
 * ask (core's deriveStatus: a consent purpose never decided, or a lapsed grant). `needsPrompt` is true when any is.
 */
export function subjectConsentStates(i: {
  purposes: readonly Purpose[];
  notices: readonly NoticeVersion[];
  states: readonly (StateRecord & { purposeKey: string })[];
  at: Date;
  /** The subject was erased (its states are gone, and no write under its id is taken): it is never asked to consent. */
  erased?: boolean;
}): { purposes: PurposeConsentState[]; needsPrompt: boolean } {
  const { notices, at } = i;
  const states = new Map(i.states.map((s) => [s.purposeKey, s] as const));
  const purposes = i.purposes
    .filter((p) => isActive(p, at))
    .map((purpose) => {
      const state = states.get(purpose.key) ?? null;
      const d = deriveStatus({ purpose, record: state, notices, at });
      return {
        purpose,
        status: d.status,
        recordId: state?.recordId ?? null,
        needsPrompt: d.needsPrompt && i.erased !== true,
      };
    });
  return { purposes, needsPrompt: purposes.some((v) => v.needsPrompt) };
}
