import { deriveStatus } from './consent-status';
import { isActive, requiresConsent } from './purposes';
import type { ConsentAction, NoticeVersion, Purpose } from './types';

/** How many subjects' current record for a purpose has this action and notice version (one projection group). */
export interface StateCount {
  purposeKey: string;
  action: ConsentAction;
  noticeVersion: number;
  count: number;
}

/** One consent purpose's subjects by status. */
export interface PurposeStats {
  purpose: Purpose;
  granted: number;
  withdrawn: number;
  /** Asked and declined (REFUSED). */
  refused: number;
  /** Known subjects with no record for this purpose. */
  notGiven: number;
  reconsentRequired: number;
  /** Grants that still count but whose subjects are being asked again (re-consent notice published, not yet effective). */
  awaitingReconsent: number;
}

/** Per purpose active at `at` that takes consent, how many of `subjects` known subjects are in each status. */
export function purposeStats(i: {
  purposes: readonly Purpose[];
  notices: readonly NoticeVersion[];
  counts: readonly StateCount[];
  subjects: number;
  at: Date;
}): PurposeStats[] {
  const { notices, at } = i;
  return i.purposes
    .filter((purpose) => isActive(purpose, at) && requiresConsent(purpose))
    .map((purpose) => {
      const stats = {
        purpose,
        granted: 0,
        withdrawn: 0,
        refused: 0,
        notGiven: i.subjects,
        reconsentRequired: 0,
        awaitingReconsent: 0,
      };
      for (const g of i.counts) {
        if (g.purposeKey !== purpose.key) continue;
        stats.notGiven -= g.count;
        // Whether a grant still counts depends only on its notice version: one rule application per group.
        const d = deriveStatus({
          purpose,
          record: { recordId: '', action: g.action, noticeVersion: g.noticeVersion, occurredAt: at, recordedAt: at },
          notices,
          at,
        });
        if (d.status === 'WITHDRAWN') stats.withdrawn += g.count;
        else if (d.status === 'REFUSED') stats.refused += g.count;
        else if (d.status === 'RECONSENT_REQUIRED') stats.reconsentRequired += g.count;
        else if (d.status === 'GRANTED') {
          stats.granted += g.count;
          if (d.needsPrompt) stats.awaitingReconsent += g.count;
        }
      }
      return stats;
    });
}
