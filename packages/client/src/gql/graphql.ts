/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ActorKind =
  | 'ADMIN'
  | 'SERVICE'
  | 'SUBJECT'
  | 'SUPPORT'
  | 'SYSTEM';

/** Where the subject made the choice. */
export type Channel =
  | 'API'
  | 'EMAIL'
  | 'MOBILE'
  | 'OFFLINE'
  | 'WEB';

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

export type DecideInput = {
  purposeKey: string | number;
  subjectId: string | number;
};

export type DecisionReason =
  | 'CONSENT_GRANTED'
  /** 1.1 */
  | 'CONSENT_REFUSED'
  | 'CONSENT_WITHDRAWN'
  | 'NO_CONSENT'
  /** Processing rests on a basis other than consent (see legalBasis). */
  | 'OTHER_LEGAL_BASIS'
  | 'PURPOSE_INACTIVE'
  | 'RECONSENT_REQUIRED'
  /** 1.1: the subject was erased (eraseSubject). */
  | 'SUBJECT_ERASED';

/** 1.1: one row of a bulk import of consents recorded elsewhere. */
export type ImportRecordInput = {
  /** GRANT, REFUSE or WITHDRAW. */
  action: ConsentAction;
  channel: Channel;
  evidence: unknown;
  /** Idempotency key: a row whose importId was imported before is skipped. */
  importId: string | number;
  locale?: string | null | undefined;
  method: string;
  /** Defaults to the notice version in force at occurredAt. */
  noticeVersionId?: string | number | null | undefined;
  occurredAt: string;
  purposeKey: string | number;
  subjectId: string | number;
};

/** The six lawful bases of GDPR Art. 6(1). Only CONSENT purposes take consent. */
export type LegalBasis =
  | 'CONSENT'
  | 'CONTRACT'
  | 'LEGAL_OBLIGATION'
  | 'LEGITIMATE_INTERESTS'
  | 'PUBLIC_TASK'
  | 'VITAL_INTERESTS';

export type ConsentRecordFieldsFragment = { id: string, subjectId: string, purposeKey: string, action: ConsentAction, channel: Channel, method: string, evidence: unknown, occurredAt: string, recordedAt: string, hash: string, previousHash: string | null, locale: string | null, actor: { kind: ActorKind, id: string | null }, noticeVersion: { id: string, version: number } };

export type GrantConsentMutationVariables = Exact<{
  input: ConsentInput;
}>;


export type GrantConsentMutation = { grantConsent: { id: string, subjectId: string, purposeKey: string, action: ConsentAction, channel: Channel, method: string, evidence: unknown, occurredAt: string, recordedAt: string, hash: string, previousHash: string | null, locale: string | null, actor: { kind: ActorKind, id: string | null }, noticeVersion: { id: string, version: number } } };

export type WithdrawConsentMutationVariables = Exact<{
  input: ConsentInput;
}>;


export type WithdrawConsentMutation = { withdrawConsent: { id: string, subjectId: string, purposeKey: string, action: ConsentAction, channel: Channel, method: string, evidence: unknown, occurredAt: string, recordedAt: string, hash: string, previousHash: string | null, locale: string | null, actor: { kind: ActorKind, id: string | null }, noticeVersion: { id: string, version: number } } };

export type RefuseConsentMutationVariables = Exact<{
  input: ConsentInput;
}>;


export type RefuseConsentMutation = { refuseConsent: { id: string, subjectId: string, purposeKey: string, action: ConsentAction, channel: Channel, method: string, evidence: unknown, occurredAt: string, recordedAt: string, hash: string, previousHash: string | null, locale: string | null, actor: { kind: ActorKind, id: string | null }, noticeVersion: { id: string, version: number } } };

export type RecordChoicesMutationVariables = Exact<{
  input: ChoicesInput;
}>;


export type RecordChoicesMutation = { recordChoices: Array<{ id: string, subjectId: string, purposeKey: string, action: ConsentAction, channel: Channel, method: string, evidence: unknown, occurredAt: string, recordedAt: string, hash: string, previousHash: string | null, locale: string | null, actor: { kind: ActorKind, id: string | null }, noticeVersion: { id: string, version: number } }> };

export type ImportConsentsMutationVariables = Exact<{
  records: Array<ImportRecordInput> | ImportRecordInput;
}>;


