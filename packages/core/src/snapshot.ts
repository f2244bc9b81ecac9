import { z } from 'zod';
import { decide, type DecisionResult } from './decide';
import { ZPurposeKey } from './schemas';
import type { ConsentAction, NoticeVersion, Purpose } from './types';

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
