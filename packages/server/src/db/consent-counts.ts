import type { ConsentAction, ConsentRecord } from '@assent/core';
import type { DbKind } from './client.ts';
import { pgParams, sqliteParams } from './tables.ts';

// The count tables the overview reads: ConsentDailyCount, its two coarser sums ConsentMonthlyCount and
// ConsentSeriesCount, and ConsentStateCount. The ledger writer moves them in the transaction that appends the
// records, the migrations that made them and rebuild-projection count them from scratch, and the bench's seeder
// counts what it loaded. One module so they cannot count differently.

/** ConsentDailyCount's columns in the order the upsert binds them. */
const DAILY_COLUMNS = `"day", "purposeKey", "noticeVersion", "channel", "locale", "action", "count"`;
/** ConsentMonthlyCount's columns, in the daily table's order. */
const MONTHLY_COLUMNS = `"month", "purposeKey", "noticeVersion", "channel", "locale", "action", "count"`;
/** ConsentSeriesCount's columns. */
const SERIES_COLUMNS = `"day", "purposeKey", "action", "count"`;
/** ConsentStateCount's columns in the order the upsert binds them. */
const STATE_COUNT_COLUMNS = `"purposeKey", "action", "noticeVersion", "count"`;

const DAILY_KEY = `"day", "purposeKey", "noticeVersion", "channel", "locale", "action"`;
const MONTHLY_KEY = `"month", "purposeKey", "noticeVersion", "channel", "locale", "action"`;
const SERIES_KEY = `"day", "purposeKey", "action"`;
const add = (table: string) => `DO UPDATE SET "count" = "${table}"."count" + excluded."count"`;

/**
 * Adds a delta to one daily count row and to the monthly and series rows that sum it, creating rows that are missing.
 * Every statement binds the daily row's seven values (CountDeltas.dailyRows): on SQLite three statements, on
 * PostgreSQL one (the three upserts as data-modifying CTEs: one round trip, as before the coarse tables).
 */
export const DAILY_COUNT_UPSERTS: Record<DbKind, readonly string[]> = {
  sqlite: [
    `INSERT INTO "ConsentDailyCount" (${DAILY_COLUMNS}) VALUES (${sqliteParams(7)}) ON CONFLICT (${DAILY_KEY}) ${add('ConsentDailyCount')}`,
    // An upsert from a SELECT needs a WHERE, or SQLite reads ON CONFLICT as a join's ON.
    `INSERT INTO "ConsentMonthlyCount" (${MONTHLY_COLUMNS}) SELECT substr(d, 1, 7), p, v, ch, l, a, n FROM (SELECT ? AS d, ? AS p, ? AS v, ? AS ch, ? AS l, ? AS a, ? AS n) WHERE true ON CONFLICT (${MONTHLY_KEY}) ${add('ConsentMonthlyCount')}`,
    `INSERT INTO "ConsentSeriesCount" (${SERIES_COLUMNS}) SELECT d, p, a, n FROM (SELECT ? AS d, ? AS p, ? AS v, ? AS ch, ? AS l, ? AS a, ? AS n) WHERE true ON CONFLICT (${SERIES_KEY}) ${add('ConsentSeriesCount')}`,
  ],
  postgres: [
    `WITH "daily" AS (INSERT INTO "ConsentDailyCount" (${DAILY_COLUMNS}) VALUES (${pgParams(7)}) ON CONFLICT (${DAILY_KEY}) ${add('ConsentDailyCount')}),
  "monthly" AS (INSERT INTO "ConsentMonthlyCount" (${MONTHLY_COLUMNS}) VALUES (substr($1, 1, 7), $2, $3, $4, $5, $6, $7) ON CONFLICT (${MONTHLY_KEY}) ${add('ConsentMonthlyCount')})
INSERT INTO "ConsentSeriesCount" (${SERIES_COLUMNS}) VALUES ($1, $2, $6, $7) ON CONFLICT (${SERIES_KEY}) ${add('ConsentSeriesCount')}`,
  ],
};

/** Adds a delta (+1 or −1) to one projection count row, creating it when missing. */
export const STATE_COUNT_UPSERT = {
  sqlite: `INSERT INTO "ConsentStateCount" (${STATE_COUNT_COLUMNS}) VALUES (${sqliteParams(4)}) ON CONFLICT ("purposeKey", "action", "noticeVersion") ${add('ConsentStateCount')}`,
  postgres: `INSERT INTO "ConsentStateCount" (${STATE_COUNT_COLUMNS}) VALUES (${pgParams(4)}) ON CONFLICT ("purposeKey", "action", "noticeVersion") ${add('ConsentStateCount')}`,
} as const;