export type ImportConsentsMutation = { importConsents: { imported: number, duplicates: number } };

export type IssueSubjectTokenMutationVariables = Exact<{
  subjectId: string | number;
  ttlSeconds?: number | null | undefined;
}>;


export type IssueSubjectTokenMutation = { issueSubjectToken: { token: string, expiresAt: string } };

export type IssueUnsubscribeLinkMutationVariables = Exact<{
  subjectId: string | number;
  purposeKey: string | number;
}>;


export type IssueUnsubscribeLinkMutation = { issueUnsubscribeLink: { url: string, listUnsubscribe: string, listUnsubscribePost: string } };

export type DecisionFieldsFragment = { subjectId: string, purposeKey: string, allowed: boolean, legalBasis: LegalBasis, reason: DecisionReason, at: string, record: { id: string } | null };

export type DecideQueryVariables = Exact<{
  subjectId: string | number;
  purposeKey: string | number;
  at?: string | null | undefined;
}>;


export type DecideQuery = { decide: { subjectId: string, purposeKey: string, allowed: boolean, legalBasis: LegalBasis, reason: DecisionReason, at: string, record: { id: string } | null } };

export type DecideManyQueryVariables = Exact<{
  requests: Array<DecideInput> | DecideInput;
  at?: string | null | undefined;
}>;


export type DecideManyQuery = { decideMany: Array<{ subjectId: string, purposeKey: string, allowed: boolean, legalBasis: LegalBasis, reason: DecisionReason, at: string, record: { id: string } | null }> };

