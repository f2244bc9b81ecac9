import { canonicalFlatJson, sha256Hex } from './hash';
import { hashRecord } from './ledger-hash';
import type { ActorKind, ConsentRecordContent } from './types';

// Crypto-shredding (#16; README, "Erasure"): what the ledger keeps of a subject once its data key is deleted, and
// how a chain is hashed and verified from what stays.

/** The purpose a SYSTEM ERASE record names (a ledger record must name one): retired, never listed, never decided. */
export const ERASURE_PURPOSE_KEY = 'assent.erasure';
/** What history shows instead of an erased subject's identifier (and a subject actor's id). */
export const ERASED_SUBJECT_ID = 'erased';
/** The method of a SYSTEM ERASE record. */
export const ERASURE_METHOD = 'eraseSubject';

/** The original hash format: identifier and evidence in clear, hashed as written (ledger-hash.ts). */
export const HASH_FORMAT_CLEAR = 1;
/** The protected format: pseudonym, sealed identifier and evidence; the hash covers the stored row. */
export const HASH_FORMAT_PROTECTED = 2;

/** A ledger row as stored, before anything is decrypted. */
export interface StoredRecord {
  id: string;
  /** Format 1: the identifier; format 2: the keyed pseudonym. */
  subjectId: string;
  seq: number;
  purposeKey: string;
  action: string;
  noticeVersionId: string;
  noticeVersion: number;
  channel: string;
  method: string;
  actorKind: ActorKind | string;
  actorId: string | null;
  /** Canonical JSON text as stored (format 1: the evidence; format 2: only a SYSTEM record's, else null). */
  evidence: string | null;
  occurredAt: Date;
  recordedAt: Date;
  hash: string;
  previousHash: string | null;
  locale: string | null;
  hashVersion: number;
  /** Format 2: the identifier, a subject actor's id and the evidence, encrypted under the subject's data key. */
  sealed: string | null;
  /** Format 2, re-protected from format 1: the hash the record was first written with. */
  legacyHash: string | null;
}

/** The canonical JSON a format-2 hash covers: every stored column but the hash itself (RFC 8785). */
export function protectedRecordJson(
  r: Omit<StoredRecord, 'hash' | 'previousHash'>,
  previousHash: string | null,
): string {
  return canonicalFlatJson({
    v: HASH_FORMAT_PROTECTED,
    id: r.id,
    subject: r.subjectId,
    sealed: r.sealed,
    purposeKey: r.purposeKey,
    action: r.action,
    noticeVersionId: r.noticeVersionId,
    noticeVersion: r.noticeVersion,
    channel: r.channel,
    method: r.method,
    actorKind: r.actorKind,
    actorId: r.actorId,
    evidence: r.evidence,
    occurredAt: r.occurredAt.toISOString(),
    recordedAt: r.recordedAt.toISOString(),
    locale: r.locale,
    legacyHash: r.legacyHash,
    previousHash,
  });
}

/** SHA-256 hex of {@link protectedRecordJson}. */
export function hashProtectedRecord(
  r: Omit<StoredRecord, 'hash' | 'previousHash'>,
  previousHash: string | null,
): string {
  return sha256Hex(protectedRecordJson(r, previousHash));
}

/** A format-1 row's content as its hash covered it. */
function clearContent(r: StoredRecord): ConsentRecordContent {
  return {
    id: r.id,
    subjectId: r.subjectId,
    purposeKey: r.purposeKey,
    action: r.action as ConsentRecordContent['action'],
    noticeVersionId: r.noticeVersionId,
    noticeVersion: r.noticeVersion,
    channel: r.channel as ConsentRecordContent['channel'],
    method: r.method,
    actorKind: r.actorKind as ActorKind,
    actorId: r.actorId,
    evidence: r.evidence == null ? null : JSON.parse(r.evidence),
    occurredAt: r.occurredAt,
    recordedAt: r.recordedAt,
    locale: r.locale,
  };
}

/** Whether a stored row's hash recomputes from the row, in the row's format. */
export function storedHashMatches(r: StoredRecord): boolean {
  try {
    if (r.hashVersion === HASH_FORMAT_CLEAR) return hashRecord(clearContent(r), r.previousHash) === r.hash;
    if (r.hashVersion === HASH_FORMAT_PROTECTED) return hashProtectedRecord(r, r.previousHash) === r.hash;
    return false;
  } catch {
    return false;
  }
}

/** Where an earlier batch of the same chain left off (see {@link verifyStoredChain}). */
export interface StoredChainProgress {
  previousHash: string | null;
  checked: number;
}

/**
 * Recomputes one subject's stored chain, in seq order, from the rows alone (so it verifies after the subject's key
 * was deleted), each row in its own format; stops at the first row out of place, unlinked, or not matching its hash.
 */
export function verifyStoredChain(rows: Iterable<StoredRecord>, prior?: StoredChainProgress) {
  let expectedPrevious = prior?.previousHash ?? null;
  let checked = prior?.checked ?? 0;
  for (const r of rows) {
    checked += 1;
    const intact = r.seq === checked - 1 && r.previousHash === expectedPrevious && storedHashMatches(r);
    if (!intact)
      return {
        ok: false,
        recordsChecked: checked,
        firstBrokenRecordId: r.id as string | null,
        lastHash: expectedPrevious,
      };
    expectedPrevious = r.hash;
  }
  return { ok: true, recordsChecked: checked, firstBrokenRecordId: null as string | null, lastHash: expectedPrevious };
}

/**
 * A format-1 chain re-protected in place: each row gets its pseudonym and sealed columns (from `protect`), keeps its
 * first hash in legacyHash, and is hashed again in format 2, chained to the re-protected row before it. The rows must
 * be the whole chain in seq order and verify in format 1 first (the caller checks), so nothing broken is blessed.
 */
export function reprotectChain(
  rows: readonly StoredRecord[],
  protect: (r: StoredRecord) => { subjectId: string; actorId: string | null; sealed: string },
): StoredRecord[] {
  let previousHash: string | null = null;
  return rows.map((r) => {
    const p = protect(r);
    const next: StoredRecord = {
      ...r,
      subjectId: p.subjectId,
      actorId: p.actorId,
      sealed: p.sealed,
      evidence: null,
      hashVersion: HASH_FORMAT_PROTECTED,
      legacyHash: r.hash,
      previousHash,
      hash: '',
    };
    next.hash = hashProtectedRecord(next, previousHash);
    previousHash = next.hash;
    return next;
  });
}

/**
 * An outbox event of an erased subject with the identifier taken out (subject, record.subjectId, a subject actor's
 * id), so that nothing Assent keeps names the subject once it is erased (contract 1.1, "Erasure").
 */
export function scrubEventPayload<T extends { subject?: string; data?: Record<string, unknown> }>(event: T): T {
  const record = event.data?.record as
    { subjectId?: string; actor?: { kind?: string; id?: string | null } } | undefined;
  const scrubbedRecord = record && {
    ...record,
    subjectId: ERASED_SUBJECT_ID,
    ...(record.actor?.kind === 'SUBJECT' ? { actor: { ...record.actor, id: ERASED_SUBJECT_ID } } : {}),
  };
  return {
    ...event,
    ...(event.subject === undefined ? {} : { subject: ERASED_SUBJECT_ID }),
    ...(event.data ? { data: { ...event.data, ...(scrubbedRecord ? { record: scrubbedRecord } : {}) } } : {}),
  };
}
