import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useId, useState } from 'react';
import { isApiError, saveFile, useGraphQLClient } from '@assent/web-kit';
import type { OverviewInterval } from '../../gql/graphql';
import { formatDateTime } from '../../ui/format-date';
import { Forbidden } from '../../ui/forbidden';
import { CHANNEL_LABEL } from '../../ui/labels';
import { Loading, QueryError } from '../../ui/query-error';
import { queryFieldsQueryOptions } from '../purposes/purposes.queries';
import { overviewToCsv } from './overview-csv';
import { consentOverviewQueryOptions, type OverviewRange, type PurposeOverviewItem } from './overview.queries';

// Recharts is loaded only when the overview renders, in a chunk of its own.
const AnswersOverTimeChart = lazy(() => import('./overview-charts').then((m) => ({ default: m.AnswersOverTimeChart })));
const NoticeAnswersChart = lazy(() => import('./overview-charts').then((m) => ({ default: m.NoticeAnswersChart })));

const RANGES = [7, 30, 90, 365] as const;
const DAY_MS = 86_400_000;

/** The last `days` days up to today (UTC), as the API takes them. */
export function lastDays(days: number, interval: OverviewInterval, now = new Date()): OverviewRange {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(now.getTime() - (days - 1) * DAY_MS), to: day(now.getTime()), interval };
}

const languageNames = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' });
  } catch {
    return null;
  }
})();
/** A language tag in words ('' is what records before 1.1 hold). */
const languageLabel = (tag: string) => (tag === '' ? 'Not recorded' : `${languageNames?.of(tag) ?? tag} (${tag})`);
const channelLabel = (key: string) => CHANNEL_LABEL[key as keyof typeof CHANNEL_LABEL] ?? key;
const percent = (share: number | null) => (share == null ? '—' : `${Math.round(share * 1000) / 10} %`);

/** Answers over time per purpose (when the server offers consentOverview): charts, the same numbers as tables, CSV. */
export function OverviewSection() {
  const request = useGraphQLClient();
  const fields = useQuery(queryFieldsQueryOptions(request));
  if (!fields.data?.has('consentOverview')) return null;
  return <Overview />;
}

