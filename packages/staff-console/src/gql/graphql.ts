/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ActorKind = 'ADMIN' | 'SERVICE' | 'SUBJECT' | 'SUPPORT' | 'SYSTEM';

/** Where the subject made the choice. */
export type Channel = 'API' | 'EMAIL' | 'MOBILE' | 'OFFLINE' | 'WEB';

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

export type DeliveryStatus =
  /** Every attempt failed; kept for replay. */
  | 'DEAD'
  /** Last attempt failed; another is scheduled at nextAttemptAt. */
  | 'FAILED'
  | 'PENDING'
  | 'SUCCEEDED';

/** Ledger events as delivered to downstream systems. */
export type EventType =
  | 'CONSENT_GRANTED'
  /** 1.1 */
  | 'CONSENT_REFUSED'
  | 'CONSENT_WITHDRAWN'
  | 'NOTICE_PUBLISHED'
  /** 1.1: sent to every webhook whose eventTypes include it, whatever its purposeKeys. */
  | 'SUBJECT_ERASED';

/** The six lawful bases of GDPR Art. 6(1). Only CONSENT purposes take consent. */
export type LegalBasis =
  'CONSENT' | 'CONTRACT' | 'LEGAL_OBLIGATION' | 'LEGITIMATE_INTERESTS' | 'PUBLIC_TASK' | 'VITAL_INTERESTS';

export type NoticePurposeInput = {
  description: string;
  purposeKey: string | number;
  requiresReconsent: boolean;
  title: string;
};

/** 1.1: one purpose's texts in one language. */
export type NoticePurposeTranslationInput = {
  description: string;
  purposeKey: string | number;
  title: string;
};

/** 1.1: a notice's texts in one more language. */
export type NoticeTranslationInput = {
  locale: string;
  /** Every purpose of the notice must appear. */
  purposes: Array<NoticePurposeTranslationInput>;
  summary: string;
};

export type OverviewInterval =
  | 'DAY'
  /** Weeks start on Monday (ISO 8601); the first and last may be partial. */
  | 'WEEK';

export type PublishNoticeInput = {
  /** 1.1: publish even though noticeReadability finds texts that are not ok (otherwise BAD_USER_INPUT). */
  acceptReadabilityIssues?: boolean | null | undefined;
  /** 1.1: the language of summary and purposes above. */
  defaultLocale?: string | null | undefined;
  /** Defaults to now. */
  effectiveAt?: string | null | undefined;
  /** Every active purpose must appear. */
  purposes: Array<NoticePurposeInput>;
  summary: string;
  /** 1.1: the same texts in other languages. */
  translations?: Array<NoticeTranslationInput> | null | undefined;
};

export type PurposeInput = {
  /** Google Consent Mode v2 storage types this purpose governs; empty when none. */
  consentMode?: Array<string> | null | undefined;
  description: string;
  /** 1.1: a W3C DPV purpose IRI. */
  dpvPurpose?: string | null | undefined;
  /** 1.1 */
  gpcOptOut?: boolean | null | undefined;
  key: string | number;
  legalBasis: LegalBasis;
  title: string;
};

export type Role = 'ADMIN' | 'SERVICE' | 'SUBJECT' | 'SUPPORT';

export type WebhookInput = {
  /** Omit for every event type. */
  eventTypes?: Array<EventType> | null | undefined;
  /** Omit or leave empty for every purpose. */
  purposeKeys?: Array<string | number> | null | undefined;
  /** http or https only. */
  url: string;
};

export type WebhookStatus =
  | 'ACTIVE'
  /** Disabled by an admin, or automatically after sustained failure (see disabledReason). */
  | 'DISABLED';

export type ProbeAdminQueryVariables = Exact<{ [key: string]: never }>;

export type ProbeAdminQuery = { apiKeys: Array<{ id: string }> };

export type ProbeSupportQueryVariables = Exact<{ [key: string]: never }>;

export type ProbeSupportQuery = { verifyLedger: { ok: boolean } };

