import { z } from 'zod';
import { purposeStats, type StateCount } from './purpose-stats';
import type { ConsentAction, NoticeVersion, Purpose } from './types';

/** Ledger records of one UTC day, purpose, notice version, channel, language ('' when unknown) and action. */
export interface DailyCount {
  /** YYYY-MM-DD (UTC) of the records' occurredAt. */
  day: string;
  purposeKey: string;
  noticeVersion: number;
  channel: string;
  locale: string;
  action: ConsentAction;
  count: number;
}

/** Daily counts of a range summed over all but one dimension (what the overview shows), per purpose and action. */
export interface OverviewCounts {
  days: Pick<DailyCount, 'day' | 'purposeKey' | 'action' | 'count'>[];
  versions: Pick<DailyCount, 'noticeVersion' | 'purposeKey' | 'action' | 'count'>[];
  channels: Pick<DailyCount, 'channel' | 'purposeKey' | 'action' | 'count'>[];
  locales: Pick<DailyCount, 'locale' | 'purposeKey' | 'action' | 'count'>[];
}

/** Sums daily counts over every dimension but one (what the repository does in SQL; here for tests and small sets). */
export function sumDailyCounts(daily: readonly DailyCount[]): OverviewCounts {
  const sum = <K extends 'day' | 'noticeVersion' | 'channel' | 'locale'>(dim: K) => {
    const m = new Map<string, Pick<DailyCount, K | 'purposeKey' | 'action' | 'count'>>();
    for (const d of daily) {
      const key = JSON.stringify([d[dim], d.purposeKey, d.action]);
      const row = m.get(key);
      if (row) row.count += d.count;
      else m.set(key, { [dim]: d[dim], purposeKey: d.purposeKey, action: d.action, count: d.count } as never);
    }
    return [...m.values()];
  };
  return { days: sum('day'), versions: sum('noticeVersion'), channels: sum('channel'), locales: sum('locale') };
}

/** The bucket size of an overview's time series. */
export const OVERVIEW_INTERVALS = ['DAY', 'WEEK'] as const;
/** One of {@link OVERVIEW_INTERVALS}. */
export type OverviewInterval = (typeof OVERVIEW_INTERVALS)[number];

/** Grants, refusals and withdrawals counted over some records. */
export interface AnswerCounts {
  grants: number;
  refusals: number;
  withdrawals: number;
}

/** One bucket of the time series: the day it starts (a Monday for WEEK) and what was recorded in it. */
export interface OverviewPoint extends AnswerCounts {
  start: string;
}

/** How people answered one notice version's prompt for one purpose. */
export interface NoticeVersionAnswers {
  version: number;
  /** Grants recorded under this version, in the window. */
  granted: number;
  /** Refusals recorded under this version, in the window. */
  refused: number;
  /**
   * People this version asked again (it requires re-consent for the purpose) whose newest answer is still from before
   * it: they closed the prompt or chose "Decide later", and have not answered since. Now, not in the window.
   */
  decidedLater: number;
}

/** Answers in the window for one value of a breakdown (a channel, a language). */
export interface BreakdownCounts extends AnswerCounts {
  key: string;
}

/** One consent purpose's numbers for the staff console's overview. */
export interface PurposeOverview {
  purpose: Purpose;
  /** Granted now, among subjects who have answered (granted, refused, withdrawn or asked again); null when none has. */
  shareGranted: number | null;
  series: OverviewPoint[];
  byNoticeVersion: NoticeVersionAnswers[];
  byChannel: BreakdownCounts[];
  /** '' is records whose language is not known (before 1.1). */
  byLocale: BreakdownCounts[];
}

const MAX_BUCKETS = 400;
const DAY_MS = 86_400_000;
const ZDay = z.iso.date('must be a date, YYYY-MM-DD');

/** What an overview covers: from and to are days (UTC, both included), at most 400 buckets. */
export const ZOverviewRange = z
  .object({ from: ZDay, to: ZDay, interval: z.enum(OVERVIEW_INTERVALS).default('DAY') })
  .check((ctx) => {
    const { from, to, interval } = ctx.value;
    if (from > to) ctx.issues.push({ code: 'custom', input: to, path: ['to'], message: 'must not be before from' });
    else if (bucketStarts(from, to, interval).length > MAX_BUCKETS)
      ctx.issues.push({
        code: 'custom',
        input: to,
        path: ['to'],
        message: `the range holds more than ${MAX_BUCKETS} ${interval === 'DAY' ? 'days' : 'weeks'}`,
      });
  });
/** A validated overview range. */
export type TOverviewRange = z.infer<typeof ZOverviewRange>;

