import { queryOptions } from '@tanstack/react-query';
import type { GraphQLRequest } from '@assent/web-kit';
import { graphql } from '../../gql';
import type { NoticeFieldsFragment, PurposeFieldsFragment } from '../../gql/graphql';

/** A purpose as the console shows it. */
export const purposeFieldsFragment = graphql(`
  fragment PurposeFields on Purpose {
    key
    title
    description
    legalBasis
    requiresConsent
    active
    gpcOptOut
    dpvPurpose
    consentMode
  }
`);

/** A notice version with every purpose's text. */
export const noticeFieldsFragment = graphql(`
  fragment NoticeFields on NoticeVersion {
    id
    version
    publishedAt
    effectiveAt
    summary
    contentHash
    locale
    defaultLocale
    availableLocales
    purposes {
      purposeKey
      title
      description
      requiresReconsent
    }
  }
`);

/** All purposes, active first, retired ones too (public). */
export const purposesDocument = graphql(`
  query Purposes {
    purposes {
      ...PurposeFields
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

/** Every published notice version with its texts in one language (where a version has none in it: its default). */
export const noticeVersionsInDocument = graphql(`
  query NoticeVersionsIn($locale: String!) {
    noticeVersions(locale: $locale) {
      ...NoticeFields
    }
  }
`);

/** A purpose. */
export type PurposeItem = PurposeFieldsFragment;
/** A published notice version. */
export type Notice = NoticeFieldsFragment;

/** Query key of the purpose list; defining or retiring one invalidates it. */
export const purposesQueryKey = ['purposes'] as const;
/** Query key of the notice versions; publishing invalidates it. */
export const noticeVersionsQueryKey = ['noticeVersions'] as const;

/** All purposes. */
export function purposesQueryOptions(request: GraphQLRequest) {
  return queryOptions({
    queryKey: purposesQueryKey,
    queryFn: async () => (await request(purposesDocument)).purposes,
    staleTime: 60_000,
  });
}

/** Every notice version, newest first. */
export function noticeVersionsQueryOptions(request: GraphQLRequest) {
  return queryOptions({
    queryKey: noticeVersionsQueryKey,
    queryFn: async () => (await request(noticeVersionsDocument)).noticeVersions,
    staleTime: 60_000,
  });
}

/** The notice versions in one language; the draft editor reads the latest one's texts in each of its languages. */
export function noticeVersionsInQueryOptions(request: GraphQLRequest, locale: string) {
  return queryOptions({
    queryKey: [...noticeVersionsQueryKey, locale] as const,
    queryFn: async () => (await request(noticeVersionsInDocument, { locale })).noticeVersions,
    staleTime: 60_000,
  });
}

/** The purpose's text in one notice version, if that version describes it. */
export function purposeTextIn(notice: Notice | undefined, purposeKey: string) {
  return notice?.purposes.find((purpose) => purpose.purposeKey === purposeKey);
}
