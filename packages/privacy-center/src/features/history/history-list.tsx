import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useGraphQLClient } from '@assent/web-kit';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format-date';
import { Loading, QueryError } from '../../ui/query-error';
import type { Me } from '../consents/consent.queries';
import { NoticeVersionDetails } from '../notice/notice-version-details';
import { ReceiptButton } from './receipt-button';
import { howRecorded } from './how-recorded';
import { consentHistoryQueryOptions, isErased, purposeTitlesQueryOptions, type HistoryEntry } from './history.queries';

/** "Your history": the subject's own ledger, newest first, 50 at a time. */
export function HistoryList({ me }: { me: Me }) {
  const { t } = useTranslation();
  const request = useGraphQLClient();
  const history = useInfiniteQuery(consentHistoryQueryOptions(request, me.subjectId));
  // `me` has the titles in the language of the notice on screen; retired purposes are not in it, so theirs come
  // from the public list.
  const titles = useQuery(purposeTitlesQueryOptions(request));
  const titleOf = (key: string) =>
    me.purposes.find((item) => item.purpose.key === key)?.purpose.title ?? titles.data?.get(key) ?? key;

  let body;
  if (history.isPending) {
    body = <Loading>{t('app.loading')}</Loading>;
  } else if (history.isError && !history.data) {
    body = <QueryError what={t('history.what')} error={history.error} onRetry={() => void history.refetch()} />;
  } else {
    const entries = history.data.pages.flatMap((page) => page.consentHistory.edges.map((edge) => edge.node));
    const total = history.data.pages.at(-1)?.consentHistory.totalCount ?? entries.length;
    // After an erasure no receipt can be issued for any entry (the server refuses it): none is offered.
    const erased = isErased(history.data.pages);
    body =
      entries.length === 0 ? (
        <p>{t('history.empty')}</p>
      ) : (
        <>
          <ol className="history-list">
            {entries.map((entry) => (
              <HistoryItem key={entry.id} entry={entry} title={titleOf(entry.purposeKey)} erased={erased} />
            ))}
          </ol>
          <div className="history-footer">
            <p className="meta" role="status">
              {t('history.shown', { shown: entries.length, count: total })}
            </p>
            {history.hasNextPage && (
              <button
                type="button"
                className="button"
                onClick={() => !history.isFetchingNextPage && void history.fetchNextPage()}
              >
                {history.isFetchingNextPage ? t('history.loadingMore') : t('history.loadMore')}
              </button>
            )}
          </div>
          {history.isFetchNextPageError && (
            <QueryError what={t('history.what')} error={history.error} onRetry={() => void history.fetchNextPage()} />
          )}
        </>
      );
  }

  return (
    <section aria-labelledby="history-heading" className="card">
      <h2 id="history-heading">{t('history.heading')}</h2>
      <p className="lead">{t('history.intro')}</p>
      {body}
    </section>
  );
}

function HistoryItem({ entry, title, erased }: { entry: HistoryEntry; title: string; erased: boolean }) {
  const { t, i18n } = useTranslation();
  // The purpose as the notice named it in the language this person saw (ConsentRecord.noticeVersion is in the
  // record's locale); the current title for a record that named no purpose of its notice (an erasure).
  const seen = entry.noticeVersion.purposes.find((p) => p.purposeKey === entry.purposeKey)?.title;
  return (
    <li className={`history-entry history-entry--${entry.action.toLowerCase()}`}>
      <p className="history-what">{t(`history.action.${entry.action}`, { title: seen ?? title })}</p>
      <dl className="history-facts">
        <div>
          <dt>{t('history.when')}</dt>
          <dd>
            <time dateTime={entry.occurredAt}>{formatDateTime(i18n.language, entry.occurredAt)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('history.how')}</dt>
          <dd>{howRecorded(t, { channel: entry.channel, method: entry.method, actorKind: entry.actor.kind })}</dd>
        </div>
        <div>
          <dt>{t('history.notice')}</dt>
          <dd>
            {t('history.noticeVersion', { version: entry.noticeVersion.version })}{' '}
            <NoticeVersionDetails
              noticeVersionId={entry.noticeVersion.id}
              version={entry.noticeVersion.version}
              locale={entry.noticeVersion.locale}
            />
          </dd>
        </div>
      </dl>
      {!erased && <ReceiptButton recordId={entry.id} title={seen ?? title} />}
    </li>
  );
}
