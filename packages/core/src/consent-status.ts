import { lapsesFor, noticeInForce } from './notice';
import { isActive, requiresConsent } from './purposes';
import type { ConsentStatus, NoticeVersion, Purpose, StateRecord } from './types';

/** The two instants that order a record's effect on status. */
export interface EffectTime {
  occurredAt: Date;
  recordedAt: Date;
}

/** Orders records by their effect on status: occurredAt, then recordedAt (negative when `a` comes first). */
export function compareEffect(a: EffectTime, b: EffectTime): number {
  const byOccurred = a.occurredAt.getTime() - b.occurredAt.getTime();
  if (byOccurred !== 0) return Math.sign(byOccurred);
  return Math.sign(a.recordedAt.getTime() - b.recordedAt.getTime());
}

/**
 * The record that sets the status at `at` (now, if omitted): the newest by {@link compareEffect} among those that
 * occurred at or before `at`. On a full tie the later one in the array (append order) wins, as in {@link supersedes}.
 */
export function effectiveRecord<T extends EffectTime>(records: readonly T[], at?: Date): T | undefined {
  let best: T | undefined;
  for (const r of records) {
    if (at !== undefined && r.occurredAt.getTime() > at.getTime()) continue;
    if (best === undefined || compareEffect(r, best) >= 0) best = r;
  }
  return best;
}

/**
 * True when a newly appended record should replace the projection row; a back-dated record older than the current
 * one is kept as evidence but does not change the status.
 */
export function supersedes(candidate: EffectTime, current: EffectTime | null | undefined): boolean {
  return current == null || compareEffect(candidate, current) >= 0;
}

/** What the status rules need to know about one subject and one purpose at one instant. */
export interface StatusInput {
  purpose: Purpose;
  /** The record that sets the status at `at` (see {@link effectiveRecord}); null or undefined when none. */
  record: StateRecord | null | undefined;
  /** Every published notice version (order does not matter); versions published after `at` are ignored. */
  notices: readonly NoticeVersion[];
  at: Date;
  /** The notice version of the subject's newest record for any purpose; null or undefined when they have none. */
  lastSeenNoticeVersion?: number | null;
}

/** The derived consent state of one subject for one purpose. */
export interface DerivedStatus {
  status: ConsentStatus;
  /** True when the subject should be asked (again) under the notice in force. */
  needsPrompt: boolean;
  /** The notice version that made the grant lapse, when status is RECONSENT_REQUIRED. */
  lapsedBy: number | null;
}

function newPurposeSinceLastSeen(i: StatusInput): boolean {
  if (typeof i.lastSeenNoticeVersion !== 'number') return false;
  const seen = i.notices.find((n) => n.version === i.lastSeenNoticeVersion);
  if (seen === undefined || seen.purposes.some((p) => p.purposeKey === i.purpose.key)) return false;
  const current = noticeInForce(i.notices, i.at);
  return current !== undefined && current.purposes.some((p) => p.purposeKey === i.purpose.key);
}

function deriveGrant(i: StatusInput, grantedUnderVersion: number): DerivedStatus {
  const at = i.at.getTime();
  // Normally the earliest re-consent notice is the first to take effect, but an admin may publish a later one with
  // an earlier effectiveAt; the grant lapses as soon as any published one is effective.
  const published = lapsesFor(i.notices, i.purpose.key, grantedUnderVersion).filter((l) => l.publishedAt.getTime() <= at);
  const effective = published.find((l) => l.effectiveAt.getTime() <= at);
  if (effective !== undefined) return { status: 'RECONSENT_REQUIRED', needsPrompt: true, lapsedBy: effective.version };
  // Published but not yet effective: ask now, the grant still counts until effectiveAt.
  return { status: 'GRANTED', needsPrompt: published.length > 0, lapsedBy: null };
}

function deriveActive(i: StatusInput): DerivedStatus {
  if (!requiresConsent(i.purpose)) return { status: 'NOT_APPLICABLE', needsPrompt: false, lapsedBy: null };
  if (i.record == null) return { status: 'NOT_GIVEN', needsPrompt: newPurposeSinceLastSeen(i), lapsedBy: null };
  switch (i.record.action) {
    case 'WITHDRAW':
      return { status: 'WITHDRAWN', needsPrompt: false, lapsedBy: null };
    case 'GRANT':
      return deriveGrant(i, i.record.noticeVersion);
  }
}

/** The consent status of one purpose at `at`, whether to prompt the subject, and which notice made a grant lapse. */
export function deriveStatus(i: StatusInput): DerivedStatus {
  const derived = deriveActive(i);
  // A retired purpose is no longer offered, so nobody is asked about it.
  return isActive(i.purpose, i.at) ? derived : { ...derived, needsPrompt: false };
}
