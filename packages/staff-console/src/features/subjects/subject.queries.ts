import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type GraphQLRequest, useGraphQLClient } from '@assent/web-kit';
import { graphql } from '../../gql';
import type {
  ConsentInput,
  LedgerRecordFieldsFragment,
  SubjectConsentsQuery,
  SubjectDecisionsQuery,
  SubjectLedgerQuery,
} from '../../gql/graphql';

/** A subject's status for every active purpose under the current notice. */
export const subjectConsentsDocument = graphql(`
  query SubjectConsents($id: ID!) {
    subject(id: $id) {
      subjectId
      needsPrompt
      currentNotice {
        id
        version
      }
      purposes {
        status
        needsPrompt
        purpose {
          ...PurposeFields
        }
        lastRecord {
          id
          action
          channel
          occurredAt
          noticeVersion {
            id
            version
          }
        }
      }
    }
  }
`);

/** What a product team's decide call would answer, for many purposes at once (now, or at a past instant). */
export const subjectDecisionsDocument = graphql(`
  query SubjectDecisions($requests: [DecideInput!]!, $at: DateTime) {
    decideMany(requests: $requests, at: $at) {
      purposeKey
      allowed
      legalBasis
      reason
      at
      record {
        id
        action
        channel
        occurredAt
        noticeVersion {
          id
          version
        }
      }
    }
  }
`);

/** Every field of a ledger entry: the timeline and the exports show them all. */
export const ledgerRecordFieldsFragment = graphql(`
  fragment LedgerRecordFields on ConsentRecord {
    id
    subjectId
    purposeKey
    action
    channel
    method
    actor {
      kind
      id
    }
    evidence
    occurredAt
    recordedAt
    hash
    previousHash
    noticeVersion {
      id
      version
    }
  }
`);

