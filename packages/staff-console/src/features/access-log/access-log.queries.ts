import { infiniteQueryOptions } from '@tanstack/react-query';
import type { GraphQLRequest } from '@assent/web-kit';
import { graphql } from '../../gql';
import type { AccessLogQuery } from '../../gql/graphql';

/** Reads of subjects' data by staff and SERVICE keys, newest first; one subject's when given (ADMIN). */
export const accessLogDocument = graphql(`
  query AccessLog($subjectId: ID, $first: Int, $after: String) {
    accessLog(subjectId: $subjectId, first: $first, after: $after) {
      entries {
        id
        at
        subjectId
        operation
        clientIp
        userAgent
        requestId
        actor {
          kind
          id
          role
          name
        }
      }
      endCursor
      hasNextPage
    }
  }
`);

/** One row of the access log. */
export type AccessLogItem = AccessLogQuery['accessLog']['entries'][number];

/** Entries per page. */
export const ACCESS_LOG_PAGE_SIZE = 50;

/** The access log (one subject's, or everyone's), page by page. */
export function accessLogQueryOptions(request: GraphQLRequest, subjectId: string | null) {
  return infiniteQueryOptions({
    queryKey: ['accessLog', subjectId] as const,
    queryFn: ({ pageParam }) =>
      request(accessLogDocument, { subjectId, first: ACCESS_LOG_PAGE_SIZE, after: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) =>
      last.accessLog.hasNextPage && last.accessLog.endCursor ? last.accessLog.endCursor : undefined,
  });
}
