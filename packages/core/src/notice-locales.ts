import { AssentError } from './errors';
import { LEGACY_LOCALE, matchLocale, requestedLocales } from './locale';
import type { NoticeTranslation, NoticeVersion, Purpose } from './types';

/** A notice version in the language a reader asked for (1.1): summary and purpose texts in `locale`. */
export interface LocalizedNotice extends NoticeVersion {
  /** The best match for the locale asked among availableLocales, else defaultLocale. */
  locale: string;
  defaultLocale: string;
  /** defaultLocale first, then the translations' locales in code-unit order. */
  availableLocales: string[];
}

/** Every language a notice has texts in: its default first, then its translations' locales in code-unit order. */
export function noticeLocales(n: Pick<NoticeVersion, 'defaultLocale' | 'translations'>): string[] {
  const others = (n.translations ?? []).map((t) => t.locale).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [n.defaultLocale ?? LEGACY_LOCALE, ...others];
}

/** The texts of a notice in the locale that best matches `requested` (a BCP 47 tag or an Accept-Language value). */
export function localizeNotice(n: NoticeVersion, requested: string | null | undefined): LocalizedNotice {
  const defaultLocale = n.defaultLocale ?? LEGACY_LOCALE;
  const availableLocales = noticeLocales(n);
  const locale = matchLocale(requested, availableLocales, defaultLocale);
  const t = (n.translations ?? []).find((x) => x.locale === locale);
  if (!t) return { ...n, locale: defaultLocale, defaultLocale, availableLocales };
  const byKey = new Map(t.purposes.map((p) => [p.purposeKey, p]));
  return {
    ...n,
    summary: t.summary,
    // The reconsent flag belongs to the purpose, not to a language; a text a translation lacks stays in the default.
    purposes: n.purposes.map((p) => {
      const tp = byKey.get(p.purposeKey);
      return tp ? { ...p, title: tp.title, description: tp.description } : p;
    }),
    locale,
    defaultLocale,
    availableLocales,
  };
}

/**
 * Purposes worded as a notice words them in the locale that best matches `requested`: a purpose's title and
 * description are the current notice's texts, so a translated notice translates them. Purposes the notice does not
 * list (retired ones) keep their stored wording.
 */
export function localizePurposes(
  purposes: readonly Purpose[],
  notice: NoticeVersion | undefined,
  requested: string | null | undefined,
): Purpose[] {
  if (!notice || !notice.translations?.length) return [...purposes];
  const texts = new Map(localizeNotice(notice, requested).purposes.map((p) => [p.purposeKey, p]));
  return purposes.map((p) => {
    const t = texts.get(p.key);
    return t ? { ...p, title: t.title, description: t.description } : p;
  });
}

/**
 * The rules of a notice's translations (BAD_USER_INPUT): one per locale, none in the default locale, and each one
 * words exactly the purposes of the notice (the message names the locale and the purposes missing or unknown).
 */
export function checkTranslations(i: {
  defaultLocale: string;
  purposes: readonly { purposeKey: string }[];
  translations: readonly NoticeTranslation[];
}): void {
  const keys = new Set(i.purposes.map((p) => p.purposeKey));
  const seen = new Set<string>([i.defaultLocale.toLowerCase()]);
  const problems: string[] = [];
  i.translations.forEach((t, index) => {
    const at = `translations[${index}] (${t.locale})`;
    if (t.locale.toLowerCase() === i.defaultLocale.toLowerCase())
      problems.push(`${at}: '${t.locale}' is the default locale; its texts are summary and purposes`);
    else if (seen.has(t.locale.toLowerCase())) problems.push(`${at}: '${t.locale}' is translated more than once`);
    seen.add(t.locale.toLowerCase());
    const listed = new Set<string>();
    const repeated = new Set<string>();
    for (const p of t.purposes) (listed.has(p.purposeKey) ? repeated : listed).add(p.purposeKey);
    const missing = [...keys].filter((k) => !listed.has(k));
    const unknown = [...listed].filter((k) => !keys.has(k));
    if (missing.length)
      problems.push(
        `${at}: the '${t.locale}' translation must word every purpose of the notice; missing ${missing.join(', ')}`,
      );
    if (unknown.length)
      problems.push(
        `${at}: the '${t.locale}' translation words purposes the notice does not list: ${unknown.join(', ')}`,
      );
    if (repeated.size)
      problems.push(`${at}: the '${t.locale}' translation words ${[...repeated].join(', ')} more than once`);
  });
  if (problems.length) throw new AssentError('BAD_USER_INPUT', problems.join('; '), { details: { problems } });
}

/**
 * The locale a new record carries (1.1): the language of the notice's text the subject saw. The one the client names
 * (`de-DE` on a notice in `de` was shown the German text: `de`; a language the notice lacks was shown its default),
 * else the one the request's Accept-Language picks among the notice's languages, else null (not known: no header, or
 * one naming no language, such as the '*' server-side HTTP clients send).
 */
export function recordLocale(i: {
  given?: string | null | undefined;
  acceptLanguage?: string | null | undefined;
  notice: NoticeVersion;
}): string | null {
  if (i.given) return matchLocale(i.given, noticeLocales(i.notice), i.notice.defaultLocale ?? LEGACY_LOCALE);
  if (requestedLocales(i.acceptLanguage).length === 0) return null;
  return matchLocale(i.acceptLanguage, noticeLocales(i.notice), i.notice.defaultLocale ?? LEGACY_LOCALE);
}
