import { describe, expect, it } from 'vitest';
import {
  bucketStart,
  bucketStarts,
  consentOverview,
  splitOverviewRange,
  sumDailyCounts,
  ZOverviewRange,
  type DailyCount,
} from './consent-overview';
import type { StateCount } from './purpose-stats';
import { parseInput } from './schemas';
import { notice, purpose, t } from './test-fixtures';

const at = t('2026-06-10T12:00:00.000Z');
const email = purpose({ key: 'marketing-email' });
const contract = purpose({ key: 'essential-service', legalBasis: 'CONTRACT' });
const v1 = notice(1, '2026-01-01T00:00:00.000Z', { 'marketing-email': false, 'essential-service': false });
const v2 = notice(2, '2026-06-01T00:00:00.000Z', { 'marketing-email': true, 'essential-service': false });
const daily = (
  day: string,
  action: DailyCount['action'],
  count: number,
  more: Partial<DailyCount> = {},
): DailyCount => ({
  day,
  purposeKey: 'marketing-email',
  noticeVersion: 1,
  channel: 'WEB',
  locale: 'en',
  action,
  count,
  ...more,
});
const state = (action: StateCount['action'], noticeVersion: number, count: number): StateCount => ({
  purposeKey: 'marketing-email',
  action,
  noticeVersion,
  count,
});
const range = (from: string, to: string, interval: 'DAY' | 'WEEK' = 'DAY') =>
  parseInput(ZOverviewRange, { from, to, interval });

describe('consentOverview', () => {
  it('buckets grants, refusals and withdrawals per day, with an empty day as zeros, for consent purposes only', () => {
    const rows = consentOverview({
      purposes: [email, contract],
      notices: [v1],
      counts: sumDailyCounts([
        daily('2026-06-01', 'GRANT', 3),
        daily('2026-06-01', 'REFUSE', 1),
        daily('2026-06-03', 'WITHDRAW', 2),
      ]),
      states: [],
      range: range('2026-06-01', '2026-06-03'),
      at,
    });
    expect(rows.map((r) => r.purpose.key)).toEqual(['marketing-email']);
    expect(rows[0]!.series).toEqual([
      { start: '2026-06-01', grants: 3, refusals: 1, withdrawals: 0 },
      { start: '2026-06-02', grants: 0, refusals: 0, withdrawals: 0 },
      { start: '2026-06-03', grants: 0, refusals: 0, withdrawals: 2 },
    ]);
  });

  it('weeks start on Monday and leave out days outside the range', () => {
    expect(bucketStart('2026-06-07', 'WEEK')).toBe('2026-06-01'); // a Sunday
    expect(bucketStart('2026-06-08', 'WEEK')).toBe('2026-06-08'); // a Monday
    expect(bucketStarts('2026-06-03', '2026-06-15', 'WEEK')).toEqual(['2026-06-01', '2026-06-08', '2026-06-15']);
    const [row] = consentOverview({
      purposes: [email],
      notices: [v1],
      counts: sumDailyCounts([
        daily('2026-06-02', 'GRANT', 5),
        daily('2026-06-04', 'GRANT', 2),
        daily('2026-06-09', 'GRANT', 1),
      ]),
      states: [],
      range: range('2026-06-03', '2026-06-09', 'WEEK'),
      at,
    });
    expect(row!.series).toEqual([
      { start: '2026-06-01', grants: 2, refusals: 0, withdrawals: 0 },
      { start: '2026-06-08', grants: 1, refusals: 0, withdrawals: 0 },
    ]);
  });

  it('breaks answers down by channel, language and notice version', () => {
    const [row] = consentOverview({
      purposes: [email],
      notices: [v1, v2],
      counts: sumDailyCounts([
        daily('2026-06-01', 'GRANT', 3, { locale: 'de' }),
        daily('2026-06-01', 'REFUSE', 2, { channel: 'MOBILE', noticeVersion: 2 }),
        daily('2026-06-02', 'GRANT', 1, { locale: '', noticeVersion: 2 }),
      ]),
      states: [],
      range: range('2026-06-01', '2026-06-02'),
      at,
    });
    expect(row!.byChannel).toEqual([
      { key: 'MOBILE', grants: 0, refusals: 2, withdrawals: 0 },
      { key: 'WEB', grants: 4, refusals: 0, withdrawals: 0 },
    ]);
    expect(row!.byLocale).toEqual([
      { key: '', grants: 1, refusals: 0, withdrawals: 0 },
      { key: 'de', grants: 3, refusals: 0, withdrawals: 0 },
      { key: 'en', grants: 0, refusals: 2, withdrawals: 0 },
    ]);
    expect(row!.byNoticeVersion.map(({ version, granted, refused }) => ({ version, granted, refused }))).toEqual([
      { version: 1, granted: 3, refused: 0 },
      { version: 2, granted: 1, refused: 2 },
    ]);
  });

  it('a grant, refusal or withdrawal from before a re-consent notice counts as decided later for that notice; a grant then no longer counts as granted', () => {
    const [row] = consentOverview({
      purposes: [email],
      notices: [v1, v2],
      counts: sumDailyCounts([]),
      states: [state('GRANT', 1, 4), state('GRANT', 2, 2), state('REFUSE', 2, 1), state('WITHDRAW', 1, 1)],
      range: range('2026-06-01', '2026-06-01'),
      at,
    });
    expect(row!.byNoticeVersion).toEqual([
      { version: 1, granted: 0, refused: 0, decidedLater: 0 },
      { version: 2, granted: 0, refused: 0, decidedLater: 5 },
    ]);
    expect(row!.shareGranted).toBeCloseTo(2 / 8);
  });

  it('the share granted is null when nobody has answered', () => {
    const [row] = consentOverview({
      purposes: [email],
      notices: [v1],
      counts: sumDailyCounts([]),
      states: [],
      range: range('2026-06-01', '2026-06-01'),
      at,
    });
    expect(row!.shareGranted).toBeNull();
  });

  it('refuses a range that ends before it starts, is not a date, or holds more than 400 buckets', () => {
    expect(() => range('2026-06-02', '2026-06-01')).toThrow(/to: must not be before from/);
    expect(() => range('June', '2026-06-01')).toThrow(/from: must be a date/);
    expect(() => range('2024-01-01', '2026-01-01')).toThrow(/more than 400 days/);
    expect(range('2024-01-01', '2026-01-01', 'WEEK').interval).toBe('WEEK');
  });
});

