import { z } from 'zod';
import { decide, type DecisionResult } from './decide';
import { ZPurposeKey } from './schemas';
import { CONSENT_ACTIONS, type ConsentAction, type NoticeVersion, type Purpose } from './types';

/** The largest page consentSnapshot serves (and its default). */
export const SNAPSHOT_MAX_PAGE = 10_000;

/** consentSnapshot's `first`: 1..10,000. */
export const ZSnapshotFirst = z
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(SNAPSHOT_MAX_PAGE, `must be at most ${SNAPSHOT_MAX_PAGE}`);

/** consentSnapshot's purposes: 1..100 purpose keys, each once. */
export const ZSnapshotPurposeKeys = z
  .array(ZPurposeKey)
  .min(1, 'must name at least one purpose')
  .max(100, 'must name at most 100 purposes')
  .refine((keys) => new Set(keys).size === keys.length, 'must name each purpose at most once');

/** Decides one projection row: its action and the notice version it was recorded under. */
export type RowDecider = (action: ConsentAction, noticeVersion: number) => DecisionResult;

const EPOCH = new Date(0);

/**
 * {@link decide} for many projection rows of one purpose at one instant. At a fixed instant the answer depends on the
 * row only through its action and notice version (the record's own instants choose which record is in effect, which
 * the projection has already done), so each (action, version) is decided once and every further row reuses that
 * answer: a snapshot of a million rows makes a handful of decisions and no allocation per row.
 */
export function rowDecider(purpose: Purpose, notices: readonly NoticeVersion[], at: Date): RowDecider {
  const byAction = new Map<ConsentAction, DecisionResult[]>();
  return (action, noticeVersion) => {
    let byVersion = byAction.get(action);
    if (byVersion === undefined) byAction.set(action, (byVersion = []));
    let d = byVersion[noticeVersion];
    if (d === undefined) {
      const record = { recordId: '', action, noticeVersion, occurredAt: EPOCH, recordedAt: EPOCH };
      byVersion[noticeVersion] = d = decide({ purpose, record, notices, at });
    }
    return d;
  };
}

/** One outcome of a snapshot row: what a row of this purpose, action and notice version is decided to. */
export interface SnapshotOutcome {
  purposeKey: string;
  action: ConsentAction;
  noticeVersion: number;
  status: DecisionResult['status'];
  allowed: boolean;
}

/**
 * Every outcome a snapshot row of these purposes can have at one instant: each purpose × each action × each notice
 * version from 0 to the newest published one (rowDecider's answers, listed). A page can then be served by joining
 * its rows to this short table instead of deciding row by row; a row outside it (a version the catalog never had)
 * is not covered, and whoever serves the page must decide it another way.
 */
export function snapshotOutcomes(
  purposes: readonly Purpose[],
  notices: readonly NoticeVersion[],
  at: Date,
): SnapshotOutcome[] {
  const newest = notices.reduce((max, n) => Math.max(max, n.version), 0);
  const out: SnapshotOutcome[] = [];
  for (const purpose of purposes) {
    const decideRow = rowDecider(purpose, notices, at);
    for (const action of CONSENT_ACTIONS)
      for (let noticeVersion = 0; noticeVersion <= newest; noticeVersion++) {
        const d = decideRow(action, noticeVersion);
        out.push({ purposeKey: purpose.key, action, noticeVersion, status: d.status, allowed: d.allowed });
      }
  }
  return out;
}