export type ProbeSubjectQueryVariables = Exact<{ [key: string]: never }>;

export type ProbeSubjectQuery = { me: { subjectId: string } };

export type AccessLogQueryVariables = Exact<{
  subjectId?: string | number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;

export type AccessLogQuery = {
  accessLog: {
    endCursor: string | null;
    hasNextPage: boolean;
    entries: Array<{
      id: string;
      at: string;
      subjectId: string | null;
      operation: string;
      clientIp: string | null;
      userAgent: string | null;
      requestId: string | null;
      actor: { kind: string; id: string; role: Role; name: string | null };
    }>;
  };
};

export type ApiKeysQueryVariables = Exact<{ [key: string]: never }>;

export type ApiKeysQuery = {
  apiKeys: Array<{
    id: string;
    role: Role;
    name: string;
    createdAt: string;
    revokedAt: string | null;
    lastUsedAt: string | null;
  }>;
};

export type CreateApiKeyMutationVariables = Exact<{
  role: Role;
  name: string;
}>;

export type CreateApiKeyMutation = { createApiKey: { id: string; role: Role; name: string; secret: string } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string | number;
}>;

export type RevokeApiKeyMutation = { revokeApiKey: { id: string; revokedAt: string | null } };

export type PurposeFieldsFragment = {
  key: string;
  title: string;
  description: string;
  legalBasis: LegalBasis;
  requiresConsent: boolean;
  active: boolean;
  gpcOptOut: boolean;
  dpvPurpose: string | null;
  consentMode: Array<string>;
};

export type NoticeFieldsFragment = {
  id: string;
  version: number;
  publishedAt: string;
  effectiveAt: string;
  summary: string;
  contentHash: string;
  locale: string;
  defaultLocale: string;
  availableLocales: Array<string>;
  purposes: Array<{ purposeKey: string; title: string; description: string; requiresReconsent: boolean }>;
};

export type PurposesQueryVariables = Exact<{ [key: string]: never }>;

export type PurposesQuery = {
  purposes: Array<{
    key: string;
    title: string;
    description: string;
    legalBasis: LegalBasis;
    requiresConsent: boolean;
    active: boolean;
    gpcOptOut: boolean;
    dpvPurpose: string | null;
    consentMode: Array<string>;
  }>;
};

export type NoticeVersionsQueryVariables = Exact<{ [key: string]: never }>;

export type NoticeVersionsQuery = {
  noticeVersions: Array<{
    id: string;
    version: number;
    publishedAt: string;
    effectiveAt: string;
    summary: string;
    contentHash: string;
    locale: string;
    defaultLocale: string;
    availableLocales: Array<string>;
    purposes: Array<{ purposeKey: string; title: string; description: string; requiresReconsent: boolean }>;
  }>;
};

export type NoticeVersionsInQueryVariables = Exact<{
  locale: string;
}>;

export type NoticeVersionsInQuery = {
  noticeVersions: Array<{
    id: string;
    version: number;
    publishedAt: string;
    effectiveAt: string;
    summary: string;
    contentHash: string;
    locale: string;
    defaultLocale: string;
    availableLocales: Array<string>;
    purposes: Array<{ purposeKey: string; title: string; description: string; requiresReconsent: boolean }>;
  }>;
};

export type PublishNoticeMutationVariables = Exact<{
  input: PublishNoticeInput;
}>;

export type PublishNoticeMutation = {
  publishNotice: {
    id: string;
    version: number;
    publishedAt: string;
    effectiveAt: string;
    summary: string;
    contentHash: string;
    locale: string;
    defaultLocale: string;
    availableLocales: Array<string>;
    purposes: Array<{ purposeKey: string; title: string; description: string; requiresReconsent: boolean }>;
  };
};

export type NoticeReadabilityQueryVariables = Exact<{
  input: PublishNoticeInput;
}>;

export type NoticeReadabilityQuery = {
  noticeReadability: Array<{
    purposeKey: string | null;
    locale: string;
    field: string;
    score: number;
    ok: boolean;
    issues: Array<string>;
  }>;
};

export type ConsentOverviewQueryVariables = Exact<{
  from: string;
  to: string;
  interval?: OverviewInterval | null | undefined;
}>;

export type ConsentOverviewQuery = {
  consentOverview: {
    from: string;
    to: string;
    interval: OverviewInterval;
    computedAt: string;
    purposes: Array<{
      shareGranted: number | null;
      purpose: { key: string; title: string };
      series: Array<{ start: string; grants: number; refusals: number; withdrawals: number }>;
      byNoticeVersion: Array<{ version: number; granted: number; refused: number; decidedLater: number }>;
      byChannel: Array<{ key: string; grants: number; refusals: number; withdrawals: number }>;
      byLocale: Array<{ key: string; grants: number; refusals: number; withdrawals: number }>;
    }>;
  };
};

export type DefinePurposeMutationVariables = Exact<{
  input: PurposeInput;
}>;

export type DefinePurposeMutation = {
  definePurpose: {
    key: string;
    title: string;
    description: string;
    legalBasis: LegalBasis;
    requiresConsent: boolean;
    active: boolean;
    gpcOptOut: boolean;
    dpvPurpose: string | null;
    consentMode: Array<string>;
  };
};

export type RetirePurposeMutationVariables = Exact<{
  key: string | number;
}>;

export type RetirePurposeMutation = {
  retirePurpose: {
    key: string;
    title: string;
    description: string;
    legalBasis: LegalBasis;
    requiresConsent: boolean;
    active: boolean;
    gpcOptOut: boolean;
    dpvPurpose: string | null;
    consentMode: Array<string>;
  };
};

export type QueryFieldsQueryVariables = Exact<{ [key: string]: never }>;

export type QueryFieldsQuery = { __type: { fields: Array<{ name: string }> | null } | null };

export type PurposeStatsQueryVariables = Exact<{ [key: string]: never }>;

export type PurposeStatsQuery = {
  purposeStats: {
    subjects: number;
    computedAt: string;
    purposes: Array<{
      granted: number;
      withdrawn: number;
      refused: number;
      notGiven: number;
      reconsentRequired: number;
      awaitingReconsent: number;
      purpose: { key: string; title: string; legalBasis: LegalBasis };
    }>;
  };
};

export type StaffConsentReceiptQueryVariables = Exact<{
  recordId: string | number;
}>;

export type StaffConsentReceiptQuery = { consentReceipt: { recordId: string; jws: string; payload: unknown } };

export type SubjectsByPrefixQueryVariables = Exact<{
  prefix: string;
  after?: string | null | undefined;
}>;

export type SubjectsByPrefixQuery = {
  subjectsByPrefix: {
    endCursor: string | null;
    hasNextPage: boolean;
    subjects: Array<{ subjectId: string; lastChangeAt: string }>;
  };
};

export type RecentlyChangedSubjectsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;

export type RecentlyChangedSubjectsQuery = {
  recentlyChangedSubjects: {
    endCursor: string | null;
    hasNextPage: boolean;
    subjects: Array<{ subjectId: string; lastChangeAt: string }>;
  };
};

export type SubjectConsentsQueryVariables = Exact<{
  id: string | number;
}>;

export type SubjectConsentsQuery = {
  subject: {
    subjectId: string;
    needsPrompt: boolean;
    currentNotice: { id: string; version: number };
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
        dpvPurpose: string | null;
        consentMode: Array<string>;
      };
      lastRecord: {
        id: string;
        action: ConsentAction;
        channel: Channel;
        occurredAt: string;
        noticeVersion: { id: string; version: number };
      } | null;
    }>;
  };
};

