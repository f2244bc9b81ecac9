import { useInfiniteQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { isApiError, useGraphQLClient } from '@assent/web-kit';
import type { Role } from '../../gql/graphql';
import { formatDateTime } from '../../ui/format-date';
import { Forbidden } from '../../ui/forbidden';
import { ROLE_LABEL } from '../../ui/labels';
import { PageLayout } from '../../ui/page-layout';
import { Loading, QueryError } from '../../ui/query-error';
import { accessLogQueryOptions, type AccessLogItem } from './access-log.queries';

/** What each logged read showed, in words. */
const OPERATION_LABEL: Record<string, string> = {
  subject: 'Current consents',
  consentHistory: 'Ledger history (a page, or an export)',
  consentReceipt: 'A signed receipt',
};

/** The access log (ADMIN): who read whose consents, when and from where; filter by subject. */
export function AccessLogPage() {
  const request = useGraphQLClient();
  const inputId = useId();
  const [draft, setDraft] = useState('');
  // The filter lives in this page's state only: a subject id never goes into the address.
  const [subjectId, setSubjectId] = useState<string | null>(null);
  const log = useInfiniteQuery(accessLogQueryOptions(request, subjectId));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubjectId(draft.trim() === '' ? null : draft.trim());
  };

  let body;
  if (log.isPending) body = <Loading>Loading the access log…</Loading>;
  else if (isApiError(log.error, 'FORBIDDEN')) body = <Forbidden what="Reading the access log" />;
  else if (log.isError && !log.data)
    body = <QueryError what="the access log" error={log.error} onRetry={() => void log.refetch()} />;
  else {
    const entries = log.data.pages.flatMap((page) => page.accessLog.entries);
    body =
      entries.length === 0 ? (
        <p>{subjectId ? 'Nobody has read this subject’s data.' : 'No reads of subjects’ data yet.'}</p>
      ) : (
        <>
          <div className="table-scroll" role="region" aria-label="Access log table" tabIndex={0}>
            <table className="table access-log-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">From</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <AccessRow key={entry.id} entry={entry} />
                ))}
              </tbody>
            </table>
          </div>
          {log.hasNextPage && (
            <button
              type="button"
              className="button"
              onClick={() => !log.isFetchingNextPage && void log.fetchNextPage()}
            >
              {log.isFetchingNextPage ? 'Loading more…' : 'Load more'}
            </button>
          )}
          {log.isFetchNextPageError && (
            <QueryError what="more of the access log" error={log.error} onRetry={() => void log.fetchNextPage()} />
          )}
        </>
      );
  }

  return (
    <PageLayout title="Access log" current="access-log">
      <p className="lead">
        Every read of a subject’s data by staff or a service key (current consents, ledger history and exports,
        receipts). Decisions are not listed; they are counted per key per minute.
      </p>
      <section className="card" aria-labelledby="access-log-heading">
        <h2 id="access-log-heading">{subjectId ? `Reads of ${subjectId}` : 'All reads, newest first'}</h2>
        <form className="form" role="search" onSubmit={submit} aria-label="Filter the access log by subject">
          <div className="field-row">
            <div className="field">
              <label htmlFor={inputId}>Subject id</label>
              <input
                id={inputId}
                value={draft}
                maxLength={200}
                autoComplete="off"
                spellCheck={false}
                onChange={(event) => setDraft(event.target.value)}
              />
            </div>
          </div>
          <div className="actions">
            <button type="submit" className="button button--primary">
              Show reads
            </button>
            {subjectId !== null && (
              <button
                type="button"
                className="button button--quiet"
                onClick={() => {
                  setDraft('');
                  setSubjectId(null);
                }}
              >
                Show everyone’s
              </button>
            )}
          </div>
        </form>
        {body}
      </section>
    </PageLayout>
  );
}

function AccessRow({ entry }: { entry: AccessLogItem }) {
  return (
    <tr data-entry-id={entry.id}>
      <td>
        <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
      </td>
      <td>
        {entry.subjectId === null ? (
          <span className="meta">No ledger records</span>
        ) : entry.subjectId === 'erased' ? (
          <span className="meta">Erased</span>
        ) : (
          <span className="key">{entry.subjectId}</span>
        )}
      </td>
      <th scope="row">
        {entry.actor.name ?? entry.actor.id}
        <span className="meta"> {ROLE_LABEL[entry.actor.role as Role] ?? entry.actor.role}</span>
      </th>
      <td>{OPERATION_LABEL[entry.operation] ?? entry.operation}</td>
      <td>
        {entry.clientIp ?? <span className="meta">Unknown</span>}
        {entry.userAgent && <span className="meta access-log-agent"> {entry.userAgent}</span>}
      </td>
    </tr>
  );
}
