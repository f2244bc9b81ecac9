import { canonicalJson, sha256Hex } from './hash';
import type { NoticePurposeText, NoticeVersion } from './types';

/** The content of a notice that its hash covers. */
export interface NoticeContent {
  version: number;
  summary: string;
  effectiveAt: Date;
  purposes: readonly NoticePurposeText[];
}

/** The point at which a notice makes earlier grants of a purpose lapse. */
export interface Lapse {
  version: number;
  publishedAt: Date;
  effectiveAt: Date;
}

// Code-unit order, not localeCompare: the hash must not depend on the host's locale.
function byPurposeKey(a: NoticePurposeText, b: NoticePurposeText): number {
  return a.purposeKey < b.purposeKey ? -1 : a.purposeKey > b.purposeKey ? 1 : 0;
}

/** SHA-256 hex of the canonical JSON of a notice's content (purposes sorted by key; extra fields on rows ignored). */
export function noticeContentHash(n: NoticeContent): string {
  return sha256Hex(
    canonicalJson({
      version: n.version,
      summary: n.summary,
      effectiveAt: n.effectiveAt.toISOString(),
      purposes: [...n.purposes].sort(byPurposeKey).map((p) => ({
        purposeKey: p.purposeKey,
        title: p.title,
        description: p.description,
        requiresReconsent: p.requiresReconsent,
      })),
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
        n.version > grantedUnderVersion &&
        n.purposes.some((p) => p.purposeKey === purposeKey && p.requiresReconsent),
    )
    .sort((a, b) => a.version - b.version)
    .map((n) => ({ version: n.version, publishedAt: n.publishedAt, effectiveAt: n.effectiveAt }));
}

/** The earliest notice after `grantedUnderVersion` whose text for `purposeKey` requires re-consent, or null. */
export function lapseFor(notices: readonly NoticeVersion[], purposeKey: string, grantedUnderVersion: number): Lapse | null {
  return lapsesFor(notices, purposeKey, grantedUnderVersion)[0] ?? null;
}
