/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ActorKind = 'ADMIN' | 'SERVICE' | 'SUBJECT' | 'SUPPORT' | 'SYSTEM';

/** Where the subject made the choice. */
export type Channel = 'API' | 'EMAIL' | 'MOBILE' | 'OFFLINE' | 'WEB';

/** 1.1: one decision of a recordChoices call. */
export type ChoiceInput = {
  /** GRANT, REFUSE or WITHDRAW. */
  action: ConsentAction;
  purposeKey: string | number;
};

/** 1.1: several decisions made at once (a banner's 'Accept all', 'Reject all' or 'Save choices'). */
export type ChoicesInput = {
  channel: Channel;
  /** At least one; each purpose at most once; only CONSENT purposes. */
  choices: Array<ChoiceInput>;
  evidence?: unknown;
  locale?: string | null | undefined;
  method: string;
  noticeVersionId?: string | number | null | undefined;
  occurredAt?: string | null | undefined;
  /** Omit for a SUBJECT token. */
  subjectId?: string | number | null | undefined;
};

export type ConsentAction =
  /** 1.1: a SYSTEM record appended by eraseSubject; it changes no purpose's status. */
  | 'ERASE'
  | 'GRANT'
  /** 1.1: asked and declined (e.g. 'Reject all'); never granted in between. */
  | 'REFUSE'
  | 'WITHDRAW';

export type ConsentInput = {
  channel: Channel;
  /** Required when a SERVICE, SUPPORT or ADMIN actor records on a subject's behalf. At most 16 KB. */
  evidence?: unknown;
  /** 1.1: BCP 47 tag of the notice text the subject saw; defaults to the locale the request's Accept-Language picks. */
  locale?: string | null | undefined;
  method: string;
  /** The notice version the subject saw; must exist. Defaults to the current one. */
  noticeVersionId?: string | number | null | undefined;
  /** Defaults to now. Only non-SUBJECT actors may set it (see the header). */
  occurredAt?: string | null | undefined;
  purposeKey: string | number;
  /** Omit for a SUBJECT token (its own subject); required otherwise. */
  subjectId?: string | number | null | undefined;
};

export type ConsentStatus =
  | 'GRANTED'
  /** The purpose rests on a legal basis other than consent; no consent is asked. */
  | 'NOT_APPLICABLE'
  /** Never asked, or asked and not answered: processing is not allowed. */
  | 'NOT_GIVEN'
  /** Granted under a notice version whose change to this purpose requires fresh consent. */
  | 'RECONSENT_REQUIRED'
  /** 1.1: asked and declined; processing is not allowed; not asked again unless a notice requires it. */
  | 'REFUSED'
  | 'WITHDRAWN';

/** The six lawful bases of GDPR Art. 6(1). Only CONSENT purposes take consent. */
export type LegalBasis =
  'CONSENT' | 'CONTRACT' | 'LEGAL_OBLIGATION' | 'LEGITIMATE_INTERESTS' | 'PUBLIC_TASK' | 'VITAL_INTERESTS';

export type Role = 'ADMIN' | 'SERVICE' | 'SUBJECT' | 'SUPPORT';

export type MyAccessLogQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;

export type MyAccessLogQuery = {
  myAccessLog: {
    endCursor: string | null;
    hasNextPage: boolean;
    entries: Array<{ at: string; operation: string; viewerKind: string; viewerRole: Role; viewerName: string | null }>;
  };
};

export type MeQueryVariables = Exact<{
  locale?: string | null | undefined;
}>;

export type MeQuery = {
  me: {
    subjectId: string;
    needsPrompt: boolean;
    currentNotice: {
      id: string;
      version: number;
      publishedAt: string;
      effectiveAt: string;
      summary: string;
      locale: string;
      availableLocales: Array<string>;
      purposes: Array<{ purposeKey: string; title: string; description: string; requiresReconsent: boolean }>;
    };
    purposes: Array<{
      status: ConsentStatus;
      needsPrompt: boolean;
      purpose: {
        key: string;
        title: string;
        description: string;
        legalBasis: LegalBasis;
        requiresConsent: boolean;
        active: boolean;
        gpcOptOut: boolean;
      };
      lastRecord: {
        id: string;
        purposeKey: string;
        action: ConsentAction;
        channel: Channel;
        method: string;
        occurredAt: string;
        noticeVersion: {
          id: string;
          version: number;
          purposes: Array<{ purposeKey: string; title: string; description: string }>;
        };
      } | null;
    }>;
  };
};