const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The day a bucket containing `day` starts on: the day itself, or the Monday of its ISO week. */
export function bucketStart(day: string, interval: OverviewInterval): string {
  if (interval === 'DAY') return day;
  const ms = dayMs(day);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return toDay(ms - weekday * DAY_MS);
}

/** Every bucket start from the one holding `from` to the one holding `to`. */
export function bucketStarts(from: string, to: string, interval: OverviewInterval): string[] {
  const step = interval === 'DAY' ? DAY_MS : 7 * DAY_MS;
  const out: string[] = [];
  const end = dayMs(to);
  for (let ms = dayMs(bucketStart(from, interval)); ms <= end && out.length <= MAX_BUCKETS; ms += step)
    out.push(toDay(ms));
  return out;
}

const empty = (): AnswerCounts => ({ grants: 0, refusals: 0, withdrawals: 0 });
function tally(c: AnswerCounts, action: ConsentAction, n: number) {
  if (action === 'GRANT') c.grants += n;
  else if (action === 'REFUSE') c.refusals += n;
  else if (action === 'WITHDRAW') c.withdrawals += n;
}
function breakdown(map: Map<string, AnswerCounts>): BreakdownCounts[] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, c]) => ({ key, ...c }));
}

/**
 * The overview of every consent purpose active at `at`: the daily counts of the window (already limited to it)
 * bucketed by day or week and broken down by notice version, channel and language, and the projection's counts for
 * the share granted now and for who has not answered a re-consent prompt yet.
 */
export function consentOverview(i: {
  purposes: readonly Purpose[];
  notices: readonly NoticeVersion[];
  /** The range's daily counts, summed per dimension (sumDailyCounts). */
  counts: OverviewCounts;
  states: readonly StateCount[];
  range: TOverviewRange;
  at: Date;
}): PurposeOverview[] {
  const { range, notices, at } = i;
  const starts = bucketStarts(range.from, range.to, range.interval);
  // Status per state group is the same rule purposeStats applies (subjects = 0: "never asked" plays no part here).
  const stats = new Map(
    purposeStats({ purposes: i.purposes, notices, counts: i.states, subjects: 0, at }).map((s) => [s.purpose.key, s]),
  );
  const sortedNotices = [...notices].sort((a, b) => a.version - b.version);
  return [...stats.values()].map(({ purpose, granted, refused, withdrawn, reconsentRequired }) => {
    const series = new Map(starts.map((s) => [s, empty()]));
    const byVersion = new Map<number, NoticeVersionAnswers>(
      sortedNotices.map((n) => [n.version, { version: n.version, granted: 0, refused: 0, decidedLater: 0 }]),
    );
    const byChannel = new Map<string, AnswerCounts>();
    const byLocale = new Map<string, AnswerCounts>();
    const mine = <T extends { purposeKey: string }>(rows: readonly T[]) =>
      rows.filter((r) => r.purposeKey === purpose.key);
    for (const d of mine(i.counts.days))
      if (d.day >= range.from && d.day <= range.to)
        tally(series.get(bucketStart(d.day, range.interval)) ?? empty(), d.action, d.count);
    for (const d of mine(i.counts.versions)) {
      const v = byVersion.get(d.noticeVersion);
      if (v && d.action === 'GRANT') v.granted += d.count;
      if (v && d.action === 'REFUSE') v.refused += d.count;
    }
    for (const [map, rows] of [
      [byChannel, mine(i.counts.channels).map((d) => ({ ...d, key: d.channel }))],
      [byLocale, mine(i.counts.locales).map((d) => ({ ...d, key: d.locale }))],
    ] as const)
      for (const d of rows) {
        if (!map.has(d.key)) map.set(d.key, empty());
        tally(map.get(d.key)!, d.action, d.count);
      }
    // A grant under version g that no longer counts, or is being asked again, waits on the first later version that
    // asked again for this purpose: that prompt is the one not answered yet.
    for (const g of i.states) {
      if (g.purposeKey !== purpose.key || g.action !== 'GRANT') continue;
      const asking = sortedNotices.find(
        (n) =>
          n.version > g.noticeVersion &&
          n.publishedAt <= at &&
          n.purposes.some((p) => p.purposeKey === purpose.key && p.requiresReconsent),
      );
      const v = asking && byVersion.get(asking.version);
      if (v) v.decidedLater += g.count;
    }
    const answered = granted + refused + withdrawn + reconsentRequired;
    return {
      purpose,
      shareGranted: answered === 0 ? null : granted / answered,
      series: [...series.entries()].map(([start, c]) => ({ start, ...c })),
      byNoticeVersion: [...byVersion.values()],
      byChannel: breakdown(byChannel),
      byLocale: breakdown(byLocale),
    };
  });
}
