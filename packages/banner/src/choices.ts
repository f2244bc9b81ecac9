import type { BannerMethod, Choice, ChoiceAction, ConsentModeSignal, ConsentStatus, PurposeState } from './api';

/** A purpose's decision for tag managers: the same answer as Assent's decide (granted consent, or not a consent purpose). */
export type Decisions = Record<string, boolean>;

export const CONSENT_MODE_SIGNALS: readonly ConsentModeSignal[] = [
  'ad_storage',
  'analytics_storage',
  'ad_user_data',
  'ad_personalization',
];

export type ConsentModeState = Record<ConsentModeSignal, 'granted' | 'denied'>;

/** The purposes the banner asks about: consent purposes only (other bases are not the visitor's choice). */
export function consentPurposes(purposes: readonly PurposeState[]): PurposeState[] {
  return purposes.filter((item) => item.purpose.requiresConsent);
}

/**
 * The action that records a switch left off: WITHDRAW takes back a grant in force;
 * anything else (never answered, refused, withdrawn, lapsed) was asked now and declined.
 */
export function offAction(status: ConsentStatus): ChoiceAction {
  return status === 'GRANTED' ? 'WITHDRAW' : 'REFUSE';
}

/**
 * The choices one click records, one per consent purpose, in the order shown.
 * `on` says which purposes end up granted: every one for accept-all (except those a
 * GPC signal opted out of: one generic click does not override the browser's
 * signal; the visitor can still switch them on), none for reject-all, the
 * switches for save.
 */
export function choicesFor(
  method: BannerMethod,
  purposes: readonly PurposeState[],
  options: { switches?: ReadonlyMap<string, boolean>; gpc?: boolean } = {},
): Choice[] {
  const choices: Choice[] = [];
  for (const { purpose, status } of consentPurposes(purposes)) {
    let on: boolean;
    if (method === 'banner/accept-all') {
      if (options.gpc && purpose.gpcOptOut && status !== 'GRANTED') continue;
      on = true;
    } else if (method === 'banner/reject-all') {
      on = false;
    } else {
      on = options.switches?.get(purpose.key) ?? false;
    }
    choices.push({ purposeKey: purpose.key, action: on ? 'GRANT' : offAction(status) });
  }
  return choices;
}

const STATUS_AFTER: Record<ChoiceAction, ConsentStatus> = {
  GRANT: 'GRANTED',
  REFUSE: 'REFUSED',
  WITHDRAW: 'WITHDRAWN',
};

/** The purposes' statuses once these records are written: each recorded decision answers its purpose's prompt. */
export function applyRecords(purposes: readonly PurposeState[], records: readonly Choice[]): PurposeState[] {
  const actions = new Map(records.map((record) => [record.purposeKey, record.action]));
  return purposes.map((item) => {
    const action = actions.get(item.purpose.key);
    return action ? { ...item, status: STATUS_AFTER[action], needsPrompt: false } : item;
  });
}

/** Whether Global Privacy Control may still change something: a GPC purpose not refused or withdrawn yet. */
export function gpcMayApply(purposes: readonly PurposeState[]): boolean {
  return purposes.some(
    ({ purpose, status }) =>
      purpose.requiresConsent &&
      purpose.gpcOptOut &&
      (status === 'NOT_GIVEN' || status === 'GRANTED' || status === 'RECONSENT_REQUIRED'),
  );
}

/** `{ [purposeKey]: allowed }` for every purpose listed. */
export function decisionsOf(purposes: readonly PurposeState[]): Decisions {
  const decisions: Decisions = {};
  for (const { purpose, status } of purposes)
    decisions[purpose.key] = status === 'GRANTED' || status === 'NOT_APPLICABLE';
  return decisions;
}

/**
 * Consent Mode from the decisions: a signal is granted when at least one purpose
 * governs it and every purpose that governs it is allowed (a tag cannot tell which
 * purpose it serves, so the strictest one wins). Signals no purpose governs stay denied.
 */
export function consentModeOf(purposes: readonly PurposeState[]): ConsentModeState {
  const decisions = decisionsOf(purposes);
  const state = {} as ConsentModeState;
  for (const signal of CONSENT_MODE_SIGNALS) {
    const governing = purposes.filter((item) => item.purpose.consentMode?.includes(signal));
    state[signal] =
      governing.length > 0 && governing.every((item) => decisions[item.purpose.key]) ? 'granted' : 'denied';
  }
  return state;
}