export type LastRecordFieldsFragment = {
  id: string;
  purposeKey: string;
  action: ConsentAction;
  channel: Channel;
  method: string;
  occurredAt: string;
  noticeVersion: {
    id: string;
    version: number;
    purposes: Array<{ purposeKey: string; title: string; description: string }>;
  };
};

export type GrantConsentMutationVariables = Exact<{
  input: ConsentInput;
}>;

export type GrantConsentMutation = {
  grantConsent: {
    id: string;
    purposeKey: string;
    action: ConsentAction;
    channel: Channel;
    method: string;
    occurredAt: string;
    noticeVersion: {
      id: string;
      version: number;
      purposes: Array<{ purposeKey: string; title: string; description: string }>;
    };
  };
};

export type WithdrawConsentMutationVariables = Exact<{
  input: ConsentInput;
}>;

export type WithdrawConsentMutation = {
  withdrawConsent: {
    id: string;
    purposeKey: string;
    action: ConsentAction;
    channel: Channel;
    method: string;
    occurredAt: string;
    noticeVersion: {
      id: string;
      version: number;
      purposes: Array<{ purposeKey: string; title: string; description: string }>;
    };
  };
};

export type RefuseConsentMutationVariables = Exact<{
  input: ConsentInput;
}>;

export type RefuseConsentMutation = {
  refuseConsent: {
    id: string;
    purposeKey: string;
    action: ConsentAction;
    channel: Channel;
    method: string;
    occurredAt: string;
    noticeVersion: {
      id: string;
      version: number;
      purposes: Array<{ purposeKey: string; title: string; description: string }>;
    };
  };
};

export type RecordChoicesMutationVariables = Exact<{
  input: ChoicesInput;
}>;

export type RecordChoicesMutation = {
  recordChoices: Array<{
    id: string;
    purposeKey: string;
    action: ConsentAction;
    channel: Channel;
    method: string;
    occurredAt: string;
    noticeVersion: {
      id: string;
      version: number;
      purposes: Array<{ purposeKey: string; title: string; description: string }>;
    };
  }>;
};

export type GpcSignalQueryVariables = Exact<{ [key: string]: never }>;

export type GpcSignalQuery = { gpcSignal: boolean };

export type ApplyGpcMutationVariables = Exact<{
  signal: string;
}>;

export type ApplyGpcMutation = {
  applyGpc: Array<{
    id: string;
    purposeKey: string;
    action: ConsentAction;
    channel: Channel;
    method: string;
    occurredAt: string;
    noticeVersion: {
      id: string;
      version: number;
      purposes: Array<{ purposeKey: string; title: string; description: string }>;
    };
  }>;
};

