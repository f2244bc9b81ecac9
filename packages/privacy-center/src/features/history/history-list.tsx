import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useGraphQLClient } from '@assent/web-kit';
import { useMessages } from '../../i18n/messages';
import { formatDateTime } from '../../ui/format-date';
import { Loading, QueryError } from '../../ui/query-error';
import type { Me } from '../consents/consent.queries';
import { NoticeVersionDetails } from '../notice/notice-version-details';
import { ReceiptButton } from './receipt-button';
import { consentHistoryQueryOptions, purposeTitlesQueryOptions, type HistoryEntry } from './history.queries';

/** "Your history": the subject's own ledger, newest first, 50 at a time. */
export function HistoryList({ me }: { me: Me }) {
  const m = useMessages();
  const request = useGraphQLClient();
  const history = useInfiniteQuery(consentHistoryQueryOptions(request, me.subjectId));
  // Retired purposes are not in `me`; their titles come from the public list.
  const titles = useQuery(purposeTitlesQueryOptions(request));
  const titleOf = (key: string) =>
    titles.data?.get(key) ?? me.purposes.find((item) => item.purpose.key === key)?.purpose.title ?? key;

  let body;
  if (history.isPending) {
    body = <Loading>{m.app.loading}</Loading>;
  } else if (history.isError && !history.data) {
    body = <QueryError what={m.history.what} error={history.error} onRetry={() => void history.refetch()} />;
  } else {
    const entries = history.data.pages.flatMap((page) => page.consentHistory.edges.map((edge) => edge.node));
    const total = history.data.pages.at(-1)?.consentHistory.totalCount ?? entries.length;
    body =
      entries.length === 0 ? (
        <p>{m.history.empty}</p>
      ) : (
        <>
          <ol className="history-list">
            {entries.map((entry) => (
              <HistoryItem key={entry.id} entry={entry} title={titleOf(entry.purposeKey)} />
            ))}
          </ol>
          <div className="history-footer">
            <p className="meta" role="status">
              {m.history.shown(entries.length, total)}
            </p>
            {history.hasNextPage && (
              <button
                type="button"
                className="button"
                onClick={() => !history.isFetchingNextPage && void history.fetchNextPage()}
              >
                {history.isFetchingNextPage ? m.history.loadingMore : m.history.loadMore}
              </button>
            )}
          </div>
          {history.isFetchNextPageError && (
            <QueryError what={m.history.what} error={history.error} onRetry={() => void history.fetchNextPage()} />
          )}
        </>
      );
  }

  return (
    <section aria-labelledby="history-heading" className="card">
      <h2 id="history-heading">{m.history.heading}</h2>
      <p className="lead">{m.history.intro}</p>
      {body}
    </section>
  );
}

function HistoryItem({ entry, title }: { entry: HistoryEntry; title: string }) {
  const m = useMessages();
  return (
    <li className={`history-entry history-entry--${entry.action.toLowerCase()}`}>
      <p className="history-what">{m.history.action[entry.action](title)}</p>
      <dl className="history-facts">
        <div>
          <dt>{m.history.when}</dt>
          <dd>
            <time dateTime={entry.occurredAt}>{formatDateTime(m.lang, entry.occurredAt)}</time>
          </dd>
        </div>
        <div>
          <dt>{m.history.how}</dt>
          <dd>
            {m.history.howRecorded({ channel: entry.channel, method: entry.method, actorKind: entry.actor.kind })}
          </dd>
        </div>
        <div>
          <dt>{m.history.notice}</dt>
          <dd>
            {m.history.noticeVersion(entry.noticeVersion.version)}{' '}
            <NoticeVersionDetails noticeVersionId={entry.noticeVersion.id} version={entry.noticeVersion.version} />
          </dd>
        </div>
      </dl>
      {entry.action !== 'ERASE' && <ReceiptButton recordId={entry.id} />}
    </li>
  );
}
