import { useInfiniteQuery } from '@tanstack/react-query';
import { useGraphQLClient } from '@assent/web-kit';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format-date';
import { Loading, QueryError } from '../../ui/query-error';
import { myAccessLogQueryOptions, type AccessEntry } from './access-log.queries';

const VIEWERS = ['SUPPORT', 'ADMIN', 'SERVICE'] as const;
const OPERATIONS = ['subject', 'consentHistory', 'consentReceipt'] as const;

/** "Who looked at your consents": reads of the person's data by staff and services (GDPR Art. 15), newest first. */
export function AccessLogList() {
  const { t } = useTranslation();
  const request = useGraphQLClient();
  const log = useInfiniteQuery(myAccessLogQueryOptions(request));

  let body;
  if (log.isPending) {
    body = <Loading>{t('app.loading')}</Loading>;
  } else if (log.isError && !log.data) {
    body = <QueryError what={t('accessLog.what')} error={log.error} onRetry={() => void log.refetch()} />;
  } else {
    const entries = log.data.pages.flatMap((page) => page.myAccessLog.entries);
    body =
      entries.length === 0 ? (
        <p>{t('accessLog.empty')}</p>
      ) : (
        <>
          <ol className="history-list access-log-list">
            {entries.map((entry, i) => (
              <AccessItem key={`${entry.at}-${i}`} entry={entry} />
            ))}
          </ol>
          {log.hasNextPage && (
            <div className="history-footer">
              <button
                type="button"
                className="button"
                onClick={() => !log.isFetchingNextPage && void log.fetchNextPage()}
              >
                {log.isFetchingNextPage ? t('history.loadingMore') : t('history.loadMore')}
              </button>
            </div>
          )}
          {log.isFetchNextPageError && (
            <QueryError what={t('accessLog.what')} error={log.error} onRetry={() => void log.fetchNextPage()} />
          )}
        </>
      );
  }

  return (
    <section aria-labelledby="access-log-heading" className="card">
      <h2 id="access-log-heading">{t('accessLog.heading')}</h2>
      <p className="lead">{t('accessLog.intro')}</p>
      {body}
    </section>
  );
}

function AccessItem({ entry }: { entry: AccessEntry }) {
  const { t, i18n } = useTranslation();
  const role = (VIEWERS as readonly string[]).includes(entry.viewerRole)
    ? (entry.viewerRole as (typeof VIEWERS)[number])
    : 'SERVICE';
  const who = t(`accessLog.viewer.${role}`);
  const operation = (OPERATIONS as readonly string[]).includes(entry.operation)
    ? (entry.operation as (typeof OPERATIONS)[number])
    : 'other';
  return (
    <li className="history-entry access-log-entry">
      <dl className="history-facts">
        <div>
          <dt>{t('accessLog.who')}</dt>
          <dd>{entry.viewerName ? t('accessLog.named', { who, name: entry.viewerName }) : who}</dd>
        </div>
        <div>
          <dt>{t('accessLog.whatLabel')}</dt>
          <dd>{t(`accessLog.operation.${operation}`)}</dd>
        </div>
        <div>
          <dt>{t('accessLog.when')}</dt>
          <dd>
            <time dateTime={entry.at}>{formatDateTime(i18n.language, entry.at)}</time>
          </dd>
        </div>
      </dl>
    </li>
  );
}
