import { lapsesFor, noticeInForce } from './notice';
import { isActive, requiresConsent } from './purposes';
import type { ConsentAction, ConsentStatus, NoticeVersion, Purpose, StateRecord } from './types';

/** False for ERASE, the SYSTEM record of an erasure: it is kept in the chain but sets no purpose's status. */
export function changesStatus(action: ConsentAction): boolean {
  return action !== 'ERASE';
}

// Also takes rows whose action is a plain string (ORM rows) or absent (a bare pair of instants, which counts).
const setsStatus = (r: { action?: string }): boolean => r.action !== 'ERASE';

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
 * ERASE records are passed over (see {@link changesStatus}).
 */
export function effectiveRecord<T extends EffectTime & { action?: string }>(
  records: readonly T[],
  at?: Date,
): T | undefined {
  let best: T | undefined;
  for (const r of records) {
    if (at !== undefined && r.occurredAt.getTime() > at.getTime()) continue;
    if (!setsStatus(r)) continue;
    if (best === undefined || compareEffect(r, best) >= 0) best = r;
  }
  return best;
}

/**
 * True when a newly appended record should replace the projection row; a back-dated record older than the current
 * one is kept as evidence but does not change the status, and an ERASE record never does.
 */
export function supersedes(
  candidate: EffectTime & { action?: string },
  current: EffectTime | null | undefined,
): boolean {
  if (!setsStatus(candidate)) return false;
  return current == null || compareEffect(candidate, current) >= 0;
}

/** What the status rules need to know about one subject and one purpose at one instant. */
export interface StatusInput {
  purpose: Purpose;
  /** The record that sets the status at `at` (see {@link effectiveRecord}); null or undefined when none (an ERASE record counts as none). */
  record: StateRecord | null | undefined;
  /** Every published notice version (order does not matter); versions published after `at` are ignored. */
  notices: readonly NoticeVersion[];
  at: Date;
  /**
   * @deprecated Ignored since contract 1.1: a purpose never decided is prompted whatever the subject decided about
   * others. Kept so that existing callers compile.
   */
  lastSeenNoticeVersion?: number | null;
}

/** The derived consent state of one subject for one purpose. */
export interface DerivedStatus {
  status: ConsentStatus;
  /**
   * True when the subject should be asked (again) under the notice in force: a consent purpose that notice describes
   * and that has no decision yet; a refusal or withdrawal that a later notice marked requiresReconsent (the status stays
   * REFUSED or WITHDRAWN until the subject answers); a lapsed grant; a grant a published, not yet effective notice will
   * make lapse. Never for other legal bases or retired purposes.
   */
  needsPrompt: boolean;
  /** The notice version that made the grant lapse, when status is RECONSENT_REQUIRED. */
  lapsedBy: number | null;
}

// A subject can only be asked about a purpose the notice in force describes: before a notice words a newly defined
// purpose there is nothing to show, and a grant could not rest on any notice.
function describedInForce(i: StatusInput): boolean {
  const current = noticeInForce(i.notices, i.at);
  return current !== undefined && current.purposes.some((p) => p.purposeKey === i.purpose.key);
}

// A refusal or withdrawal is a decision and is not asked again (EDPB 03/2022: repeated prompting is a deceptive
// pattern) until a notice later than the one it was made under, published by `at`, changes the purpose materially.
// "Later" is by version, as for grants: a refusal made on a stale page (an older version while a material change was
// already published) is asked again, as the subject never saw the new text.
function reaskedAfterDecision(i: StatusInput, decidedUnderVersion: number): boolean {
  const at = i.at.getTime();
  return lapsesFor(i.notices, i.purpose.key, decidedUnderVersion).some((l) => l.publishedAt.getTime() <= at);
}

function deriveGrant(i: StatusInput, grantedUnderVersion: number): DerivedStatus {
  const at = i.at.getTime();
  // Normally the earliest re-consent notice is the first to take effect, but an admin may publish a later one with
  // an earlier effectiveAt; the grant lapses as soon as any published one is effective.
  const published = lapsesFor(i.notices, i.purpose.key, grantedUnderVersion).filter(
    (l) => l.publishedAt.getTime() <= at,
  );
  const effective = published.find((l) => l.effectiveAt.getTime() <= at);
  if (effective !== undefined) return { status: 'RECONSENT_REQUIRED', needsPrompt: true, lapsedBy: effective.version };
  // Published but not yet effective: ask now, the grant still counts until effectiveAt.
  return { status: 'GRANTED', needsPrompt: published.length > 0, lapsedBy: null };
}

function deriveActive(i: StatusInput): DerivedStatus {
  if (!requiresConsent(i.purpose)) return { status: 'NOT_APPLICABLE', needsPrompt: false, lapsedBy: null };
  const notGiven: DerivedStatus = { status: 'NOT_GIVEN', needsPrompt: describedInForce(i), lapsedBy: null };
  if (i.record == null) return notGiven;
  switch (i.record.action) {
    case 'WITHDRAW':
      return { status: 'WITHDRAWN', needsPrompt: reaskedAfterDecision(i, i.record.noticeVersion), lapsedBy: null };
    case 'REFUSE':
      return { status: 'REFUSED', needsPrompt: reaskedAfterDecision(i, i.record.noticeVersion), lapsedBy: null };
    case 'GRANT':
      return deriveGrant(i, i.record.noticeVersion);
    case 'ERASE':
      // Sets no status (changesStatus); a caller that passes one anyway gets the answer for no record.
      return notGiven;
  }
}

/** The consent status of one purpose at `at`, whether to prompt the subject, and which notice made a grant lapse. */
export function deriveStatus(i: StatusInput): DerivedStatus {
  const derived = deriveActive(i);
  // A retired purpose is no longer offered, so nobody is asked about it.
  return isActive(i.purpose, i.at) ? derived : { ...derived, needsPrompt: false };
}