describe('splitOverviewRange', () => {
  it.each([
    // A year ending mid-month: the partial months at both ends as days, the eleven months between as months.
    [
      '2025-12-07',
      '2026-12-06',
      {
        months: { from: '2026-01', to: '2026-11' },
        days: [
          { from: '2025-12-07', to: '2025-12-31' },
          { from: '2026-12-01', to: '2026-12-06' },
        ],
      },
    ],
    // Whole months only: no days.
    ['2026-01-01', '2026-03-31', { months: { from: '2026-01', to: '2026-03' }, days: [] }],
    // February's last day (leap year) ends a whole month.
    ['2024-02-01', '2024-02-29', { months: { from: '2024-02', to: '2024-02' }, days: [] }],
    ['2026-02-01', '2026-02-27', { months: null, days: [{ from: '2026-02-01', to: '2026-02-27' }] }],
    // No whole month inside: all days, even across a month's end.
    ['2026-01-15', '2026-02-14', { months: null, days: [{ from: '2026-01-15', to: '2026-02-14' }] }],
    ['2026-03-04', '2026-03-04', { months: null, days: [{ from: '2026-03-04', to: '2026-03-04' }] }],
    // A whole month then some days, across a year's end.
    [
      '2025-12-01',
      '2026-01-10',
      { months: { from: '2025-12', to: '2025-12' }, days: [{ from: '2026-01-01', to: '2026-01-10' }] },
    ],
  ])('%s..%s reads the whole months as months and the rest as days', (from, to, parts) => {
    expect(splitOverviewRange(from, to)).toEqual(parts);
  });

  it('covers every day of the range exactly once', () => {
    for (const [from, to] of [
      ['2025-01-31', '2026-03-01'],
      ['2026-02-28', '2026-03-01'],
      ['2025-06-15', '2026-06-14'],
    ] as const) {
      const { months, days } = splitOverviewRange(from, to);
      const covered: string[] = [];
      const each = (a: string, b: string) => {
        for (let ms = Date.parse(`${a}T00:00:00Z`); ms <= Date.parse(`${b}T00:00:00Z`); ms += 86_400_000)
          covered.push(new Date(ms).toISOString().slice(0, 10));
      };
      for (const d of days) each(d.from, d.to);
      if (months) each(`${months.from}-01`, bucketEndOfMonth(months.to));
      const expected: string[] = [];
      for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000)
        expected.push(new Date(ms).toISOString().slice(0, 10));
      expect(covered.sort()).toEqual(expected);
    }
  });
});

/** The last day of a month, for the coverage check. */
function bucketEndOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y!, m!, 0)).toISOString().slice(0, 10);
}
