import { type QueryClient, queryOptions, useMutation, useMutationState, useQueryClient } from '@tanstack/react-query';
import { type GraphQLRequest, useGraphQLClient } from '@assent/web-kit';
import { graphql } from '../../gql';
import type { ConsentAction, ConsentStatus, LastRecordFieldsFragment, MeQuery } from '../../gql/graphql';
import { requestedNoticeLocale } from '../../i18n/notice-locale';
import { consentHistoryQueryKey } from '../history/history.queries';

/** Everything the page needs about the signed-in subject, in one request. */
export const meDocument = graphql(`
  query Me($locale: String) {
    me(locale: $locale) {
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
          gpcOptOut
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

/** Records that the subject was asked and said no (never granted in between). */
export const refuseConsentDocument = graphql(`
  mutation RefuseConsent($input: ConsentInput!) {
    refuseConsent(input: $input) {
      ...LastRecordFields
    }
  }
`);

/** Several decisions in one atomic call: "Accept all" and "Reject all". */
export const recordChoicesDocument = graphql(`
  mutation RecordChoices($input: ChoicesInput!) {
    recordChoices(input: $input) {
      ...LastRecordFields
    }
  }
`);

/** Public: whether this request carried Sec-GPC: 1 (the page cannot read request headers itself). */
export const gpcSignalDocument = graphql(`
  query GpcSignal {
    gpcSignal
  }
`);

/** Records the Global Privacy Control opt-out for the token's subject; returns the records made (often none). */
export const applyGpcDocument = graphql(`
  mutation ApplyGpc($signal: String!) {
    applyGpc(signal: $signal) {
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

/**
 * `me`: the subject's notice, purposes and statuses, in the language chosen or the browser's (read at each fetch, so
 * choosing a language refetches under the same key and the optimistic updates keep working).
 */
export function meQueryOptions(request: GraphQLRequest) {
  return queryOptions({
    queryKey: meQueryKey,
    queryFn: () => request(meDocument, { locale: requestedNoticeLocale() }),
  });
}

/** The language of the notice texts on screen: what every decision records as the locale the person saw. */
function shownLocale(queryClient: QueryClient): string | undefined {
  return queryClient.getQueryData<MeQuery>(meQueryKey)?.me.currentNotice.locale;
}

/** Whether this request reached the server with Sec-GPC: 1; asked once per page load. */
export function gpcSignalQueryOptions(request: GraphQLRequest) {
  return queryOptions({
    queryKey: ['gpcSignal'] as const,
    queryFn: async () => (await request(gpcSignalDocument)).gpcSignal,
    staleTime: Infinity,
  });
}

/** Which UI element captured a choice, recorded as the ledger entry's `method`. */
export type ChoiceMethod = 'privacy-center/toggle' | 'privacy-center/say-no' | 'privacy-center/prompt';

/** Which element recorded several choices at once. */
export type ChoicesMethod = 'privacy-center/accept-all' | 'privacy-center/reject-all' | 'privacy-center/withdraw-all';

/** What a person can decide about one consent purpose. */
export type ConsentDecision = 'GRANT' | 'REFUSE' | 'WITHDRAW';

/** The status a decision leads to, as the server will derive it. */
const STATUS_AFTER = { GRANT: 'GRANTED', REFUSE: 'REFUSED', WITHDRAW: 'WITHDRAWN' } as const satisfies Record<
  ConsentDecision,
  ConsentStatus
>;

/**
 * How "no" is recorded for a purpose: taking back a grant is a withdrawal; a
 * "no" to something never granted (or not granted since the last "no") is a refusal.
 */
export function declineAction(status: ConsentStatus): ConsentDecision {
  return status === 'GRANTED' || status === 'RECONSENT_REQUIRED' ? 'WITHDRAW' : 'REFUSE';
}

/**
 * A first visit: the server wants the person asked, and no consent purpose has
 * a decision on record yet (so there is nothing to "re-" consent to).
 */
export function isFirstVisit(me: Me): boolean {
  return (
    me.needsPrompt &&
    me.purposes.every(
      (item) => !item.purpose.requiresConsent || !item.lastRecord || !isDecision(item.lastRecord.action),
    )
  );
}

function isDecision(action: ConsentAction): boolean {
  return action === 'GRANT' || action === 'REFUSE' || action === 'WITHDRAW';
}

/** One click's worth of decision about one purpose under the notice shown. */
export interface ConsentChoice {
  purposeKey: string;
  action: ConsentDecision;
  /** The id of the notice version the person was shown when choosing. */
  noticeVersionId: string;
  method: ChoiceMethod;
}

/** Several decisions made with one button ("Accept all", "Reject all"), recorded all or nothing. */
export interface ConsentChoices {
  choices: { purposeKey: string; action: ConsentDecision }[];
  noticeVersionId: string;
  method: ChoicesMethod;
}

const setConsentKey = ['setConsent'] as const;
const recordChoicesKey = ['recordChoices'] as const;

/** `me` with these purposes set to the status their decisions lead to, as the server will once it agrees. */
function withDecisions(
  me: MeQuery | undefined,
  decisions: ReadonlyMap<string, { action: ConsentDecision; record?: LastRecordFieldsFragment }>,
): MeQuery | undefined {
  if (!me) return me;
  const purposes = me.me.purposes.map((item) => {
    const decision = decisions.get(item.purpose.key);
    return decision
      ? {
          ...item,
          status: STATUS_AFTER[decision.action],
          needsPrompt: false,
          lastRecord: decision.record ?? item.lastRecord,
        }
      : item;
  });
  return { me: { ...me.me, purposes, needsPrompt: purposes.some((item) => item.needsPrompt) } };
}

/** `me` with these purposes put back as they were, leaving every other purpose as it is now. */
function withPrevious(me: MeQuery | undefined, previous: readonly PurposeConsentItem[]): MeQuery | undefined {
  if (!me || previous.length === 0) return me;
  const byKey = new Map(previous.map((item) => [item.purpose.key, item]));
  const purposes = me.me.purposes.map((item) => byKey.get(item.purpose.key) ?? item);
  return { me: { ...me.me, purposes, needsPrompt: purposes.some((item) => item.needsPrompt) } };
}

/** Shows the decisions at once; returns the purposes as they were, for a rollback of just those. */
async function applyOptimistically(
  queryClient: QueryClient,
  decisions: ReadonlyMap<string, { action: ConsentDecision }>,
) {
  await queryClient.cancelQueries({ queryKey: meQueryKey });
  const previous = (queryClient.getQueryData<MeQuery>(meQueryKey)?.me.purposes ?? []).filter((item) =>
    decisions.has(item.purpose.key),
  );
  queryClient.setQueryData<MeQuery>(meQueryKey, (me) => withDecisions(me, decisions));
  return { previous };
}

/** After any decision: the server is the judge of status and prompts, and the history gained entries. */
function refreshAfterDecision(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: meQueryKey });
  void queryClient.invalidateQueries({ queryKey: consentHistoryQueryKey() });
}

/**
 * Grants, refuses or withdraws at once (no confirmation), showing the new
 * state before the server answers and putting the old one back if it refuses.
 */
export function useSetConsent() {
  const request = useGraphQLClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: setConsentKey,
    mutationFn: async (choice: ConsentChoice) => {
      const input = {
        purposeKey: choice.purposeKey,
        channel: 'WEB' as const,
        method: choice.method,
        noticeVersionId: choice.noticeVersionId,
        locale: shownLocale(queryClient),
      };
      switch (choice.action) {
        case 'GRANT':
          return (await request(grantConsentDocument, { input })).grantConsent;
        case 'REFUSE':
          return (await request(refuseConsentDocument, { input })).refuseConsent;
        case 'WITHDRAW':
          return (await request(withdrawConsentDocument, { input })).withdrawConsent;
      }
    },
    onMutate: (choice) => applyOptimistically(queryClient, new Map([[choice.purposeKey, choice]])),
    // Put back only this purpose, so a concurrent change to another one survives.
    onError: (_error, _choice, context) =>
      queryClient.setQueryData<MeQuery>(meQueryKey, (me) => withPrevious(me, context?.previous ?? [])),
    onSuccess: (record, choice) =>
      queryClient.setQueryData<MeQuery>(meQueryKey, (me) =>
        withDecisions(me, new Map([[choice.purposeKey, { action: choice.action, record }]])),
      ),
    onSettled: () => refreshAfterDecision(queryClient),
  });
}

