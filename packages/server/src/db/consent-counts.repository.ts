import { splitOverviewRange, type ConsentAction, type OverviewCounts, type StateCount } from '@assent/core';
import type { Db, DbKind } from './client.ts';
import type { HotReads } from './hot-reads.ts';
import { RECOUNT } from './consent-counts.ts';

/**
 * Reads of the overview's count tables (ConsentDailyCount, ConsentMonthlyCount, ConsentSeriesCount,
 * ConsentStateCount). Their rows are moved only by the ledger writer, in the transaction that appends the records they
 * count (consent-counts.ts), and counted from scratch by recount.
 */
export function consentCountsRepository(prisma: Db, kind: DbKind, hot: Pick<HotReads, 'sumOverviewCounts'>) {
  return {
    /**
     * The records of these days (YYYY-MM-DD, both included), every purpose, summed over all dimensions but one, for
     * each of day, notice version, channel and language: the series from the per-day series table, the breakdowns from
     * the monthly table over the range's whole months and the daily one over the rest (splitOverviewRange), on the raw
     * driver (hot-reads.ts). What it reads follows the months and days asked for, not the ledger or its daily rows.
     */
    async sumRange(range: { from: string; to: string }): Promise<OverviewCounts> {
      const out: OverviewCounts = { days: [], versions: [], channels: [], locales: [] };
      const parts = splitOverviewRange(range.from, range.to);
      for (const [dimension, value, purposeKey, action, count] of await hot.sumOverviewCounts(
        range.from,
        range.to,
        parts,
      )) {
        const base = { purposeKey, action: action as ConsentAction, count };
        if (dimension === 'day') out.days.push({ ...base, day: value });
        else if (dimension === 'noticeVersion') out.versions.push({ ...base, noticeVersion: Number(value) });
        else if (dimension === 'channel') out.channels.push({ ...base, channel: value });
        else out.locales.push({ ...base, locale: value });
      }
      return out;
    },

    /** Projection rows counted by purpose, action and notice version (groups that emptied are left out). */
    async listStateCounts(): Promise<StateCount[]> {
      const rows = await prisma.consentStateCount.findMany({
        where: { count: { not: 0 } },
        select: { purposeKey: true, action: true, noticeVersion: true, count: true },
      });
      return rows.map((r) => ({ ...r, action: r.action as ConsentAction }));
    },

    /** Counts every count table again from the ledger and the projection, in one transaction (rebuild-projection). */
    async recount(): Promise<void> {
      await prisma.$transaction(
        async (tx) => {
          for (const sql of RECOUNT[kind]) await tx.$executeRawUnsafe(sql);
        },
        { timeout: 600_000 },
      );
    },
  };
}

/** The count repository's type. */
export type ConsentCountsRepository = ReturnType<typeof consentCountsRepository>;