export type SubjectDecisionsQueryVariables = Exact<{
  requests: Array<DecideInput> | DecideInput;
  at?: string | null | undefined;
}>;

export type SubjectDecisionsQuery = {
  decideMany: Array<{
    purposeKey: string;
    allowed: boolean;
    legalBasis: LegalBasis;
    reason: DecisionReason;
    at: string;
    record: {
      id: string;
      action: ConsentAction;
      channel: Channel;
      occurredAt: string;
      noticeVersion: { id: string; version: number };
    } | null;
  }>;
};

export type LedgerRecordFieldsFragment = {
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

export type SubjectLedgerQueryVariables = Exact<{
  subjectId: string | number;
  purposeKey?: string | number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;

export type SubjectLedgerQuery = {
  consentHistory: {
    totalCount: number;
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

export type VerifySubjectLedgerQueryVariables = Exact<{
  subjectId: string | number;
}>;

export type VerifySubjectLedgerQuery = {
  verifyLedger: { ok: boolean; recordsChecked: number; firstBrokenRecordId: string | null };
};

export type RecordGrantMutationVariables = Exact<{
  input: ConsentInput;
}>;

export type RecordGrantMutation = {
  grantConsent: {
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
};

export type RecordWithdrawalMutationVariables = Exact<{
  input: ConsentInput;
}>;

export type RecordWithdrawalMutation = {
  withdrawConsent: {
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
};

export type RecordRefusalMutationVariables = Exact<{
  input: ConsentInput;
}>;

export type RecordRefusalMutation = {
  refuseConsent: {
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
};

export type EraseSubjectMutationVariables = Exact<{
  subjectId: string | number;
  reason: string;
}>;

export type EraseSubjectMutation = {
  eraseSubject: { subjectId: string; recordsShredded: number; record: { id: string; recordedAt: string } };
};

export type WebhookFieldsFragment = {
  id: string;
  url: string;
  purposeKeys: Array<string>;
  eventTypes: Array<EventType>;
  status: WebhookStatus;
  disabledReason: string | null;
  createdAt: string;
};

export type WebhooksQueryVariables = Exact<{ [key: string]: never }>;

export type WebhooksQuery = {
  webhooks: Array<{
    id: string;
    url: string;
    purposeKeys: Array<string>;
    eventTypes: Array<EventType>;
    status: WebhookStatus;
    disabledReason: string | null;
    createdAt: string;
  }>;
};

export type WebhookDeliveriesQueryVariables = Exact<{
  webhookId: string | number;
  first?: number | null | undefined;
}>;

export type WebhookDeliveriesQuery = {
  webhookDeliveries: Array<{
    id: string;
    eventId: string;
    eventType: EventType;
    status: DeliveryStatus;
    attempts: number;
    lastAttemptAt: string | null;
    lastResponseStatus: number | null;
    nextAttemptAt: string | null;
  }>;
};

export type RegisterWebhookMutationVariables = Exact<{
  input: WebhookInput;
}>;

export type RegisterWebhookMutation = {
  registerWebhook: {
    secret: string;
    webhook: {
      id: string;
      url: string;
      purposeKeys: Array<string>;
      eventTypes: Array<EventType>;
      status: WebhookStatus;
      disabledReason: string | null;
      createdAt: string;
    };
  };
};

export type DisableWebhookMutationVariables = Exact<{
  id: string | number;
}>;

export type DisableWebhookMutation = {
  disableWebhook: {
    id: string;
    url: string;
    purposeKeys: Array<string>;
    eventTypes: Array<EventType>;
    status: WebhookStatus;
    disabledReason: string | null;
    createdAt: string;
  };
};

export type EnableWebhookMutationVariables = Exact<{
  id: string | number;
}>;

export type EnableWebhookMutation = {
  enableWebhook: {
    id: string;
    url: string;
    purposeKeys: Array<string>;
    eventTypes: Array<EventType>;
    status: WebhookStatus;
    disabledReason: string | null;
    createdAt: string;
  };
};

export type ReplayWebhookDeliveriesMutationVariables = Exact<{
  webhookId: string | number;
  since: string;
}>;

export type ReplayWebhookDeliveriesMutation = { replayWebhookDeliveries: number };

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
export const PurposeFieldsFragmentDoc = new TypedDocumentString(
  `
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
    `,
  { fragmentName: 'PurposeFields' },
) as unknown as TypedDocumentString<PurposeFieldsFragment, unknown>;
export const NoticeFieldsFragmentDoc = new TypedDocumentString(
  `
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
    `,
  { fragmentName: 'NoticeFields' },
) as unknown as TypedDocumentString<NoticeFieldsFragment, unknown>;
export const LedgerRecordFieldsFragmentDoc = new TypedDocumentString(
  `
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
    `,
  { fragmentName: 'LedgerRecordFields' },
) as unknown as TypedDocumentString<LedgerRecordFieldsFragment, unknown>;
export const WebhookFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment WebhookFields on Webhook {
  id
  url
  purposeKeys
  eventTypes
  status
  disabledReason
  createdAt
}
    `,
  { fragmentName: 'WebhookFields' },
) as unknown as TypedDocumentString<WebhookFieldsFragment, unknown>;
export const ProbeAdminDocument = new TypedDocumentString(`
    query ProbeAdmin {
  apiKeys {
    id
  }
}
    `) as unknown as TypedDocumentString<ProbeAdminQuery, ProbeAdminQueryVariables>;
export const ProbeSupportDocument = new TypedDocumentString(`
    query ProbeSupport {
  verifyLedger(subjectId: "__probe__") {
    ok
  }
}
    `) as unknown as TypedDocumentString<ProbeSupportQuery, ProbeSupportQueryVariables>;
export const ProbeSubjectDocument = new TypedDocumentString(`
    query ProbeSubject {
  me {
    subjectId
  }
}
    `) as unknown as TypedDocumentString<ProbeSubjectQuery, ProbeSubjectQueryVariables>;
export const AccessLogDocument = new TypedDocumentString(`
    query AccessLog($subjectId: ID, $first: Int, $after: String) {
  accessLog(subjectId: $subjectId, first: $first, after: $after) {
    entries {
      id
      at
      subjectId
      operation
      clientIp
      userAgent
      requestId
      actor {
        kind
        id
        role
        name
      }
    }
    endCursor
    hasNextPage
  }
}
    `) as unknown as TypedDocumentString<AccessLogQuery, AccessLogQueryVariables>;
export const ApiKeysDocument = new TypedDocumentString(`
    query ApiKeys {
  apiKeys {
    id
    role
    name
    createdAt
    revokedAt
    lastUsedAt
  }
}
    `) as unknown as TypedDocumentString<ApiKeysQuery, ApiKeysQueryVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($role: Role!, $name: String!) {
  createApiKey(role: $role, name: $name) {
    id
    role
    name
    secret
  }
}
    `) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($id: ID!) {
  revokeApiKey(id: $id) {
    id
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const PurposesDocument = new TypedDocumentString(`
    query Purposes {
  purposes {
    ...PurposeFields
  }
}
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
}`) as unknown as TypedDocumentString<PurposesQuery, PurposesQueryVariables>;
export const NoticeVersionsDocument = new TypedDocumentString(`
    query NoticeVersions {
  noticeVersions {
    ...NoticeFields
  }
}
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
}`) as unknown as TypedDocumentString<NoticeVersionsQuery, NoticeVersionsQueryVariables>;
export const NoticeVersionsInDocument = new TypedDocumentString(`
    query NoticeVersionsIn($locale: String!) {
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
}`) as unknown as TypedDocumentString<NoticeVersionsInQuery, NoticeVersionsInQueryVariables>;
export const PublishNoticeDocument = new TypedDocumentString(`
    mutation PublishNotice($input: PublishNoticeInput!) {
  publishNotice(input: $input) {
    ...NoticeFields
  }
}
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
}`) as unknown as TypedDocumentString<PublishNoticeMutation, PublishNoticeMutationVariables>;
export const NoticeReadabilityDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<NoticeReadabilityQuery, NoticeReadabilityQueryVariables>;
export const ConsentOverviewDocument = new TypedDocumentString(`
    query ConsentOverview($from: String!, $to: String!, $interval: OverviewInterval) {
  consentOverview(from: $from, to: $to, interval: $interval) {
    from
    to
    interval
    computedAt
    purposes {
      purpose {
        key
        title
      }
      shareGranted
      series {
        start
        grants
        refusals
        withdrawals
      }
      byNoticeVersion {
        version
        granted
        refused
        decidedLater
      }
      byChannel {
        key
        grants
        refusals
        withdrawals
      }
      byLocale {
        key
        grants
        refusals
        withdrawals
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsentOverviewQuery, ConsentOverviewQueryVariables>;
export const DefinePurposeDocument = new TypedDocumentString(`
    mutation DefinePurpose($input: PurposeInput!) {
  definePurpose(input: $input) {
    ...PurposeFields
  }
}
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
}`) as unknown as TypedDocumentString<DefinePurposeMutation, DefinePurposeMutationVariables>;
export const RetirePurposeDocument = new TypedDocumentString(`
    mutation RetirePurpose($key: ID!) {
  retirePurpose(key: $key) {
    ...PurposeFields
  }
}
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
}`) as unknown as TypedDocumentString<RetirePurposeMutation, RetirePurposeMutationVariables>;
export const QueryFieldsDocument = new TypedDocumentString(`
    query QueryFields {
  __type(name: "Query") {
    fields {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<QueryFieldsQuery, QueryFieldsQueryVariables>;
export const PurposeStatsDocument = new TypedDocumentString(`
    query PurposeStats {
  purposeStats {
    subjects
    computedAt
    purposes {
      purpose {
        key
        title
        legalBasis
      }
      granted
      withdrawn
      refused
      notGiven
      reconsentRequired
      awaitingReconsent
    }
  }
}
    `) as unknown as TypedDocumentString<PurposeStatsQuery, PurposeStatsQueryVariables>;
export const StaffConsentReceiptDocument = new TypedDocumentString(`
    query StaffConsentReceipt($recordId: ID!) {
  consentReceipt(recordId: $recordId) {
    recordId
    jws
    payload
  }
}
    `) as unknown as TypedDocumentString<StaffConsentReceiptQuery, StaffConsentReceiptQueryVariables>;
export const SubjectsByPrefixDocument = new TypedDocumentString(`
    query SubjectsByPrefix($prefix: String!, $after: String) {
  subjectsByPrefix(prefix: $prefix, first: 20, after: $after) {
    subjects {
      subjectId
      lastChangeAt
    }
    endCursor
    hasNextPage
  }
}
    `) as unknown as TypedDocumentString<SubjectsByPrefixQuery, SubjectsByPrefixQueryVariables>;
export const RecentlyChangedSubjectsDocument = new TypedDocumentString(`
    query RecentlyChangedSubjects($after: String) {
  recentlyChangedSubjects(first: 10, after: $after) {
    subjects {
      subjectId
      lastChangeAt
    }
    endCursor
    hasNextPage
  }
}
    `) as unknown as TypedDocumentString<RecentlyChangedSubjectsQuery, RecentlyChangedSubjectsQueryVariables>;
export const SubjectConsentsDocument = new TypedDocumentString(`
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
}`) as unknown as TypedDocumentString<SubjectConsentsQuery, SubjectConsentsQueryVariables>;
export const SubjectDecisionsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<SubjectDecisionsQuery, SubjectDecisionsQueryVariables>;
export const SubjectLedgerDocument = new TypedDocumentString(`
    query SubjectLedger($subjectId: ID!, $purposeKey: ID, $first: Int, $after: String) {
  consentHistory(
    subjectId: $subjectId
    purposeKey: $purposeKey
    first: $first
    after: $after
  ) {
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
}`) as unknown as TypedDocumentString<SubjectLedgerQuery, SubjectLedgerQueryVariables>;
export const VerifySubjectLedgerDocument = new TypedDocumentString(`
    query VerifySubjectLedger($subjectId: ID!) {
  verifyLedger(subjectId: $subjectId) {
    ok
    recordsChecked
    firstBrokenRecordId
  }
}
    `) as unknown as TypedDocumentString<VerifySubjectLedgerQuery, VerifySubjectLedgerQueryVariables>;
export const RecordGrantDocument = new TypedDocumentString(`
    mutation RecordGrant($input: ConsentInput!) {
  grantConsent(input: $input) {
    ...LedgerRecordFields
  }
}
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
}`) as unknown as TypedDocumentString<RecordGrantMutation, RecordGrantMutationVariables>;
export const RecordWithdrawalDocument = new TypedDocumentString(`
    mutation RecordWithdrawal($input: ConsentInput!) {
  withdrawConsent(input: $input) {
    ...LedgerRecordFields
  }
}
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
}`) as unknown as TypedDocumentString<RecordWithdrawalMutation, RecordWithdrawalMutationVariables>;
export const RecordRefusalDocument = new TypedDocumentString(`
    mutation RecordRefusal($input: ConsentInput!) {
  refuseConsent(input: $input) {
    ...LedgerRecordFields
  }
}
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
}`) as unknown as TypedDocumentString<RecordRefusalMutation, RecordRefusalMutationVariables>;
export const EraseSubjectDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<EraseSubjectMutation, EraseSubjectMutationVariables>;
export const WebhooksDocument = new TypedDocumentString(`
    query Webhooks {
  webhooks {
    ...WebhookFields
  }
}
    fragment WebhookFields on Webhook {
  id
  url
  purposeKeys
  eventTypes
  status
  disabledReason
  createdAt
}`) as unknown as TypedDocumentString<WebhooksQuery, WebhooksQueryVariables>;
export const WebhookDeliveriesDocument = new TypedDocumentString(`
    query WebhookDeliveries($webhookId: ID!, $first: Int) {
  webhookDeliveries(webhookId: $webhookId, first: $first) {
    id
    eventId
    eventType
    status
    attempts
    lastAttemptAt
    lastResponseStatus
    nextAttemptAt
  }
}
    `) as unknown as TypedDocumentString<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;
export const RegisterWebhookDocument = new TypedDocumentString(`
    mutation RegisterWebhook($input: WebhookInput!) {
  registerWebhook(input: $input) {
    webhook {
      ...WebhookFields
    }
    secret
  }
}
    fragment WebhookFields on Webhook {
  id
  url
  purposeKeys
  eventTypes
  status
  disabledReason
  createdAt
}`) as unknown as TypedDocumentString<RegisterWebhookMutation, RegisterWebhookMutationVariables>;
export const DisableWebhookDocument = new TypedDocumentString(`
    mutation DisableWebhook($id: ID!) {
  disableWebhook(id: $id) {
    ...WebhookFields
  }
}
    fragment WebhookFields on Webhook {
  id
  url
  purposeKeys
  eventTypes
  status
  disabledReason
  createdAt
}`) as unknown as TypedDocumentString<DisableWebhookMutation, DisableWebhookMutationVariables>;
export const EnableWebhookDocument = new TypedDocumentString(`
    mutation EnableWebhook($id: ID!) {
  enableWebhook(id: $id) {
    ...WebhookFields
  }
}
    fragment WebhookFields on Webhook {
  id
  url
  purposeKeys
  eventTypes
  status
  disabledReason
  createdAt
}`) as unknown as TypedDocumentString<EnableWebhookMutation, EnableWebhookMutationVariables>;
export const ReplayWebhookDeliveriesDocument = new TypedDocumentString(`
    mutation ReplayWebhookDeliveries($webhookId: ID!, $since: DateTime!) {
  replayWebhookDeliveries(webhookId: $webhookId, since: $since)
}
    `) as unknown as TypedDocumentString<ReplayWebhookDeliveriesMutation, ReplayWebhookDeliveriesMutationVariables>;
