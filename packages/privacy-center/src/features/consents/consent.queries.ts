import { queryOptions, useMutation, useMutationState, useQueryClient } from '@tanstack/react-query';
import { type GraphQLRequest, useGraphQLClient } from '@assent/web-kit';
import { graphql } from '../../gql';
import type { LastRecordFieldsFragment, MeQuery } from '../../gql/graphql';
import { consentHistoryQueryKey } from '../history/history.queries';

/** Everything the page needs about the signed-in subject, in one request. */
export const meDocument = graphql(`
  query Me {
    me {
      subjectId
      needsPrompt
      currentNotice {
        ...NoticeFields
      }
      purposes {
        status
        needsPrompt
        purpose {
          key
          title
          description
          legalBasis
          requiresConsent
          active
        }
        lastRecord {
          ...LastRecordFields
        }
      }
    }
  }
`);

/** The fields a toggle needs from the ledger entry that set its status. */
export const lastRecordFieldsFragment = graphql(`
  fragment LastRecordFields on ConsentRecord {
    id
    purposeKey
    action
    channel
    method
    occurredAt
    noticeVersion {
      id
      version
      purposes {
        purposeKey
        title
        description
      }
    }
  }
`);

/** Records a grant for the token's own subject. */
export const grantConsentDocument = graphql(`
  mutation GrantConsent($input: ConsentInput!) {
    grantConsent(input: $input) {
      ...LastRecordFields
    }
  }
`);

/** Records a withdrawal for the token's own subject: as easy as granting. */
export const withdrawConsentDocument = graphql(`
  mutation WithdrawConsent($input: ConsentInput!) {
    withdrawConsent(input: $input) {
      ...LastRecordFields
    }
  }
`);

/** The signed-in subject's consents, as the page shows them. */
export type Me = MeQuery['me'];
/** One purpose with the subject's status for it. */
export type PurposeConsentItem = Me['purposes'][number];

/** Query key of `me`; mutations update and invalidate it. */
export const meQueryKey = ['me'] as const;

/** `me`: the subject's notice, purposes and statuses. */
export function meQueryOptions(request: GraphQLRequest) {
  return queryOptions({ queryKey: meQueryKey, queryFn: () => request(meDocument) });
}

/** Which UI element captured a choice, recorded as the ledger entry's `method`. */
export type ChoiceMethod = 'privacy-center/toggle' | 'privacy-center/prompt';

/** One click's worth of decision: grant or withdraw one purpose under the notice shown. */
export interface ConsentChoice {
  purposeKey: string;
  allow: boolean;
  /** The id of the notice version the person was shown when choosing. */
  noticeVersionId: string;
  method: ChoiceMethod;
}

const setConsentKey = ['setConsent'] as const;

/** Returns `me` with one purpose set to the chosen status, as the server will once it agrees. */
function withChoice(me: MeQuery | undefined, choice: ConsentChoice, record?: LastRecordFieldsFragment): MeQuery | undefined {
  if (!me) return me;
  const purposes = me.me.purposes.map((item) =>
    item.purpose.key === choice.purposeKey
      ? { ...item, status: choice.allow ? ('GRANTED' as const) : ('WITHDRAWN' as const), needsPrompt: false, lastRecord: record ?? item.lastRecord }
      : item,
  );
  return { me: { ...me.me, purposes, needsPrompt: purposes.some((item) => item.needsPrompt) } };
}

/**
 * Grants or withdraws at once (no confirmation), showing the new state before
 * the server answers and putting the old one back if it refuses.
 */
export function useSetConsent() {
  const request = useGraphQLClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: setConsentKey,
    mutationFn: async (choice: ConsentChoice) => {
      const input = { purposeKey: choice.purposeKey, channel: 'WEB' as const, method: choice.method, noticeVersionId: choice.noticeVersionId };
      return choice.allow
        ? (await request(grantConsentDocument, { input })).grantConsent
        : (await request(withdrawConsentDocument, { input })).withdrawConsent;
    },
    onMutate: async (choice) => {
      await queryClient.cancelQueries({ queryKey: meQueryKey });
      const previous = queryClient.getQueryData<MeQuery>(meQueryKey)?.me.purposes.find((item) => item.purpose.key === choice.purposeKey);
      queryClient.setQueryData<MeQuery>(meQueryKey, (me) => withChoice(me, choice));
      return { previous };
    },
    onError: (_error, choice, context) => {
      const previous = context?.previous;
      if (!previous) return;
      // Put back only this purpose, so a concurrent change to another one survives.
      queryClient.setQueryData<MeQuery>(meQueryKey, (me) =>
        me && {
          me: {
            ...me.me,
            purposes: me.me.purposes.map((item) => (item.purpose.key === choice.purposeKey ? previous : item)),
            needsPrompt: me.me.purposes.some((item) => (item.purpose.key === choice.purposeKey ? previous.needsPrompt : item.needsPrompt)),
          },
        },
      );
    },
    onSuccess: (record, choice) => {
      queryClient.setQueryData<MeQuery>(meQueryKey, (me) => withChoice(me, choice, record));
    },
    onSettled: () => {
      // The server is the judge of status and prompts; the history gained an entry.
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
      void queryClient.invalidateQueries({ queryKey: consentHistoryQueryKey() });
    },
  });
}

/** Purpose keys whose grant or withdrawal is on its way to the server. */
export function usePendingConsentKeys(): ReadonlySet<string> {
  const keys = useMutationState({
    filters: { mutationKey: setConsentKey, status: 'pending' },
    select: (mutation) => (mutation.state.variables as ConsentChoice | undefined)?.purposeKey,
  });
  return new Set(keys.filter((key): key is string => key !== undefined));
}
