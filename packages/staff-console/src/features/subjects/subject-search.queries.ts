import { infiniteQueryOptions } from '@tanstack/react-query';
import type { GraphQLRequest } from '@assent/web-kit';
import { graphql } from '../../gql';

/** Subjects whose id starts with a prefix, a page at a time (support finds a person from a partial id). */
export const subjectsByPrefixDocument = graphql(`
  query SubjectsByPrefix($prefix: String!, $after: String) {
    subjectsByPrefix(prefix: $prefix, first: 20, after: $after) {
      subjects {
        subjectId
        lastChangeAt
      }
      endCursor
      hasNextPage
    }
  }
`);

/** Subjects by their latest ledger change, newest first. */
export const recentlyChangedSubjectsDocument = graphql(`
  query RecentlyChangedSubjects($after: String) {
    recentlyChangedSubjects(first: 10, after: $after) {
      subjects {
        subjectId
        lastChangeAt
      }
      endCursor
      hasNextPage
    }
  }
`);

/** Pages of subjects starting with `prefix`. */
export const subjectsByPrefixQueryOptions = (request: GraphQLRequest, prefix: string) =>
  infiniteQueryOptions({
    queryKey: ['subjectsByPrefix', prefix] as const,
    queryFn: ({ pageParam }) =>
      request(subjectsByPrefixDocument, { prefix, after: pageParam }).then((d) => d.subjectsByPrefix),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.hasNextPage ? last.endCursor : undefined),
  });

/** Pages of recently changed subjects. */
export const recentlyChangedSubjectsQueryOptions = (request: GraphQLRequest) =>
  infiniteQueryOptions({
    queryKey: ['recentlyChangedSubjects'] as const,
    queryFn: ({ pageParam }) =>
      request(recentlyChangedSubjectsDocument, { after: pageParam }).then((d) => d.recentlyChangedSubjects),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.hasNextPage ? last.endCursor : undefined),
  });