function Overview() {
  const request = useGraphQLClient();
  const [days, setDays] = useState<number>(30);
  const [interval, setInterval] = useState<OverviewInterval>('DAY');
  const [purposeKey, setPurposeKey] = useState<string | null>(null);
  const range = lastDays(days, interval);
  const overview = useQuery(consentOverviewQueryOptions(request, range));
  const ids = { range: useId(), interval: useId(), purpose: useId() };

  let body;
  if (overview.isPending) body = <Loading>Counting…</Loading>;
  else if (isApiError(overview.error, 'FORBIDDEN')) body = <Forbidden what="The overview" needs="Support or Admin" />;
  else if (overview.isError)
    body = <QueryError what="the answers over time" error={overview.error} onRetry={() => void overview.refetch()} />;
  else {
    const report = overview.data;
    const item = report.purposes.find((p) => p.purpose.key === purposeKey) ?? report.purposes[0];
    body = (
      <>
        <div className="overview-controls">
          <div className="field field--inline">
            <label htmlFor={ids.purpose}>Purpose</label>
            <select id={ids.purpose} value={item?.purpose.key ?? ''} onChange={(e) => setPurposeKey(e.target.value)}>
              {report.purposes.map((p) => (
                <option key={p.purpose.key} value={p.purpose.key}>
                  {p.purpose.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field field--inline">
            <label htmlFor={ids.range}>Period</label>
            <select id={ids.range} value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {RANGES.map((d) => (
                <option key={d} value={d}>
                  Last {d} days
                </option>
              ))}
            </select>
          </div>
          <div className="field field--inline">
            <label htmlFor={ids.interval}>Per</label>
            <select
              id={ids.interval}
              value={interval}
              onChange={(e) => setInterval(e.target.value as OverviewInterval)}
            >
              <option value="DAY">Day</option>
              <option value="WEEK">Week</option>
            </select>
          </div>
          <button
            type="button"
            className="button button--small"
            onClick={() =>
              saveFile(`assent-overview-${report.from}-${report.to}.csv`, overviewToCsv(report), 'text/csv')
            }
          >
            Download CSV
          </button>
        </div>
        <p className="meta">
          {report.from} to {report.to} (UTC), counted {formatDateTime(report.computedAt)}.
          {overview.isFetching ? ' Updating…' : ''}
        </p>
        {item ? <PurposeOverview item={item} interval={report.interval} /> : <p>No consent purposes yet.</p>}
      </>
    );
  }
  return (
    <section className="card" aria-labelledby="overview-heading" data-testid="consent-overview">
      <h2 id="overview-heading">Answers over time</h2>
      {body}
    </section>
  );
}

function PurposeOverview({ item, interval }: { item: PurposeOverviewItem; interval: OverviewInterval }) {
  const unit = interval === 'WEEK' ? 'Week from' : 'Day';
  const title = item.purpose.title;
  return (
    <div className="overview">
      <p className="overview-share">
        <strong>{percent(item.shareGranted)}</strong> of the people who answered have “{title}” granted now.
      </p>
      <h3>Grants, refusals and withdrawals</h3>
      <Suspense fallback={<Loading>Drawing the chart…</Loading>}>
        <AnswersOverTimeChart
          item={item}
          label={`${title}: grants, refusals and withdrawals per ${interval.toLowerCase()}`}
        />
      </Suspense>
      <NumbersTable
        caption={`${title}: answers per ${interval === 'WEEK' ? 'week' : 'day'}`}
        head={[unit, 'Grants', 'Refusals', 'Withdrawals']}
        rows={item.series.map((s) => [s.start, s.grants, s.refusals, s.withdrawals])}
      />
      <h3>How each notice version’s prompt was answered</h3>
      <Suspense fallback={<Loading>Drawing the chart…</Loading>}>
        <NoticeAnswersChart item={item} label={`${title}: answers to each notice version`} />
      </Suspense>
      <NumbersTable
        caption={`${title}: answers to each notice version`}
        head={['Notice version', 'Granted', 'Refused', 'Not answered yet']}
        rows={item.byNoticeVersion.map((v) => [`Version ${v.version}`, v.granted, v.refused, v.decidedLater])}
      />
      <p className="meta">
        Granted and refused: answers recorded under that version in this period. Not answered yet: people that version
        asked again (it changed this purpose) who closed the prompt or chose to decide later, counted now.
      </p>
      <div className="overview-breakdowns">
        <NumbersTable
          caption={`${title}: answers per channel`}
          head={['Channel', 'Grants', 'Refusals', 'Withdrawals']}
          rows={item.byChannel.map((c) => [channelLabel(c.key), c.grants, c.refusals, c.withdrawals])}
          empty="No answers in this period."
        />
        <NumbersTable
          caption={`${title}: answers per language`}
          head={['Language', 'Grants', 'Refusals', 'Withdrawals']}
          rows={item.byLocale.map((l) => [languageLabel(l.key), l.grants, l.refusals, l.withdrawals])}
          empty="No answers in this period."
        />
      </div>
    </div>
  );
}

function NumbersTable({
  caption,
  head,
  rows,
  empty,
}: {
  caption: string;
  head: string[];
  rows: (string | number)[][];
  empty?: string;
}) {
  const id = useId();
  if (rows.length === 0 && empty) return <p className="meta">{empty}</p>;
  return (
    <div className="table-scroll" role="region" aria-labelledby={id} tabIndex={0}>
      <table className="table table--numbers">
        <caption id={id}>{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([first, ...rest]) => (
            <tr key={String(first)}>
              <th scope="row">{first}</th>
              {rest.map((v, i) => (
                <td key={i}>{v}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
