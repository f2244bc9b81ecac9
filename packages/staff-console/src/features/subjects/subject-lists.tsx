import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { isApiError, useGraphQLClient } from '@assent/web-kit';
import { navigate } from '../../routing/router';
import { formatDateTime } from '../../ui/format-date';
import { Loading, QueryError } from '../../ui/query-error';
import { queryFieldsQueryOptions } from '../purposes/purposes.queries';
import { recentlyChangedSubjectsQueryOptions, subjectsByPrefixQueryOptions } from './subject-search.queries';

type Page = { subjects: { subjectId: string; lastChangeAt: string }[] };

/** The value after it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/**
 * What helps support find a person without the whole id (when the server offers it): the subjects whose id starts with
 * what is typed, else the ones changed most recently.
 */
export function SubjectLists({ typed }: { typed: string }) {
  const request = useGraphQLClient();
  const fields = useQuery(queryFieldsQueryOptions(request));
  const prefix = useDebounced(typed.trim(), 300);
  if (!fields.data?.has('subjectsByPrefix')) return null;
  return prefix.length >= 2 ? <PrefixMatches key={prefix} prefix={prefix} /> : <RecentlyChanged />;
}

function PrefixMatches({ prefix }: { prefix: string }) {
  const request = useGraphQLClient();
  const list = useInfiniteQuery(subjectsByPrefixQueryOptions(request, prefix));
  return (
    <SubjectListCard
      heading={`Subjects whose ID starts with “${prefix}”`}
      list={list}
      empty="No subject has an ID starting with that (IDs are case-sensitive)."
    />
  );
}

function RecentlyChanged() {
  const request = useGraphQLClient();
  const list = useInfiniteQuery(recentlyChangedSubjectsQueryOptions(request));
  return <SubjectListCard heading="Recently changed" list={list} empty="No ledger entries yet." />;
}

function SubjectListCard({
  heading,
  list,
  empty,
}: {
  heading: string;
  list: ReturnType<typeof useInfiniteQuery<Page, Error, { pages: Page[] }>>;
  empty: string;
}) {
  let body;
  if (list.isPending) body = <Loading>Looking…</Loading>;
  else if (isApiError(list.error, 'FORBIDDEN')) return null;
  else if (list.isError)
    body = <QueryError what="the subjects" error={list.error} onRetry={() => void list.refetch()} />;
  else {
    const subjects = list.data.pages.flatMap((p) => p.subjects);
    body =
      subjects.length === 0 ? (
        <p className="meta">{empty}</p>
      ) : (
        <>
          <ul className="subject-list">
            {subjects.map((s) => (
              <li key={s.subjectId}>
                <button
                  type="button"
                  className="button button--quiet subject-list__id"
                  onClick={() => navigate({ page: 'subjects', subjectId: s.subjectId })}
                >
                  {s.subjectId}
                </button>
                <span className="meta">last change {formatDateTime(s.lastChangeAt)}</span>
              </li>
            ))}
          </ul>
          {list.hasNextPage && (
            <button
              type="button"
              className="button button--small"
              disabled={list.isFetchingNextPage}
              onClick={() => void list.fetchNextPage()}
            >
              {list.isFetchingNextPage ? 'Loading…' : 'Show more'}
            </button>
          )}
        </>
      );
  }
  return (
    <section className="card" aria-label={heading} data-testid="subject-list">
      <h2>{heading}</h2>
      {body}
    </section>
  );
}
