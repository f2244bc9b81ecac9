/** A language's own name for itself ("Deutsch", "Français"), capitalised for a list; the tag when unknown. */
export function nativeLanguageName(tag: string): string {
  try {
    const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag);
    return name ? name.charAt(0).toLocaleUpperCase(tag) + name.slice(1) : tag;
  } catch {
    return tag;
  }
}

/** "Deutsch (de)": the native name with the tag, for labels where the tag is what the API stores. */
export function languageLabel(tag: string): string {
  const name = nativeLanguageName(tag);
  return name === tag ? tag : `${name} (${tag})`;
}

/**
 * The languages the notice editor offers to add: the official languages of the EU (where the GDPR applies), with
 * the privacy center's interface languages first.
 */
export const NOTICE_LANGUAGES = [
  'en',
  'de',
  'fr',
  'es',
  'it',
  'nl',
  'pl',
  'pt',
  'bg',
  'cs',
  'da',
  'el',
  'et',
  'fi',
  'ga',
  'hr',
  'hu',
  'lt',
  'lv',
  'mt',
  'ro',
  'sk',
  'sl',
  'sv',
] as const;

/** The canonical form of a BCP 47 tag ("DE-at" → "de-AT"), or null when it is not one. */
export function canonicalTag(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag.trim())[0] ?? null;
  } catch {
    return null;
  }
}
