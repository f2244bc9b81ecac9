import { canonicalJson, sha256Hex } from './hash';
import { LEGACY_LOCALE } from './locale';
import type { NoticePurposeText, NoticeTranslation, NoticeVersion } from './types';

/** The content of a notice that its hash covers. */
export interface NoticeContent {
  version: number;
  summary: string;
  effectiveAt: Date;
  purposes: readonly NoticePurposeText[];
  /** 1.1: the language of summary and purposes; absent means 'en'. */
  defaultLocale?: string | undefined;
  /** 1.1: the texts in other languages. */
  translations?: readonly NoticeTranslation[] | undefined;
}

/** The point at which a notice makes earlier grants of a purpose lapse. */
export interface Lapse {
  version: number;
  publishedAt: Date;
  effectiveAt: Date;
}

// Code-unit order, not localeCompare: the hash must not depend on the host's locale.
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * SHA-256 hex of the canonical JSON of a notice's content in every language (purposes sorted by key, translations
 * by locale; extra fields on rows ignored). What 1.1 added enters only when it differs from what a 1.0 notice meant
 * (defaultLocale 'en', no translations), so every notice published before keeps its hash and still verifies.
 */
export function noticeContentHash(n: NoticeContent): string {
  const defaultLocale =
    n.defaultLocale !== undefined && n.defaultLocale !== LEGACY_LOCALE ? { defaultLocale: n.defaultLocale } : {};
  const translations = n.translations?.length
    ? {
        translations: [...n.translations]
          .sort((a, b) => byCodeUnits(a.locale, b.locale))
          .map((t) => ({
            locale: t.locale,
            summary: t.summary,
            purposes: [...t.purposes]
              .sort((a, b) => byCodeUnits(a.purposeKey, b.purposeKey))
              .map((p) => ({ purposeKey: p.purposeKey, title: p.title, description: p.description })),
          })),
      }
    : {};
  return sha256Hex(
    canonicalJson({
      version: n.version,
      summary: n.summary,
      effectiveAt: n.effectiveAt.toISOString(),
      purposes: [...n.purposes]
        .sort((a, b) => byCodeUnits(a.purposeKey, b.purposeKey))
        .map((p) => ({
          purposeKey: p.purposeKey,
          title: p.title,
          description: p.description,
          requiresReconsent: p.requiresReconsent,
        })),
      ...defaultLocale,
      ...translations,
    }),
  );
}

/** The notice in force at `at`: the highest version published at or before that instant. */
export function noticeInForce(notices: readonly NoticeVersion[], at: Date): NoticeVersion | undefined {
  let best: NoticeVersion | undefined;
  for (const n of notices) {
    if (n.publishedAt.getTime() <= at.getTime() && (best === undefined || n.version > best.version)) best = n;
  }
  return best;
}

/** Every notice after `grantedUnderVersion` that requires re-consent for `purposeKey`, lowest version first. */
export function lapsesFor(notices: readonly NoticeVersion[], purposeKey: string, grantedUnderVersion: number): Lapse[] {
  return notices
    .filter(
      (n) =>
        n.version > grantedUnderVersion && n.purposes.some((p) => p.purposeKey === purposeKey && p.requiresReconsent),
    )
    .sort((a, b) => a.version - b.version)
    .map((n) => ({ version: n.version, publishedAt: n.publishedAt, effectiveAt: n.effectiveAt }));
}

/** The earliest notice after `grantedUnderVersion` whose text for `purposeKey` requires re-consent, or null. */
export function lapseFor(
  notices: readonly NoticeVersion[],
  purposeKey: string,
  grantedUnderVersion: number,
): Lapse | null {
  return lapsesFor(notices, purposeKey, grantedUnderVersion)[0] ?? null;
}
