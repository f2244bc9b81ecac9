import { queryOptions } from '@tanstack/react-query';
import type { GraphQLRequest } from '@assent/web-kit';
import { graphql } from '../../gql';
import type { NoticeFieldsFragment } from '../../gql/graphql';

/** A notice version as shown to a person: its summary and every purpose's text. */
export const noticeFieldsFragment = graphql(`
  fragment NoticeFields on NoticeVersion {
    id
    version
    publishedAt
    effectiveAt
    summary
    locale
    availableLocales
    purposes {
      purposeKey
      title
      description
      requiresReconsent
    }
  }
`);

/** Every published notice version, newest first (public). */
export const noticeVersionsDocument = graphql(`
  query NoticeVersions {
    noticeVersions {
      ...NoticeFields
    }
  }
`);

/** A notice version with its texts. */
export type Notice = NoticeFieldsFragment;

/** Every notice version; fetched once, when the first old version is opened. */
export function noticeVersionsQueryOptions(request: GraphQLRequest) {
  return queryOptions({
    queryKey: ['noticeVersions'] as const,
    queryFn: async () => (await request(noticeVersionsDocument)).noticeVersions,
    // Published versions never change.
    staleTime: Infinity,
  });
}
