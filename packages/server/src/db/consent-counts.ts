import type { ConsentAction, ConsentRecord } from '@assent/core';
import type { DbKind } from './client.ts';
import { pgParams, sqliteParams } from './tables.ts';

// The two count tables the overview reads (ConsentDailyCount, ConsentStateCount): the ledger writer moves them in the
// transaction that appends the records, the migration that made them and rebuild-projection count them from scratch,
// and the bench's seeder counts what it loaded. One module so the three cannot count differently.

/** ConsentDailyCount's columns in the order the upsert binds them. */
const DAILY_COLUMNS = `"day", "purposeKey", "noticeVersion", "channel", "locale", "action", "count"`;
/** ConsentStateCount's columns in the order the upsert binds them. */
const STATE_COUNT_COLUMNS = `"purposeKey", "action", "noticeVersion", "count"`;

/** Adds a delta to one daily count row, creating it when missing. */
export const DAILY_COUNT_UPSERT = {
  sqlite: `INSERT INTO "ConsentDailyCount" (${DAILY_COLUMNS}) VALUES (${sqliteParams(7)}) ON CONFLICT ("day", "purposeKey", "noticeVersion", "channel", "locale", "action") DO UPDATE SET "count" = "ConsentDailyCount"."count" + excluded."count"`,
  postgres: `INSERT INTO "ConsentDailyCount" (${DAILY_COLUMNS}) VALUES (${pgParams(7)}) ON CONFLICT ("day", "purposeKey", "noticeVersion", "channel", "locale", "action") DO UPDATE SET "count" = "ConsentDailyCount"."count" + excluded."count"`,
} as const;

/** Adds a delta (+1 or −1) to one projection count row, creating it when missing. */
export const STATE_COUNT_UPSERT = {
  sqlite: `INSERT INTO "ConsentStateCount" (${STATE_COUNT_COLUMNS}) VALUES (${sqliteParams(4)}) ON CONFLICT ("purposeKey", "action", "noticeVersion") DO UPDATE SET "count" = "ConsentStateCount"."count" + excluded."count"`,
  postgres: `INSERT INTO "ConsentStateCount" (${STATE_COUNT_COLUMNS}) VALUES (${pgParams(4)}) ON CONFLICT ("purposeKey", "action", "noticeVersion") DO UPDATE SET "count" = "ConsentStateCount"."count" + excluded."count"`,
} as const;

/**
 * Counts both tables from scratch, from the ledger and the projection (the statements of the migration that made
 * them). The one place that scans the ledger: a migration, `pnpm assent rebuild-projection`, the bench's seeder.
 */
export const RECOUNT: Record<DbKind, readonly string[]> = {
  sqlite: [
    `DELETE FROM "ConsentDailyCount"`,
    `INSERT INTO "ConsentDailyCount" (${DAILY_COLUMNS}) SELECT substr("occurredAt", 1, 10), "purposeKey", "noticeVersion", "channel", COALESCE("locale", ''), "action", COUNT(*) FROM "ConsentRecord" GROUP BY 1, 2, 3, 4, 5, 6`,
    `DELETE FROM "ConsentStateCount"`,
    `INSERT INTO "ConsentStateCount" (${STATE_COUNT_COLUMNS}) SELECT "purposeKey", "action", "noticeVersion", COUNT(*) FROM "ConsentState" GROUP BY 1, 2, 3`,
  ],
  postgres: [
    `DELETE FROM "ConsentDailyCount"`,
    `INSERT INTO "ConsentDailyCount" (${DAILY_COLUMNS}) SELECT to_char("occurredAt", 'YYYY-MM-DD'), "purposeKey", "noticeVersion", "channel", COALESCE("locale", ''), "action", COUNT(*) FROM "ConsentRecord" GROUP BY 1, 2, 3, 4, 5, 6`,
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

  /** The daily rows to upsert, in key order. */
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
