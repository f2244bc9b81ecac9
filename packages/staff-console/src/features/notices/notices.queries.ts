import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useGraphQLClient } from '@assent/web-kit';
import { graphql } from '../../gql';
import type { PublishNoticeInput } from '../../gql/graphql';
import { noticeVersionsQueryKey } from '../catalog/catalog.queries';
import { allSubjectsKey } from '../subjects/subject.queries';

/** Publishes notice version N+1 (ADMIN). */
export const publishNoticeDocument = graphql(`
  mutation PublishNotice($input: PublishNoticeInput!) {
    publishNotice(input: $input) {
      ...NoticeFields
    }
  }
`);

/** publishNotice; every subject's status may change with it, so all cached subject data is dropped. */
export function usePublishNotice() {
  const request = useGraphQLClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: PublishNoticeInput) => (await request(publishNoticeDocument, { input })).publishNotice,
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: allSubjectsKey });
      await queryClient.invalidateQueries({ queryKey: noticeVersionsQueryKey });
    },
  });
}
