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
  query NoticeVersions($locale: String) {
    noticeVersions(locale: $locale) {
      ...NoticeFields
    }
  }
`);

/** A notice version with its texts. */
export type Notice = NoticeFieldsFragment;

/**
 * Every notice version in one language (a history entry's: the one its person saw; unset: the request's
 * Accept-Language); fetched once per language, when the first old version is opened.
 */
export function noticeVersionsQueryOptions(request: GraphQLRequest, locale?: string) {
  return queryOptions({
    queryKey: ['noticeVersions', locale ?? null] as const,
    queryFn: async () => (await request(noticeVersionsDocument, { locale })).noticeVersions,
    // Published versions never change.
    staleTime: Infinity,
  });
}
