import { canonicalJson, sha256Hex } from './hash';
import type { ConsentRecord, ConsentRecordContent } from './types';

/**
 * The canonical JSON (RFC 8785) a record's hash is computed over: every content field plus previousHash. The
 * locale (1.1) enters only when known, so every record written before it existed keeps its hash.
 */
export function canonicalRecordJson(r: ConsentRecordContent, previousHash: string | null): string {
  // Fields are picked one by one so that extra properties (seq, hash, ORM columns) never leak into the hash.
  const locale = r.locale == null ? {} : { locale: r.locale };
  return canonicalJson({
    ...locale,
    id: r.id,
    subjectId: r.subjectId,
    purposeKey: r.purposeKey,
    action: r.action,
    noticeVersionId: r.noticeVersionId,
    noticeVersion: r.noticeVersion,
    channel: r.channel,
    method: r.method,
    actorKind: r.actorKind,
    actorId: r.actorId,
    evidence: r.evidence ?? null,
    occurredAt: r.occurredAt.toISOString(),
    recordedAt: r.recordedAt.toISOString(),
    previousHash,
  });
}

/** SHA-256 hex of {@link canonicalRecordJson}: the hash a new record is stored with. */
export function hashRecord(r: ConsentRecordContent, previousHash: string | null): string {
  return sha256Hex(canonicalRecordJson(r, previousHash));
}

/** Where an earlier batch of the same chain left off, to verify a long chain in pieces. */
export interface ChainProgress {
  /** Stored hash of the last record already verified (null before the first record). */
  previousHash: string | null;
  /** How many records were already verified; also the seq the next record must have. */
  checked: number;
}

/** The outcome of {@link verifyChain}. */
export interface ChainVerification {
  ok: boolean;
  /** Records whose hash was recomputed, counting `prior.checked` and the broken record if any. */
  recordsChecked: number;
  firstBrokenRecordId: string | null;
  /** Stored hash of the last record that verified; pass it on as `prior.previousHash` for the next batch. */
  lastHash: string | null;
}

function recomputes(r: ConsentRecord): boolean {
  try {
    return hashRecord(r, r.previousHash) === r.hash;
  } catch {
    // Content that cannot be canonicalized (invalid date, lone surrogate) cannot match any stored hash.
    return false;
  }
}

/**
 * Recomputes one subject's chain, given in seq order, and stops at the first record that is out of place
 * (seq gap), not linked to its predecessor, or whose content no longer matches its hash.
 */
export function verifyChain(records: Iterable<ConsentRecord>, prior?: ChainProgress): ChainVerification {
  let expectedPrevious = prior?.previousHash ?? null;
  let checked = prior?.checked ?? 0;
  for (const r of records) {
    checked += 1;
    const intact = r.seq === checked - 1 && r.previousHash === expectedPrevious && recomputes(r);
    if (!intact) return { ok: false, recordsChecked: checked, firstBrokenRecordId: r.id, lastHash: expectedPrevious };
    expectedPrevious = r.hash;
  }
  return { ok: true, recordsChecked: checked, firstBrokenRecordId: null, lastHash: expectedPrevious };
}
