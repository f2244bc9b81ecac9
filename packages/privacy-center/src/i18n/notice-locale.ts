// Which language the notice texts are asked in. The person's choice (the language switcher) is kept for this tab;
// until they choose, the browser's languages are sent as an Accept-Language value and the server picks the best
// match among the notice's languages.

const STORAGE_KEY = 'assent.noticeLocale';

/** The browser's languages as an Accept-Language value, in order of preference (at most nine). */
export function browserLanguages(languages: readonly string[] = navigator.languages ?? [navigator.language]): string {
  return languages
    .slice(0, 9)
    .map((tag, i) => (i === 0 ? tag : `${tag};q=${(1 - i / 10).toFixed(1)}`))
    .join(', ');
}

/** The locale argument for notice reads: the language chosen in this tab, else the browser's languages. */
export function requestedNoticeLocale(): string | undefined {
  let chosen: string | null = null;
  try {
    chosen = sessionStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage refused (privacy settings): the browser's languages still apply.
  }
  return chosen ?? fallback ?? (browserLanguages() || undefined);
}

/** Remembers the language the person chose for this tab. */
export function chooseNoticeLocale(tag: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, tag);
  } catch {
    // Not remembered across reloads; the choice still applies to the next request.
    fallback = tag;
  }
}
let fallback: string | null = null;
/** For tests: forget any choice. */
export function resetNoticeLocale(): void {
  fallback = null;
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing kept
  }
}

/** A language's own name for itself ("Deutsch", "français"), capitalised for a list; the tag when unknown. */
export function nativeLanguageName(tag: string): string {
  try {
    const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag);
    return name ? name.charAt(0).toLocaleUpperCase(tag) + name.slice(1) : tag;
  } catch {
    return tag;
  }
}
