import { fromLocalInputValue } from '../../ui/format-date';
import type { PublishNoticeInput } from '../../gql/graphql';
import { purposeTextIn, type Notice, type PurposeItem } from '../catalog/catalog.queries';
import { textChanged } from '../catalog/diff-view';

/** One purpose's wording in the draft. */
export interface DraftPurposeText {
  purposeKey: string;
  title: string;
  description: string;
  requiresReconsent: boolean;
}

/** The next notice version while an admin edits it (kept in the browser only: the API has no drafts). */
export interface NoticeDraft {
  summary: string;
  /** datetime-local value, '' for "on publication". */
  effectiveAt: string;
  purposes: DraftPurposeText[];
}

/**
 * The next version prefilled from the latest one: every active purpose with
 * its current wording (or, for a purpose no notice describes yet, its own
 * title and description); nothing marked for re-consent.
 */
export function draftFrom(latest: Notice | undefined, purposes: readonly PurposeItem[]): NoticeDraft {
  return {
    summary: latest?.summary ?? '',
    effectiveAt: '',
    purposes: purposes
      .filter((purpose) => purpose.active)
      .map((purpose) => {
        const current = purposeTextIn(latest, purpose.key);
        return {
          purposeKey: purpose.key,
          title: current?.title ?? purpose.title,
          description: current?.description ?? purpose.description,
          requiresReconsent: false,
        };
      }),
  };
}

/** How a purpose's wording in the draft relates to the latest version. */
export type DraftChange = 'new' | 'changed' | 'unchanged';

/** Whether the draft adds, rewords or keeps a purpose. */
export function changeOf(latest: Notice | undefined, text: DraftPurposeText): DraftChange {
  const current = purposeTextIn(latest, text.purposeKey);
  if (!current) return 'new';
  return textChanged(current, text) ? 'changed' : 'unchanged';
}

/** Re-consent is suggested where a consent purpose's wording changed (a new purpose is asked anyway). */
export function suggestsReconsent(
  latest: Notice | undefined,
  text: DraftPurposeText,
  purpose: PurposeItem | undefined,
): boolean {
  return purpose?.requiresConsent === true && changeOf(latest, text) === 'changed';
}

/** Problems that stop publication, keyed "summary", "effectiveAt" or "<purposeKey>.title" / ".description". */
export type DraftErrors = Record<string, string>;

/** Checks the draft and builds publishNotice's input; re-consent is sent only for consent purposes. */
export function validateDraft(
  draft: NoticeDraft,
  purposes: readonly PurposeItem[],
  now: Date,
): { ok: true; input: PublishNoticeInput } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  if (!draft.summary.trim()) errors.summary = 'Write a summary of this version: people see it above the purposes.';
  for (const text of draft.purposes) {
    if (!text.title.trim()) errors[`${text.purposeKey}.title`] = `Give “${text.purposeKey}” a title.`;
    if (!text.description.trim())
      errors[`${text.purposeKey}.description`] = `Describe “${text.purposeKey}” in plain language.`;
  }
  let effectiveAt: string | null = null;
  if (draft.effectiveAt) {
    effectiveAt = fromLocalInputValue(draft.effectiveAt);
    if (!effectiveAt) errors.effectiveAt = 'Enter a date and time, or leave it empty for “on publication”.';
    // The API allows a minute of clock difference; the form input has minute precision.
    else if (new Date(effectiveAt).getTime() < now.getTime() - 60_000)
      errors.effectiveAt = 'The effective date cannot be in the past.';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const consent = new Set(purposes.filter((purpose) => purpose.requiresConsent).map((purpose) => purpose.key));
  return {
    ok: true,
    input: {
      summary: draft.summary.trim(),
      purposes: draft.purposes.map((text) => ({
        purposeKey: text.purposeKey,
        title: text.title.trim(),
        description: text.description.trim(),
        requiresReconsent: consent.has(text.purposeKey) && text.requiresReconsent,
      })),
      ...(effectiveAt ? { effectiveAt } : {}),
    },
  };
}
