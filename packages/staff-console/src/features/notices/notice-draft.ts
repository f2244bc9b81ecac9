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

/** One purpose's wording in a translation of the draft (re-consent belongs to the purpose, not to a language). */
export interface DraftTranslatedText {
  purposeKey: string;
  title: string;
  description: string;
}

/** The draft's texts in one more language. */
export interface DraftTranslation {
  locale: string;
  summary: string;
  /** In the order of the draft's purposes; an empty text is one still to write. */
  purposes: DraftTranslatedText[];
}

/** The next notice version while an admin edits it (kept in the browser only: the API has no drafts). */
export interface NoticeDraft {
  /** The language of summary and purposes. */
  defaultLocale: string;
  summary: string;
  /** datetime-local value, '' for "on publication". */
  effectiveAt: string;
  purposes: DraftPurposeText[];
  /** The same texts in other languages, in the order the admin added them. */
  translations: DraftTranslation[];
}

/**
 * The next version prefilled from the latest one: every active purpose with
 * its current wording (or, for a purpose no notice describes yet, its own
 * title and description); nothing marked for re-consent. `latest` is the
 * latest version in its default locale; `translated` holds it in each other
 * language it has (as noticeVersions(locale) answers), and each becomes a
 * translation of the draft, with a purpose it does not word yet left empty.
 */
export function draftFrom(
  latest: Notice | undefined,
  purposes: readonly PurposeItem[],
  translated: readonly Notice[] = [],
): NoticeDraft {
  const defaultLocale = latest?.defaultLocale ?? 'en';
  const active = purposes.filter((purpose) => purpose.active);
  return {
    defaultLocale,
    summary: latest?.summary ?? '',
    effectiveAt: '',
    purposes: active.map((purpose) => {
      const current = purposeTextIn(latest, purpose.key);
      return {
        purposeKey: purpose.key,
        title: current?.title ?? purpose.title,
        description: current?.description ?? purpose.description,
        requiresReconsent: false,
      };
    }),
    translations: (latest?.availableLocales ?? [])
      .filter((locale) => locale !== defaultLocale)
      .map((locale) => {
        const inLocale = publishedIn(translated, locale);
        return {
          locale,
          summary: inLocale?.summary ?? '',
          purposes: active.map((purpose) => {
            const current = purposeTextIn(inLocale, purpose.key);
            return { purposeKey: purpose.key, title: current?.title ?? '', description: current?.description ?? '' };
          }),
        };
      }),
  };
}

/** The published version in exactly this language, if it has texts in it (a fallback to another language is not). */
export function publishedIn(localized: readonly Notice[], locale: string): Notice | undefined {
  return localized.find((notice) => notice.locale === locale);
}

/** Why a language cannot be added to the draft, or null when it can. */
export function languageProblem(draft: NoticeDraft, locale: string): string | null {
  const taken = [draft.defaultLocale, ...draft.translations.map((t) => t.locale)].map((l) => l.toLowerCase());
  if (taken.includes(locale.toLowerCase())) return `The draft already has texts in ${locale}.`;
  return null;
}

/** The draft with one more language, its texts still to write. */
export function addLanguage(draft: NoticeDraft, locale: string): NoticeDraft {
  if (languageProblem(draft, locale)) return draft;
  return {
    ...draft,
    translations: [
      ...draft.translations,
      {
        locale,
        summary: '',
        purposes: draft.purposes.map((p) => ({ purposeKey: p.purposeKey, title: '', description: '' })),
      },
    ],
  };
}

/** The draft without a translation (the default language cannot be removed). */
export function removeLanguage(draft: NoticeDraft, locale: string): NoticeDraft {
  return { ...draft, translations: draft.translations.filter((t) => t.locale !== locale) };
}

/** One field of a purpose's text. */
export type TextField = 'title' | 'description';

/** What one language of the draft still lacks. */
export interface LanguageCompleteness {
  locale: string;
  isDefault: boolean;
  summaryMissing: boolean;
  /** Purposes with a missing title or description, in the draft's order. */
  missing: { purposeKey: string; fields: TextField[] }[];
  complete: boolean;
}