export type ConsentSnapshotQueryVariables = Exact<{
  purposeKeys: Array<string | number> | string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsentSnapshotQuery = { consentSnapshot: { endCursor: string | null, hasNextPage: boolean, streamSequence: number, outboxSeq: number, rows: Array<{ subjectId: string, purposeKey: string, status: ConsentStatus, occurredAt: string }> } };

export type DeciderSetupQueryVariables = Exact<{ [key: string]: never; }>;


export type DeciderSetupQuery = { purposes: Array<{ key: string, legalBasis: LegalBasis, active: boolean }>, noticeVersions: Array<{ version: number, publishedAt: string, effectiveAt: string, purposes: Array<{ purposeKey: string, requiresReconsent: boolean }> }> };

export type ConsentStreamSubscriptionVariables = Exact<{
  purposeKeys: Array<string | number> | string | number;
  after: number;
}>;


export type ConsentStreamSubscription = { consentStream: { outboxSeq: number, readAt: string | null, sentAt: string, clientTime: number | null, record: { subjectId: string, purposeKey: string, action: ConsentAction, occurredAt: string, recordedAt: string, noticeVersion: { version: number } } | null } };

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
export const ConsentRecordFieldsFragmentDoc = new TypedDocumentString(`
    fragment ConsentRecordFields on ConsentRecord {
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
  locale
  noticeVersion {
    id
    version
  }
}
    `, {"fragmentName":"ConsentRecordFields"}) as unknown as TypedDocumentString<ConsentRecordFieldsFragment, unknown>;
export const DecisionFieldsFragmentDoc = new TypedDocumentString(`
    fragment DecisionFields on Decision {
  subjectId
  purposeKey
  allowed
  legalBasis
  reason
  at
  record {
    id
  }
}
    `, {"fragmentName":"DecisionFields"}) as unknown as TypedDocumentString<DecisionFieldsFragment, unknown>;
export const GrantConsentDocument = new TypedDocumentString(`
    mutation GrantConsent($input: ConsentInput!) {
  grantConsent(input: $input) {
    ...ConsentRecordFields
  }
}
    fragment ConsentRecordFields on ConsentRecord {
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
  locale
  noticeVersion {
    id
    version
  }
}`) as unknown as TypedDocumentString<GrantConsentMutation, GrantConsentMutationVariables>;
export const WithdrawConsentDocument = new TypedDocumentString(`
    mutation WithdrawConsent($input: ConsentInput!) {
  withdrawConsent(input: $input) {
    ...ConsentRecordFields
  }
}
    fragment ConsentRecordFields on ConsentRecord {
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
  locale
  noticeVersion {
    id
    version
  }
}`) as unknown as TypedDocumentString<WithdrawConsentMutation, WithdrawConsentMutationVariables>;
export const RefuseConsentDocument = new TypedDocumentString(`
    mutation RefuseConsent($input: ConsentInput!) {
  refuseConsent(input: $input) {
    ...ConsentRecordFields
  }
}
    fragment ConsentRecordFields on ConsentRecord {
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
  locale
  noticeVersion {
    id
    version
  }
}`) as unknown as TypedDocumentString<RefuseConsentMutation, RefuseConsentMutationVariables>;
export const RecordChoicesDocument = new TypedDocumentString(`
    mutation RecordChoices($input: ChoicesInput!) {
  recordChoices(input: $input) {
    ...ConsentRecordFields
  }
}
    fragment ConsentRecordFields on ConsentRecord {
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
  locale
  noticeVersion {
    id
    version
  }
}`) as unknown as TypedDocumentString<RecordChoicesMutation, RecordChoicesMutationVariables>;
export const ImportConsentsDocument = new TypedDocumentString(`
    mutation ImportConsents($records: [ImportRecordInput!]!) {
  importConsents(records: $records) {
    imported
    duplicates
  }
}
    `) as unknown as TypedDocumentString<ImportConsentsMutation, ImportConsentsMutationVariables>;
export const IssueSubjectTokenDocument = new TypedDocumentString(`
    mutation IssueSubjectToken($subjectId: ID!, $ttlSeconds: Int) {
  issueSubjectToken(subjectId: $subjectId, ttlSeconds: $ttlSeconds) {
    token
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<IssueSubjectTokenMutation, IssueSubjectTokenMutationVariables>;
export const IssueUnsubscribeLinkDocument = new TypedDocumentString(`
    mutation IssueUnsubscribeLink($subjectId: ID!, $purposeKey: ID!) {
  issueUnsubscribeLink(subjectId: $subjectId, purposeKey: $purposeKey) {
    url
    listUnsubscribe
    listUnsubscribePost
  }
}
    `) as unknown as TypedDocumentString<IssueUnsubscribeLinkMutation, IssueUnsubscribeLinkMutationVariables>;
export const DecideDocument = new TypedDocumentString(`
    query Decide($subjectId: ID!, $purposeKey: ID!, $at: DateTime) {
  decide(subjectId: $subjectId, purposeKey: $purposeKey, at: $at) {
    ...DecisionFields
  }
}
    fragment DecisionFields on Decision {
  subjectId
  purposeKey
  allowed
  legalBasis
  reason
  at
  record {
    id
  }
}`) as unknown as TypedDocumentString<DecideQuery, DecideQueryVariables>;
export const DecideManyDocument = new TypedDocumentString(`
    query DecideMany($requests: [DecideInput!]!, $at: DateTime) {
  decideMany(requests: $requests, at: $at) {
    ...DecisionFields
  }
}
    fragment DecisionFields on Decision {
  subjectId
  purposeKey
  allowed
  legalBasis
  reason
  at
  record {
    id
  }
}`) as unknown as TypedDocumentString<DecideManyQuery, DecideManyQueryVariables>;
export const ConsentSnapshotDocument = new TypedDocumentString(`
    query ConsentSnapshot($purposeKeys: [ID!]!, $first: Int, $after: String) {
  consentSnapshot(purposeKeys: $purposeKeys, first: $first, after: $after) {
    rows {
      subjectId
      purposeKey
      status
      occurredAt
    }
    endCursor
    hasNextPage
    streamSequence
    outboxSeq
  }
}
    `) as unknown as TypedDocumentString<ConsentSnapshotQuery, ConsentSnapshotQueryVariables>;
export const DeciderSetupDocument = new TypedDocumentString(`
    query DeciderSetup {
  purposes {
    key
    legalBasis
    active
  }
  noticeVersions {
    version
    publishedAt
    effectiveAt
    purposes {
      purposeKey
      requiresReconsent
    }
  }
}
    `) as unknown as TypedDocumentString<DeciderSetupQuery, DeciderSetupQueryVariables>;
export const ConsentStreamDocument = new TypedDocumentString(`
    subscription ConsentStream($purposeKeys: [ID!]!, $after: Float!) {
  consentStream(purposeKeys: $purposeKeys, after: $after) {
    outboxSeq
    readAt
    sentAt
    clientTime
    record {
      subjectId
      purposeKey
      action
      occurredAt
      recordedAt
      noticeVersion {
        version
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsentStreamSubscription, ConsentStreamSubscriptionVariables>;