import { infiniteQueryOptions } from '@tanstack/react-query';
import type { GraphQLRequest } from '@assent/web-kit';
import { graphql } from '../../gql';
import type { MyAccessLogQuery } from '../../gql/graphql';

/** One page of who read the subject's data (staff and services), newest first. */
export const myAccessLogDocument = graphql(`
  query MyAccessLog($first: Int, $after: String) {
    myAccessLog(first: $first, after: $after) {
      entries {
        at
        operation
        viewerKind
        viewerRole
        viewerName
      }
      endCursor
      hasNextPage
    }
  }
`);

/** One entry of "Who looked at your consents". */
export type AccessEntry = MyAccessLogQuery['myAccessLog']['entries'][number];

/** Entries per page. */
export const ACCESS_LOG_PAGE_SIZE = 20;

/** Who read the subject's data, page by page ("Load more" follows endCursor). */
export function myAccessLogQueryOptions(request: GraphQLRequest) {
  return infiniteQueryOptions({
    queryKey: ['myAccessLog'] as const,
    queryFn: ({ pageParam }) => request(myAccessLogDocument, { first: ACCESS_LOG_PAGE_SIZE, after: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) =>
      last.myAccessLog.hasNextPage && last.myAccessLog.endCursor ? last.myAccessLog.endCursor : undefined,
  });
}
