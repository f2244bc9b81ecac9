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

/** A range of days as the count tables hold it: whole months read as months, and the days around them. */
export interface OverviewRangeParts {
  /** The first and last whole month (YYYY-MM) inside the range; null when it holds none. */
  months: { from: string; to: string } | null;
  /** The range's days outside those months: no, one or two runs of days (YYYY-MM-DD, both included). */
  days: { from: string; to: string }[];
}

const monthStart = (month: string) => `${month}-01`;
/** The month after `month` (YYYY-MM). */
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y!, m!, 1)).toISOString().slice(0, 7);
};
/** The last day of `month` (YYYY-MM). */
const monthEnd = (month: string) => toDay(dayMs(monthStart(nextMonth(month))) - DAY_MS);
/** The month before `month` (YYYY-MM). */
const previousMonth = (month: string) => toDay(dayMs(monthStart(month)) - DAY_MS).slice(0, 7);

/**
 * Splits a range of days (both included) into the whole months inside it and the days before and after them: the
 * overview sums the monthly count table over the months and the daily one over the days, so a year reads about a dozen
 * months' rows and at most two partial months of days, however many days the year's rows would be.
 */
export function splitOverviewRange(from: string, to: string): OverviewRangeParts {
  const first = from.endsWith('-01') ? from.slice(0, 7) : nextMonth(from.slice(0, 7));
  const last = monthEnd(to.slice(0, 7)) === to ? to.slice(0, 7) : previousMonth(to.slice(0, 7));
  if (from > to || first > last) return { months: null, days: from > to ? [] : [{ from, to }] };
  const days: { from: string; to: string }[] = [];
  if (from < monthStart(first)) days.push({ from, to: toDay(dayMs(monthStart(first)) - DAY_MS) });
  if (to > monthEnd(last)) days.push({ from: monthStart(nextMonth(last)), to });
  return { months: { from: first, to: last }, days };
}

const empty = (): AnswerCounts => ({ grants: 0, refusals: 0, withdrawals: 0 });
function tally(c: AnswerCounts, action: ConsentAction, n: number) {
  if (action === 'GRANT') c.grants += n;
  else if (action === 'REFUSE') c.refusals += n;
  else if (action === 'WITHDRAW') c.withdrawals += n;
}
function counter(map: Map<string, AnswerCounts>, key: string): AnswerCounts {
  let c = map.get(key);
  if (!c) map.set(key, (c = empty()));
  return c;
}
function breakdown(map: Map<string, AnswerCounts>): BreakdownCounts[] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, c]) => ({ key, ...c }));
}

/** Rows grouped by purpose in one pass (each purpose then reads only its own). */
function byPurpose<T extends { purposeKey: string }>(rows: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const mine = m.get(r.purposeKey);
    if (mine) mine.push(r);
    else m.set(r.purposeKey, [r]);
  }
  return m;
}

/** The answers a notice that requires fresh consent for their purpose asks again (consent-status.ts). */
const REASKED_ACTIONS: ReadonlySet<string> = new Set(['GRANT', 'REFUSE', 'WITHDRAW']);

/**
 * The overview of every consent purpose active at `at`: the counts of the window (already limited to it) bucketed by
 * day or week and broken down by notice version, channel and language, and the projection's counts for the share
 * granted now and for who has not answered a re-consent prompt yet. One pass over each kind of row: they are grouped
 * by purpose once, and a day's bucket is looked up, not recomputed, for every purpose.
 */
export function consentOverview(i: {
  purposes: readonly Purpose[];
  notices: readonly NoticeVersion[];
  /** The range's counts, summed per dimension (the repository's sums; sumDailyCounts for tests). */
  counts: OverviewCounts;
  states: readonly StateCount[];
  range: TOverviewRange;
  at: Date;
}): PurposeOverview[] {
  const { range, notices, at } = i;
  const starts = bucketStarts(range.from, range.to, range.interval);
  // Status per state group is the same rule purposeStats applies (subjects = 0: "never asked" plays no part here).
  const stats = purposeStats({ purposes: i.purposes, notices, counts: i.states, subjects: 0, at });
  const sortedNotices = [...notices].sort((a, b) => a.version - b.version);
  const days = byPurpose(i.counts.days);
  const versions = byPurpose(i.counts.versions);
  const channels = byPurpose(i.counts.channels);
  const locales = byPurpose(i.counts.locales);
  // The bucket of each day in the range (a week's Monday, or the day itself); days outside it have none.
  const bucketOf = new Map<string, string>();
  for (let ms = dayMs(range.from), end = dayMs(range.to); ms <= end; ms += DAY_MS) {
    const day = toDay(ms);
    bucketOf.set(day, range.interval === 'DAY' ? day : bucketStart(day, range.interval));
  }
  const NONE: never[] = [];
  return stats.map(({ purpose, granted, refused, withdrawn, reconsentRequired }) => {
    const series = new Map<string, OverviewPoint>(starts.map((start) => [start, { start, ...empty() }]));
    const byVersion = new Map<number, NoticeVersionAnswers>(
      sortedNotices.map((n) => [n.version, { version: n.version, granted: 0, refused: 0, decidedLater: 0 }]),
    );
    for (const d of days.get(purpose.key) ?? NONE) {
      const start = bucketOf.get(d.day);
      if (start !== undefined) tally(series.get(start)!, d.action, d.count);
    }
    for (const d of versions.get(purpose.key) ?? NONE) {
      const v = byVersion.get(d.noticeVersion);
      if (v && d.action === 'GRANT') v.granted += d.count;
      if (v && d.action === 'REFUSE') v.refused += d.count;
    }
    const byChannel = new Map<string, AnswerCounts>();
    for (const d of channels.get(purpose.key) ?? NONE) tally(counter(byChannel, d.channel), d.action, d.count);
    const byLocale = new Map<string, AnswerCounts>();
    for (const d of locales.get(purpose.key) ?? NONE) tally(counter(byLocale, d.locale), d.action, d.count);
    // A decision under version g (a grant that no longer counts or is being asked again; a refusal or withdrawal,
    // which such a notice asks again too: consent-status.ts) waits on the first later version that asked again for
    // this purpose: that prompt is the one not answered yet.
    for (const g of i.states) {
      if (g.purposeKey !== purpose.key || !REASKED_ACTIONS.has(g.action)) continue;
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
      series: [...series.values()],
      byNoticeVersion: [...byVersion.values()],
      byChannel: breakdown(byChannel),
      byLocale: breakdown(byLocale),
    };
  });
}
