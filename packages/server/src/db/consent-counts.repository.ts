import type { ConsentAction, OverviewCounts, StateCount } from '@assent/core';
import type { Db, DbKind } from './client.ts';
import { RECOUNT } from './consent-counts.ts';

/**
 * Reads of the overview's count tables, ConsentDailyCount and ConsentStateCount. Their rows are moved only by the
 * ledger writer, in the transaction that appends the records they count (consent-counts.ts), and counted from
 * scratch by recount.
 */
export function consentCountsRepository(prisma: Db, kind: DbKind) {
  return {
    /**
     * The daily rows of these days (YYYY-MM-DD, both included), every purpose, summed over all dimensions but one: four
     * aggregates over one range of the primary key, so what leaves the database is what the overview shows.
     */
    async sumDaily(range: { from: string; to: string }): Promise<OverviewCounts> {
      const sum = async <T>(dimension: 'day' | 'noticeVersion' | 'channel' | 'locale') => {
        const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(
          `SELECT "${dimension}" AS "value", "purposeKey", "action", SUM("count") AS "count" FROM "ConsentDailyCount" WHERE "day" >= ${kind === 'sqlite' ? '?' : '$1'} AND "day" <= ${kind === 'sqlite' ? '?' : '$2'} GROUP BY "${dimension}", "purposeKey", "action"`,
          range.from,
          range.to,
        );
        return rows.map(
          (r) =>
            ({
              [dimension]: dimension === 'noticeVersion' ? Number(r.value) : r.value,
              purposeKey: r.purposeKey,
              action: r.action as ConsentAction,
              count: Number(r.count),
            }) as T,
        );
      };
      const [days, versions, channels, locales] = await Promise.all([
        sum<OverviewCounts['days'][number]>('day'),
        sum<OverviewCounts['versions'][number]>('noticeVersion'),
        sum<OverviewCounts['channels'][number]>('channel'),
        sum<OverviewCounts['locales'][number]>('locale'),
      ]);
      return { days, versions, channels, locales };
    },

    /** Projection rows counted by purpose, action and notice version (groups that emptied are left out). */
    async listStateCounts(): Promise<StateCount[]> {
      const rows = await prisma.consentStateCount.findMany({
        where: { count: { not: 0 } },
        select: { purposeKey: true, action: true, noticeVersion: true, count: true },
      });
      return rows.map((r) => ({ ...r, action: r.action as ConsentAction }));
    },

    /** Counts both tables again from the ledger and the projection, in one transaction (rebuild-projection). */
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
