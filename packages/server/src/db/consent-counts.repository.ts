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
     * The daily rows of these days (YYYY-MM-DD, both included), every purpose, summed over all dimensions but one: one
     * statement of four aggregates over a range of the primary key, so what leaves the database is what is shown.
     */
    async sumDaily(range: { from: string; to: string }): Promise<OverviewCounts> {
      const [from, to] = kind === 'sqlite' ? ['?', '?'] : ['$1', '$2'];
      const by = (dimension: string, value: string) =>
        `SELECT '${dimension}' AS "dimension", ${value} AS "value", "purposeKey", "action", SUM("count") AS "count" FROM "ConsentDailyCount" WHERE "day" >= ${from} AND "day" <= ${to} GROUP BY "${dimension}", "purposeKey", "action"`;
      const sql = [
        by('day', '"day"'),
        by('noticeVersion', 'CAST("noticeVersion" AS TEXT)'),
        by('channel', '"channel"'),
        by('locale', '"locale"'),
      ].join(' UNION ALL ');
      const params = kind === 'sqlite' ? Array(4).fill([range.from, range.to]).flat() : [range.from, range.to];
      const rows = await prisma.$queryRawUnsafe<
        { dimension: string; value: string; purposeKey: string; action: string; count: unknown }[]
      >(sql, ...params);
      const out: OverviewCounts = { days: [], versions: [], channels: [], locales: [] };
      for (const r of rows) {
        const base = { purposeKey: r.purposeKey, action: r.action as ConsentAction, count: Number(r.count) };
        if (r.dimension === 'day') out.days.push({ ...base, day: r.value });
        else if (r.dimension === 'noticeVersion') out.versions.push({ ...base, noticeVersion: Number(r.value) });
        else if (r.dimension === 'channel') out.channels.push({ ...base, channel: r.value });
        else out.locales.push({ ...base, locale: r.value });
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
