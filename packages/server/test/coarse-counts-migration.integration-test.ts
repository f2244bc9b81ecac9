import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import Sqlite from 'better-sqlite3';
import { sqlitePath } from '../src/env.ts';
import { migrate } from '../src/db/migrate.ts';
import { freshDatabase, suiteKind } from './harness.ts';

/**
 * A database whose overview counts predate the coarse count tables gets them filled from its daily counts when the
 * server migrates it: the monthly and series rows are the daily rows summed.
 */

const BEFORE_COARSE = '20261208100000_staff_accounts';
const DAILY: [string, string, number, string, string, string, number][] = [
  ['2026-01-05', 'analytics', 1, 'WEB', 'en', 'GRANT', 3],
  ['2026-01-05', 'analytics', 1, 'API', '', 'GRANT', 2],
  ['2026-01-31', 'analytics', 2, 'WEB', 'en', 'GRANT', 1],
  ['2026-01-31', 'analytics', 2, 'WEB', 'en', 'REFUSE', 4],
  ['2026-02-01', 'analytics', 2, 'WEB', 'en', 'GRANT', 5],
  ['2026-02-01', 'marketing-email', 1, 'WEB', 'de', 'WITHDRAW', 1],
];

/** Runs statements with the plain driver and returns the last one's rows. */
async function query(url: string, statements: [string, unknown[]][]): Promise<Record<string, unknown>[]> {
  let rows: Record<string, unknown>[] = [];
  if (suiteKind === 'sqlite') {
    const db = new Sqlite(sqlitePath(url));
    try {
      for (const [text, values] of statements) {
        const st = db.prepare(text);
        if (st.reader) rows = st.all(...values) as Record<string, unknown>[];
        else st.run(...values);
      }
    } finally {
      db.close();
    }
    return rows;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const [text, values] of statements) {
      let i = 0;
      rows = (
        await c.query(
          text.replace(/\?/g, () => `$${++i}`),
          values,
        )
      ).rows as Record<string, unknown>[];
    }
  } finally {
    await c.end();
  }
  return rows;
}

let db: { url: string; drop: () => Promise<void> };
beforeAll(async () => {
  db = await freshDatabase();
  await migrate(db.url, { through: BEFORE_COARSE });
  await query(
    db.url,
    DAILY.map((row) => [
      `INSERT INTO "ConsentDailyCount" ("day", "purposeKey", "noticeVersion", "channel", "locale", "action", "count") VALUES (?, ?, ?, ?, ?, ?, ?)`,
      row,
    ]),
  );
  await migrate(db.url);
});
afterAll(async () => db?.drop());

describe(`the coarse count tables' migration on ${suiteKind}`, () => {
  it('fills the monthly counts with the daily counts summed per month', async () => {
    const rows = await query(db.url, [
      [
        `SELECT "month", "purposeKey", "noticeVersion", "channel", "locale", "action", "count" FROM "ConsentMonthlyCount" ORDER BY 1, 2, 3, 4, 5, 6`,
        [],
      ],
    ]);
    expect(rows.map((r) => ({ ...r, count: Number(r.count) }))).toEqual([
      {
        month: '2026-01',
        purposeKey: 'analytics',
        noticeVersion: 1,
        channel: 'API',
        locale: '',
        action: 'GRANT',
        count: 2,
      },
      {
        month: '2026-01',
        purposeKey: 'analytics',
        noticeVersion: 1,
        channel: 'WEB',
        locale: 'en',
        action: 'GRANT',
        count: 3,
      },
      {
        month: '2026-01',
        purposeKey: 'analytics',
        noticeVersion: 2,
        channel: 'WEB',
        locale: 'en',
        action: 'GRANT',
        count: 1,
      },
      {
        month: '2026-01',
        purposeKey: 'analytics',
        noticeVersion: 2,
        channel: 'WEB',
        locale: 'en',
        action: 'REFUSE',
        count: 4,
      },
      {
        month: '2026-02',
        purposeKey: 'analytics',
        noticeVersion: 2,
        channel: 'WEB',
        locale: 'en',
        action: 'GRANT',
        count: 5,
      },
      {
        month: '2026-02',
        purposeKey: 'marketing-email',
        noticeVersion: 1,
        channel: 'WEB',
        locale: 'de',
        action: 'WITHDRAW',
        count: 1,
      },
    ]);
  });

  it('fills the series with the daily counts summed per day, purpose and action', async () => {
    const rows = await query(db.url, [
      [`SELECT "day", "purposeKey", "action", "count" FROM "ConsentSeriesCount" ORDER BY 1, 2, 3`, []],
    ]);
    expect(rows.map((r) => ({ ...r, count: Number(r.count) }))).toEqual([
      { day: '2026-01-05', purposeKey: 'analytics', action: 'GRANT', count: 5 },
      { day: '2026-01-31', purposeKey: 'analytics', action: 'GRANT', count: 1 },
      { day: '2026-01-31', purposeKey: 'analytics', action: 'REFUSE', count: 4 },
      { day: '2026-02-01', purposeKey: 'analytics', action: 'GRANT', count: 5 },
      { day: '2026-02-01', purposeKey: 'marketing-email', action: 'WITHDRAW', count: 1 },
    ]);
  });
});
