import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { GraphQLRequest } from '@assent/web-kit';
import { graphql } from '../../gql';
import type { NoticeReadabilityQuery, PublishNoticeInput } from '../../gql/graphql';

/** How plain each text of a draft is: the score, whether publishNotice would accept it, and why not. */
export const noticeReadabilityDocument = graphql(`
  query NoticeReadability($input: PublishNoticeInput!) {
    noticeReadability(input: $input) {
      purposeKey
      locale
      field
      score
      ok
      issues
    }
  }
`);

/** One text's result. */
export type TextReadabilityItem = NoticeReadabilityQuery['noticeReadability'][number];

/** The readability of a draft; the last answer stays on screen while the admin types on. */
export const noticeReadabilityQueryOptions = (request: GraphQLRequest, input: PublishNoticeInput) =>
  queryOptions({
    queryKey: ['noticeReadability', input] as const,
    queryFn: () => request(noticeReadabilityDocument, { input }),
    select: (d) => d.noticeReadability,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