export type ExportHistoryQueryVariables = Exact<{
  subjectId: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;

export type ExportHistoryQuery = {
  consentHistory: {
    edges: Array<{
      node: {
        id: string;
        subjectId: string;
        purposeKey: string;
        action: ConsentAction;
        channel: Channel;
        method: string;
        evidence: unknown;
        occurredAt: string;
        recordedAt: string;
        hash: string;
        previousHash: string | null;
        actor: { kind: ActorKind; id: string | null };
        noticeVersion: { id: string; version: number };
      };
    }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

export type ConsentHistoryQueryVariables = Exact<{
  subjectId: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;

export type ConsentHistoryQuery = {
  consentHistory: {
    totalCount: number;
    edges: Array<{
      cursor: string;
      node: {
        id: string;
        purposeKey: string;
        action: ConsentAction;
        channel: Channel;
        method: string;
        occurredAt: string;
        locale: string | null;
        actor: { kind: ActorKind };
        noticeVersion: {
          id: string;
          version: number;
          locale: string;
          purposes: Array<{ purposeKey: string; title: string }>;
        };
      };
    }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

export type PurposeTitlesQueryVariables = Exact<{ [key: string]: never }>;

export type PurposeTitlesQuery = { purposes: Array<{ key: string; title: string }> };

export type ConsentReceiptQueryVariables = Exact<{
  recordId: string | number;
}>;

export type ConsentReceiptQuery = { consentReceipt: { recordId: string; jws: string; payload: unknown } };

export type NoticeFieldsFragment = {
  id: string;
  version: number;
  publishedAt: string;
  effectiveAt: string;
  summary: string;
  locale: string;
  availableLocales: Array<string>;
  purposes: Array<{ purposeKey: string; title: string; description: string; requiresReconsent: boolean }>;
};

export type NoticeVersionsQueryVariables = Exact<{
  locale?: string | null | undefined;
}>;

export type NoticeVersionsQuery = {
  noticeVersions: Array<{
    id: string;
    version: number;
    publishedAt: string;
    effectiveAt: string;
    summary: string;
    locale: string;
    availableLocales: Array<string>;
    purposes: Array<{ purposeKey: string; title: string; description: string; requiresReconsent: boolean }>;
  }>;
};

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const LastRecordFieldsFragmentDoc = new TypedDocumentString(
  `
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
    `,
  { fragmentName: 'LastRecordFields' },
) as unknown as TypedDocumentString<LastRecordFieldsFragment, unknown>;
export const NoticeFieldsFragmentDoc = new TypedDocumentString(
  `
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
    `,
  { fragmentName: 'NoticeFields' },
) as unknown as TypedDocumentString<NoticeFieldsFragment, unknown>;
export const MyAccessLogDocument = new TypedDocumentString(`
    query MyAccessLog($first: Int, $after: String) {
  myAccessLog(first: $first, after: $after) {
    entries {
      at
      operation
      viewerKind
      viewerRole
      viewerName
    }
    endCursor
    hasNextPage
  }
}
    `) as unknown as TypedDocumentString<MyAccessLogQuery, MyAccessLogQueryVariables>;
export const MeDocument = new TypedDocumentString(`
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
}`) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const GrantConsentDocument = new TypedDocumentString(`
    mutation GrantConsent($input: ConsentInput!) {
  grantConsent(input: $input) {
    ...LastRecordFields
  }
}
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
}`) as unknown as TypedDocumentString<GrantConsentMutation, GrantConsentMutationVariables>;
export const WithdrawConsentDocument = new TypedDocumentString(`
    mutation WithdrawConsent($input: ConsentInput!) {
  withdrawConsent(input: $input) {
    ...LastRecordFields
  }
}
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
}`) as unknown as TypedDocumentString<WithdrawConsentMutation, WithdrawConsentMutationVariables>;
export const RefuseConsentDocument = new TypedDocumentString(`
    mutation RefuseConsent($input: ConsentInput!) {
  refuseConsent(input: $input) {
    ...LastRecordFields
  }
}
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
}`) as unknown as TypedDocumentString<RefuseConsentMutation, RefuseConsentMutationVariables>;
export const RecordChoicesDocument = new TypedDocumentString(`
    mutation RecordChoices($input: ChoicesInput!) {
  recordChoices(input: $input) {
    ...LastRecordFields
  }
}
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
}`) as unknown as TypedDocumentString<RecordChoicesMutation, RecordChoicesMutationVariables>;
export const GpcSignalDocument = new TypedDocumentString(`
    query GpcSignal {
  gpcSignal
}
    `) as unknown as TypedDocumentString<GpcSignalQuery, GpcSignalQueryVariables>;
export const ApplyGpcDocument = new TypedDocumentString(`
    mutation ApplyGpc($signal: String!) {
  applyGpc(signal: $signal) {
    ...LastRecordFields
  }
}
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
}`) as unknown as TypedDocumentString<ApplyGpcMutation, ApplyGpcMutationVariables>;
export const ExportHistoryDocument = new TypedDocumentString(`
    query ExportHistory($subjectId: ID!, $first: Int, $after: String) {
  consentHistory(subjectId: $subjectId, first: $first, after: $after) {
    edges {
      node {
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
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<ExportHistoryQuery, ExportHistoryQueryVariables>;
export const ConsentHistoryDocument = new TypedDocumentString(`
    query ConsentHistory($subjectId: ID!, $first: Int, $after: String) {
  consentHistory(subjectId: $subjectId, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        purposeKey
        action
        channel
        method
        occurredAt
        actor {
          kind
        }
        locale
        noticeVersion {
          id
          version
          locale
          purposes {
            purposeKey
            title
          }
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    `) as unknown as TypedDocumentString<ConsentHistoryQuery, ConsentHistoryQueryVariables>;
export const PurposeTitlesDocument = new TypedDocumentString(`
    query PurposeTitles {
  purposes {
    key
    title
  }
}
    `) as unknown as TypedDocumentString<PurposeTitlesQuery, PurposeTitlesQueryVariables>;
export const ConsentReceiptDocument = new TypedDocumentString(`
    query ConsentReceipt($recordId: ID!) {
  consentReceipt(recordId: $recordId) {
    recordId
    jws
    payload
  }
}
    `) as unknown as TypedDocumentString<ConsentReceiptQuery, ConsentReceiptQueryVariables>;
export const NoticeVersionsDocument = new TypedDocumentString(`
    query NoticeVersions($locale: String) {
  noticeVersions(locale: $locale) {
    ...NoticeFields
  }
}
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
}`) as unknown as TypedDocumentString<NoticeVersionsQuery, NoticeVersionsQueryVariables>;
