import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { GraphQLRequest } from '@assent/web-kit';
import { graphql } from '../../gql';
import type { ConsentHistoryQuery } from '../../gql/graphql';

/** One page of the subject's own ledger, newest first. */
export const consentHistoryDocument = graphql(`
  query ConsentHistory($subjectId: ID!, $first: Int, $after: String) {
    consentHistory(subjectId: $subjectId, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          purposeKey
          action
          channel
          method
          occurredAt
          actor {
            kind
          }
          locale
          noticeVersion {
            id
            version
            locale
            purposes {
              purposeKey
              title
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

/** All purposes, retired ones too, so old history entries keep their titles. */
export const purposeTitlesDocument = graphql(`
  query PurposeTitles {
    purposes {
      key
      title
    }
  }
`);

/** One entry of the history list. */
export type HistoryEntry = ConsentHistoryQuery['consentHistory']['edges'][number]['node'];

/** Whether the loaded history holds an ERASE entry: the person was erased, and nothing more can be recorded. */
export const isErased = (pages: readonly ConsentHistoryQuery[] | undefined): boolean =>
  pages?.some((page) => page.consentHistory.edges.some((edge) => edge.node.action === 'ERASE')) ?? false;

/** Entries per page of "Your history". */
export const HISTORY_PAGE_SIZE = 50;

/** Key of every page of the subject's ledger; without a subject, of every subject's (to invalidate after a change). */
export const consentHistoryQueryKey = (subjectId?: string) =>
  subjectId === undefined ? (['consentHistory'] as const) : (['consentHistory', subjectId] as const);

/** The subject's ledger, page by page ("Load more" follows pageInfo.endCursor). */
export function consentHistoryQueryOptions(request: GraphQLRequest, subjectId: string) {
  return infiniteQueryOptions({
    queryKey: consentHistoryQueryKey(subjectId),
    queryFn: ({ pageParam }) =>
      request(consentHistoryDocument, { subjectId, first: HISTORY_PAGE_SIZE, after: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => {
      const { hasNextPage, endCursor } = last.consentHistory.pageInfo;
      return hasNextPage && endCursor ? endCursor : undefined;
    },
  });
}

/** Titles of all purposes, retired ones included, keyed by purpose key. */
export function purposeTitlesQueryOptions(request: GraphQLRequest) {
  return queryOptions({
    queryKey: ['purposeTitles'] as const,
    queryFn: async () =>
      new Map((await request(purposeTitlesDocument)).purposes.map((purpose) => [purpose.key, purpose.title])),
    staleTime: 5 * 60_000,
  });
}