/** The coarse tables summed from the daily one (the statements of the migration that made them). */
const COARSE_RECOUNT = [
  `DELETE FROM "ConsentMonthlyCount"`,
  `INSERT INTO "ConsentMonthlyCount" (${MONTHLY_COLUMNS}) SELECT substr("day", 1, 7), "purposeKey", "noticeVersion", "channel", "locale", "action", SUM("count") FROM "ConsentDailyCount" GROUP BY 1, 2, 3, 4, 5, 6`,
  `DELETE FROM "ConsentSeriesCount"`,
  `INSERT INTO "ConsentSeriesCount" (${SERIES_COLUMNS}) SELECT "day", "purposeKey", "action", SUM("count") FROM "ConsentDailyCount" GROUP BY 1, 2, 3`,
];

/**
 * Counts every count table from scratch, from the ledger and the projection (the statements of the migrations that made
 * them). The one place that scans the ledger: a migration, `pnpm assent rebuild-projection`, the bench's seeder.
 */
export const RECOUNT: Record<DbKind, readonly string[]> = {
  sqlite: [
    `DELETE FROM "ConsentDailyCount"`,
    `INSERT INTO "ConsentDailyCount" (${DAILY_COLUMNS}) SELECT substr("occurredAt", 1, 10), "purposeKey", "noticeVersion", "channel", COALESCE("locale", ''), "action", COUNT(*) FROM "ConsentRecord" GROUP BY 1, 2, 3, 4, 5, 6`,
    ...COARSE_RECOUNT,
    `DELETE FROM "ConsentStateCount"`,
    `INSERT INTO "ConsentStateCount" (${STATE_COUNT_COLUMNS}) SELECT "purposeKey", "action", "noticeVersion", COUNT(*) FROM "ConsentState" GROUP BY 1, 2, 3`,
  ],
  postgres: [
    `DELETE FROM "ConsentDailyCount"`,
    `INSERT INTO "ConsentDailyCount" (${DAILY_COLUMNS}) SELECT to_char("occurredAt", 'YYYY-MM-DD'), "purposeKey", "noticeVersion", "channel", COALESCE("locale", ''), "action", COUNT(*) FROM "ConsentRecord" GROUP BY 1, 2, 3, 4, 5, 6`,
    ...COARSE_RECOUNT,
    `DELETE FROM "ConsentStateCount"`,
    `INSERT INTO "ConsentStateCount" (${STATE_COUNT_COLUMNS}) SELECT "purposeKey", "action", "noticeVersion", COUNT(*) FROM "ConsentState" GROUP BY 1, 2, 3`,
  ],
};

/** What the projection row of a (subject, purpose) said before a record moved it. */
export interface StateBefore {
  action: ConsentAction | string;
  noticeVersion: number;
}

/**
 * The count changes of one transaction, gathered while its records are appended and written once at the end, in
 * key order: on PostgreSQL two transactions then take the rows' locks in the same order and cannot deadlock.
 */
export class CountDeltas {
  private readonly daily = new Map<string, [string, string, number, string, string, string, number]>();
  private readonly states = new Map<string, [string, string, number, number]>();

  /** One appended record; `moved` when it became the projection row, `before` what that row said until then. */
  add(r: ConsentRecord, moved: boolean, before: StateBefore | undefined): void {
    const day = r.occurredAt.toISOString().slice(0, 10);
    const locale = r.locale ?? '';
    const key = JSON.stringify([day, r.purposeKey, r.noticeVersion, r.channel, locale, r.action]);
    const row = this.daily.get(key);
    if (row) row[6] += 1;
    else this.daily.set(key, [day, r.purposeKey, r.noticeVersion, r.channel, locale, r.action, 1]);
    if (!moved) return;
    if (before) this.state(r.purposeKey, before.action, before.noticeVersion, -1);
    this.state(r.purposeKey, r.action, r.noticeVersion, +1);
  }

  /** Projection rows deleted (a subject's, on erasure): each leaves its state's count. */
  removed(rows: readonly ({ purposeKey: string } & StateBefore)[]): void {
    for (const r of rows) this.state(r.purposeKey, r.action, r.noticeVersion, -1);
  }

  private state(purposeKey: string, action: string, noticeVersion: number, delta: number) {
    const key = JSON.stringify([purposeKey, action, noticeVersion]);
    const row = this.states.get(key);
    if (row) row[3] += delta;
    else this.states.set(key, [purposeKey, action, noticeVersion, delta]);
  }

  /** The daily rows to upsert (each moves its monthly and series rows too: DAILY_COUNT_UPSERTS), in key order. */
  dailyRows(): unknown[][] {
    return [...this.daily.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  }

  /** The projection count rows to upsert (changes that cancel out are left out), in key order. */
  stateRows(): unknown[][] {
    return [...this.states.entries()]
      .filter(([, v]) => v[3] !== 0)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, v]) => v);
  }
}
