// Builders shared by the *.test.ts files; not exported from the package.
import { hashRecord } from './ledger-hash';
import { noticeContentHash } from './notice';
import type { ConsentAction, ConsentRecord, ConsentRecordContent, NoticeVersion, Purpose, StateRecord } from './types';

/** A Date from an ISO string, to keep tables short. */
export const t = (iso: string): Date => new Date(iso);

/** `d` moved by `ms` milliseconds. */
export const plus = (d: Date, ms: number): Date => new Date(d.getTime() + ms);

/** A purpose with sensible defaults. */
export function purpose(overrides: Partial<Purpose> = {}): Purpose {
  return {
    key: 'marketing-email',
    title: 'Marketing e-mail',
    description: 'News and offers by e-mail.',
    legalBasis: 'CONSENT',
    retiredAt: null,
    gpcOptOut: false,
    dpvPurpose: null,
    consentMode: [],
    ...overrides,
  };
}

/** A published notice; `purposes` maps each purpose key to its requiresReconsent flag. */
export function notice(
  version: number,
  publishedAt: string,
  purposes: Record<string, boolean>,
  effectiveAt: string = publishedAt,
): NoticeVersion {
  const content = {
    version,
    summary: `Notice version ${version}`,
    effectiveAt: t(effectiveAt),
    purposes: Object.entries(purposes).map(([purposeKey, requiresReconsent]) => ({
      purposeKey,
      title: `Title of ${purposeKey} in v${version}`,
      description: `Description of ${purposeKey} in v${version}`,
      requiresReconsent,
    })),
  };
  return { id: `notice-${version}`, publishedAt: t(publishedAt), contentHash: noticeContentHash(content), ...content };
}

/** A state record; recordedAt defaults to occurredAt. */
export function state(
  action: ConsentAction,
  noticeVersion: number,
  occurredAt: string,
  recordedAt: string = occurredAt,
): StateRecord {
  return {
    recordId: `${action}-${occurredAt}-${recordedAt}`,
    action,
    noticeVersion,
    occurredAt: t(occurredAt),
    recordedAt: t(recordedAt),
  };
}

/** Record content with defaults; id and timestamps vary with `n`. */
export function content(n: number, overrides: Partial<ConsentRecordContent> = {}): ConsentRecordContent {
  return {
    id: `rec-${n}`,
    subjectId: 'subject-1',
    purposeKey: 'marketing-email',
    action: n % 2 === 0 ? 'GRANT' : 'WITHDRAW',
    noticeVersionId: 'notice-1',
    noticeVersion: 1,
    channel: 'WEB',
    method: 'privacy-center/toggle',
    actorKind: 'SUBJECT',
    actorId: 'subject-1',
    evidence: null,
    occurredAt: plus(t('2026-01-01T00:00:00.000Z'), n * 1000),
    recordedAt: plus(t('2026-01-01T00:00:00.000Z'), n * 1000),
    ...overrides,
  };
}

/** Links contents into a valid chain, as the ledger repository does on append. */
export function chain(contents: readonly ConsentRecordContent[]): ConsentRecord[] {
  const out: ConsentRecord[] = [];
  let previousHash: string | null = null;
  contents.forEach((c, seq) => {
    const hash = hashRecord(c, previousHash);
    out.push({ ...c, seq, hash, previousHash });
    previousHash = hash;
  });
  return out;
}
