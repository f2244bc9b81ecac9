import { match } from '@formatjs/intl-localematcher';

/** The language of notices published before contract 1.1, and of a notice whose publisher names none. */
export const LEGACY_LOCALE = 'en';

// Returned by the best-fit matcher when nothing is close enough; not a tag any notice can hold.
const NO_MATCH = 'und';

/** The canonical form of a BCP 47 tag ('EN-us' → 'en-US'), or null when it is not a well-formed tag. */
export function canonicalLocale(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag.trim())[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * The language tags a `locale` argument asks for, most wanted first: one BCP 47 tag, or a whole Accept-Language
 * value ('de-CH, fr;q=0.8, en;q=0.5'). Malformed entries, the wildcard and q=0 entries are dropped; equal q-values
 * keep the order they were sent in.
 */
export function requestedLocales(requested: string | null | undefined): string[] {
  if (!requested) return [];
  const entries: { tag: string; q: number; index: number }[] = [];
  requested.split(',').forEach((part, index) => {
    const [rawTag = '', ...params] = part.split(';');
    const tag = canonicalLocale(rawTag);
    if (tag === null) return;
    let q = 1;
    for (const p of params) {
      const [name, value] = p.split('=').map((s) => s.trim());
      if (name === 'q' && value !== undefined) q = Number(value);
    }
    if (Number.isFinite(q) && q > 0) entries.push({ tag, q, index });
  });
  return entries.sort((a, b) => b.q - a.q || a.index - b.index).map((e) => e.tag);
}

function language(tag: string): string {
  try {
    return new Intl.Locale(tag).language;
  } catch {
    return tag.split('-')[0]!.toLowerCase();
  }
}

/**
 * The available locale that best serves a request (a BCP 47 tag or an Accept-Language value): for each tag asked,
 * most wanted first, an exact match, then the same language without region ('de-CH' → 'de'), then the closest one
 * by CLDR's best-fit language matching (@formatjs/intl-localematcher, e.g. 'de-AT' → 'de-DE'); when no tag asked
 * matches anything, `defaultLocale`.
 */
export function matchLocale(
  requested: string | null | undefined,
  available: readonly string[],
  defaultLocale: string,
): string {
  const byLower = new Map(available.map((a) => [a.toLowerCase(), a]));
  for (const tag of requestedLocales(requested)) {
    const exact = byLower.get(tag.toLowerCase());
    if (exact !== undefined) return exact;
    const base = byLower.get(language(tag));
    if (base !== undefined) return base;
    const close = match([tag], [...available], NO_MATCH, { algorithm: 'best fit' });
    if (close !== NO_MATCH) return close;
  }
  return defaultLocale;
}