/** Every language of the draft (default first) with the texts it still lacks: publishing needs them all. */
export function draftCompleteness(draft: NoticeDraft): LanguageCompleteness[] {
  const check = (
    locale: string,
    isDefault: boolean,
    summary: string,
    texts: readonly { purposeKey: string; title: string; description: string }[],
  ): LanguageCompleteness => {
    const byKey = new Map(texts.map((t) => [t.purposeKey, t]));
    const missing = draft.purposes
      .map((p) => {
        const text = byKey.get(p.purposeKey);
        const fields = (['title', 'description'] as const).filter((field) => !text?.[field].trim());
        return { purposeKey: p.purposeKey, fields };
      })
      .filter((m) => m.fields.length > 0);
    const summaryMissing = !summary.trim();
    return { locale, isDefault, summaryMissing, missing, complete: !summaryMissing && missing.length === 0 };
  };
  return [
    check(draft.defaultLocale, true, draft.summary, draft.purposes),
    ...draft.translations.map((t) => check(t.locale, false, t.summary, t.purposes)),
  ];
}

/** Where a field of a language lives in the form and in DraftErrors: "summary" / "<purposeKey>.title" in the default language, "<locale>:…" in a translation. */
export function fieldKey(draft: Pick<NoticeDraft, 'defaultLocale'>, locale: string, field: string): string {
  return locale === draft.defaultLocale ? field : `${locale}:${field}`;
}

/** How a purpose's wording in the draft relates to the latest version. */
export type DraftChange = 'new' | 'changed' | 'unchanged';

/** Whether the draft adds, rewords or keeps a purpose. */
export function changeOf(
  latest: Notice | undefined,
  text: Pick<DraftPurposeText, 'purposeKey' | 'title' | 'description'>,
): DraftChange {
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

/** Problems that stop publication, keyed "effectiveAt" or by {@link fieldKey}. */
export type DraftErrors = Record<string, string>;

/** Checks the draft and builds publishNotice's input; re-consent is sent only for consent purposes. */
export function validateDraft(
  draft: NoticeDraft,
  purposes: readonly PurposeItem[],
  now: Date,
  /**
   * The latest version as published in each language (publishedIn): a purpose marked for re-consent whose wording
   * changed must change in every language it had, or people reading that language are asked about the old text.
   */
  published: readonly Notice[] = [],
): { ok: true; input: PublishNoticeInput } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const latest = publishedIn(published, draft.defaultLocale);
  for (const text of draft.purposes) {
    if (!text.requiresReconsent || changeOf(latest, text) !== 'changed') continue;
    for (const translation of draft.translations) {
      const before = publishedIn(published, translation.locale);
      const now = translation.purposes.find((p) => p.purposeKey === text.purposeKey);
      if (before && now && (now.title.trim() || now.description.trim()) && changeOf(before, now) === 'unchanged')
        errors[`${translation.locale}:${text.purposeKey}.description`] =
          `“${text.title.trim() || text.purposeKey}” is reworded and asked again, but its ${translation.locale} text is unchanged: translate the change, or people reading ${translation.locale} are asked about the old text.`;
    }
  }
  if (!draft.summary.trim()) errors.summary = 'Write a summary of this version: people see it above the purposes.';
  for (const text of draft.purposes) {
    if (!text.title.trim()) errors[`${text.purposeKey}.title`] = `Give “${text.purposeKey}” a title.`;
    if (!text.description.trim())
      errors[`${text.purposeKey}.description`] = `Describe “${text.purposeKey}” in plain language.`;
  }
  for (const language of draftCompleteness(draft).filter((l) => !l.isDefault && !l.complete)) {
    const { locale } = language;
    if (language.summaryMissing) errors[`${locale}:summary`] = `Write the summary in ${locale}.`;
    for (const { purposeKey, fields } of language.missing)
      for (const field of fields)
        errors[`${locale}:${purposeKey}.${field}`] =
          field === 'title' ? `Give “${purposeKey}” a title in ${locale}.` : `Describe “${purposeKey}” in ${locale}.`;
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
      defaultLocale: draft.defaultLocale,
      ...(draft.translations.length > 0
        ? {
            translations: draft.translations.map((t) => ({
              locale: t.locale,
              summary: t.summary.trim(),
              purposes: t.purposes.map((p) => ({
                purposeKey: p.purposeKey,
                title: p.title.trim(),
                description: p.description.trim(),
              })),
            })),
          }
        : {}),
      ...(effectiveAt ? { effectiveAt } : {}),
    },
  };
}