/** One page of a subject's ledger, newest first. */
export const subjectLedgerDocument = graphql(`
  query SubjectLedger($subjectId: ID!, $purposeKey: ID, $first: Int, $after: String) {
    consentHistory(subjectId: $subjectId, purposeKey: $purposeKey, first: $first, after: $after) {
      edges {
        node {
          ...LedgerRecordFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

/** Recomputes this subject's hash chain. */
export const verifySubjectLedgerDocument = graphql(`
  query VerifySubjectLedger($subjectId: ID!) {
    verifyLedger(subjectId: $subjectId) {
      ok
      recordsChecked
      firstBrokenRecordId
    }
  }
`);

/** Records a grant on the subject's behalf. */
export const recordGrantDocument = graphql(`
  mutation RecordGrant($input: ConsentInput!) {
    grantConsent(input: $input) {
      ...LedgerRecordFields
    }
  }
`);

/** Records a withdrawal on the subject's behalf. */
export const recordWithdrawalDocument = graphql(`
  mutation RecordWithdrawal($input: ConsentInput!) {
    withdrawConsent(input: $input) {
      ...LedgerRecordFields
    }
  }
`);

/** Records, on the subject's behalf, that they were asked and said no. */
export const recordRefusalDocument = graphql(`
  mutation RecordRefusal($input: ConsentInput!) {
    refuseConsent(input: $input) {
      ...LedgerRecordFields
    }
  }
`);

/** A subject's consents. */
export type SubjectConsents = SubjectConsentsQuery['subject'];
/** One purpose's status for the subject. */
export type PurposeStatusItem = SubjectConsents['purposes'][number];
/** One decision. */
export type Decision = SubjectDecisionsQuery['decideMany'][number];
/** One ledger entry, every field. */
export type LedgerRecord = LedgerRecordFieldsFragment;

/** Entries per page of the timeline. */
export const TIMELINE_PAGE_SIZE = 50;
/** The largest page the API serves (consentHistory's `first` is 1..200): used by the exports. */
export const EXPORT_PAGE_SIZE = 200;

/** Everything cached about one subject starts with this; a new ledger entry invalidates it all. */
/** Key of everything cached about every subject (dropped when a notice changes every status). */
export const allSubjectsKey = ['subject'] as const;
export const subjectKey = (subjectId: string) => [...allSubjectsKey, subjectId] as const;

/** The subject's status per purpose. */
export function subjectConsentsQueryOptions(request: GraphQLRequest, subjectId: string) {
  return queryOptions({
    queryKey: [...subjectKey(subjectId), 'consents'] as const,
    queryFn: async () => (await request(subjectConsentsDocument, { id: subjectId })).subject,
  });
}

/** Decisions for these purposes, now (at omitted) or as of `at`. */
export function subjectDecisionsQueryOptions(
  request: GraphQLRequest,
  subjectId: string,
  purposeKeys: readonly string[],
  at?: string,
) {
  return queryOptions({
    queryKey: [...subjectKey(subjectId), 'decisions', at ?? 'now', purposeKeys] as const,
    queryFn: async () =>
      (
        await request(subjectDecisionsDocument, {
          requests: purposeKeys.map((purposeKey) => ({ subjectId, purposeKey })),
          at,
        })
      ).decideMany,
    enabled: purposeKeys.length > 0,
  });
}

/** The subject's ledger page by page, optionally for one purpose. */
export function subjectLedgerQueryOptions(request: GraphQLRequest, subjectId: string, purposeKey: string | null) {
  return infiniteQueryOptions({
    queryKey: [...subjectKey(subjectId), 'ledger', purposeKey] as const,
    queryFn: ({ pageParam }) =>
      request(subjectLedgerDocument, { subjectId, purposeKey, first: TIMELINE_PAGE_SIZE, after: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => {
      const { hasNextPage, endCursor } = last.consentHistory.pageInfo;
      return hasNextPage && endCursor ? endCursor : undefined;
    },
  });
}

/** The subject's hash-chain check. */
export function verifySubjectLedgerQueryOptions(request: GraphQLRequest, subjectId: string) {
  return queryOptions({
    queryKey: [...subjectKey(subjectId), 'verify'] as const,
    queryFn: async () => (await request(verifySubjectLedgerDocument, { subjectId })).verifyLedger,
  });
}

/** Every ledger entry of the subject, all pages, newest first. */
export async function fetchWholeLedger(request: GraphQLRequest, subjectId: string): Promise<LedgerRecord[]> {
  const records: LedgerRecord[] = [];
  let after: string | null = null;
  do {
    const page: SubjectLedgerQuery = await request(subjectLedgerDocument, {
      subjectId,
      purposeKey: null,
      first: EXPORT_PAGE_SIZE,
      after,
    });
    records.push(...page.consentHistory.edges.map((edge) => edge.node));
    const { hasNextPage, endCursor } = page.consentHistory.pageInfo;
    after = hasNextPage ? (endCursor ?? null) : null;
  } while (after);
  return records;
}

/** One consent given, refused or withdrawn on the subject's behalf. */
export interface OnBehalfRecord {
  action: 'GRANT' | 'WITHDRAW' | 'REFUSE';
  input: ConsentInput;
}

/** Appends a ledger entry on the subject's behalf; afterwards everything shown about the subject is fetched again. */
export function useRecordOnBehalf(subjectId: string) {
  const request = useGraphQLClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ action, input }: OnBehalfRecord): Promise<LedgerRecord> => {
      switch (action) {
        case 'GRANT':
          return (await request(recordGrantDocument, { input })).grantConsent;
        case 'REFUSE':
          return (await request(recordRefusalDocument, { input })).refuseConsent;
        case 'WITHDRAW':
          return (await request(recordWithdrawalDocument, { input })).withdrawConsent;
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: subjectKey(subjectId) }),
  });
}

/** Crypto-shreds the subject (ADMIN): the identifier and evidence of every entry become unreadable for good. */
export const eraseSubjectDocument = graphql(`
  mutation EraseSubject($subjectId: ID!, $reason: String!) {
    eraseSubject(subjectId: $subjectId, reason: $reason) {
      subjectId
      recordsShredded
      record {
        id
        recordedAt
      }
    }
  }
`);

/** Erases the subject; afterwards everything shown about it is fetched again. */
export function useEraseSubject(subjectId: string) {
  const request = useGraphQLClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (reason: string) => (await request(eraseSubjectDocument, { subjectId, reason })).eraseSubject,
    onSettled: () => queryClient.invalidateQueries({ queryKey: subjectKey(subjectId) }),
  });
}