/** "Accept all" / "Reject all": one recordChoices call, all or nothing, shown at once and rolled back as a whole. */
export function useRecordChoices() {
  const request = useGraphQLClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: recordChoicesKey,
    mutationFn: async ({ choices, noticeVersionId, method }: ConsentChoices) =>
      (
        await request(recordChoicesDocument, {
          input: { channel: 'WEB', method, noticeVersionId, choices, locale: shownLocale(queryClient) },
        })
      ).recordChoices,
    onMutate: ({ choices }) =>
      applyOptimistically(queryClient, new Map(choices.map((choice) => [choice.purposeKey, choice]))),
    onError: (_error, _choices, context) =>
      queryClient.setQueryData<MeQuery>(meQueryKey, (me) => withPrevious(me, context?.previous ?? [])),
    onSuccess: (records, { choices }) => {
      const recordOf = new Map(records.map((record) => [record.purposeKey, record]));
      queryClient.setQueryData<MeQuery>(meQueryKey, (me) =>
        withDecisions(
          me,
          new Map(
            choices.map((choice) => [
              choice.purposeKey,
              { action: choice.action, record: recordOf.get(choice.purposeKey) },
            ]),
          ),
        ),
      );
    },
    onSettled: () => refreshAfterDecision(queryClient),
  });
}

/** Purpose keys whose decision is on its way to the server (one at a time, or with "Accept all"/"Reject all"). */
export function usePendingConsentKeys(): ReadonlySet<string> {
  const single = useMutationState({
    filters: { mutationKey: setConsentKey, status: 'pending' },
    select: (mutation) => [(mutation.state.variables as ConsentChoice | undefined)?.purposeKey],
  });
  const several = useMutationState({
    filters: { mutationKey: recordChoicesKey, status: 'pending' },
    select: (mutation) =>
      (mutation.state.variables as ConsentChoices | undefined)?.choices.map((choice) => choice.purposeKey) ?? [],
  });
  return new Set([...single, ...several].flat().filter((key): key is string => key !== undefined));
}

/** Which Global Privacy Control signal this page load carries, if any: the browser's own flag first, then the header the server saw. */
export type GpcSignal = 'navigator.globalPrivacyControl' | 'Sec-GPC';

/** Mutation key of applyGpc, so the page can tell whether this load has recorded the signal already. */
export const applyGpcKey = ['applyGpc'] as const;

/** Records the GPC opt-out (applyGpc); when it made records, the page shows them. */
export function useApplyGpc() {
  const request = useGraphQLClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: applyGpcKey,
    mutationFn: async (signal: GpcSignal) => (await request(applyGpcDocument, { signal })).applyGpc,
    onSuccess: (records) => {
      if (records.length > 0) refreshAfterDecision(queryClient);
    },
  });
}
