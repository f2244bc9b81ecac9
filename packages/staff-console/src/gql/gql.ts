/* eslint-disable */
import * as types from './graphql';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
  '\n  query ProbeAdmin {\n    apiKeys {\n      id\n    }\n  }\n': typeof types.ProbeAdminDocument;
  '\n  query ProbeSupport {\n    verifyLedger(subjectId: "__probe__") {\n      ok\n    }\n  }\n': typeof types.ProbeSupportDocument;
  '\n  query ProbeSubject {\n    me {\n      subjectId\n    }\n  }\n': typeof types.ProbeSubjectDocument;
  '\n  query AccessLog($subjectId: ID, $first: Int, $after: String) {\n    accessLog(subjectId: $subjectId, first: $first, after: $after) {\n      entries {\n        id\n        at\n        subjectId\n        operation\n        clientIp\n        userAgent\n        requestId\n        actor {\n          kind\n          id\n          role\n          name\n        }\n      }\n      endCursor\n      hasNextPage\n    }\n  }\n': typeof types.AccessLogDocument;
  '\n  query ApiKeys {\n    apiKeys {\n      id\n      role\n      name\n      createdAt\n      revokedAt\n      lastUsedAt\n    }\n  }\n': typeof types.ApiKeysDocument;
  '\n  mutation CreateApiKey($role: Role!, $name: String!) {\n    createApiKey(role: $role, name: $name) {\n      id\n      role\n      name\n      secret\n    }\n  }\n': typeof types.CreateApiKeyDocument;
  '\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n': typeof types.RevokeApiKeyDocument;
  '\n  fragment PurposeFields on Purpose {\n    key\n    title\n    description\n    legalBasis\n    requiresConsent\n    active\n    gpcOptOut\n    dpvPurpose\n    consentMode\n  }\n': typeof types.PurposeFieldsFragmentDoc;
  '\n  fragment NoticeFields on NoticeVersion {\n    id\n    version\n    publishedAt\n    effectiveAt\n    summary\n    contentHash\n    locale\n    defaultLocale\n    availableLocales\n    purposes {\n      purposeKey\n      title\n      description\n      requiresReconsent\n    }\n  }\n': typeof types.NoticeFieldsFragmentDoc;
  '\n  query Purposes {\n    purposes {\n      ...PurposeFields\n    }\n  }\n': typeof types.PurposesDocument;
  '\n  query NoticeVersions {\n    noticeVersions {\n      ...NoticeFields\n    }\n  }\n': typeof types.NoticeVersionsDocument;
  '\n  query NoticeVersionsIn($locale: String!) {\n    noticeVersions(locale: $locale) {\n      ...NoticeFields\n    }\n  }\n': typeof types.NoticeVersionsInDocument;
  '\n  mutation PublishNotice($input: PublishNoticeInput!) {\n    publishNotice(input: $input) {\n      ...NoticeFields\n    }\n  }\n': typeof types.PublishNoticeDocument;
  '\n  query NoticeReadability($input: PublishNoticeInput!) {\n    noticeReadability(input: $input) {\n      purposeKey\n      locale\n      field\n      score\n      ok\n      issues\n    }\n  }\n': typeof types.NoticeReadabilityDocument;
  '\n  query ConsentOverview($from: String!, $to: String!, $interval: OverviewInterval) {\n    consentOverview(from: $from, to: $to, interval: $interval) {\n      from\n      to\n      interval\n      computedAt\n      purposes {\n        purpose {\n          key\n          title\n        }\n        shareGranted\n        series {\n          start\n          grants\n          refusals\n          withdrawals\n        }\n        byNoticeVersion {\n          version\n          granted\n          refused\n          decidedLater\n        }\n        byChannel {\n          key\n          grants\n          refusals\n          withdrawals\n        }\n        byLocale {\n          key\n          grants\n          refusals\n          withdrawals\n        }\n      }\n    }\n  }\n': typeof types.ConsentOverviewDocument;
  '\n  mutation DefinePurpose($input: PurposeInput!) {\n    definePurpose(input: $input) {\n      ...PurposeFields\n    }\n  }\n': typeof types.DefinePurposeDocument;
  '\n  mutation RetirePurpose($key: ID!) {\n    retirePurpose(key: $key) {\n      ...PurposeFields\n    }\n  }\n': typeof types.RetirePurposeDocument;
  '\n  query QueryFields {\n    __type(name: "Query") {\n      fields {\n        name\n      }\n    }\n  }\n': typeof types.QueryFieldsDocument;
  '\n  query PurposeStats {\n    purposeStats {\n      subjects\n      computedAt\n      purposes {\n        purpose {\n          key\n          title\n          legalBasis\n        }\n        granted\n        withdrawn\n        refused\n        notGiven\n        reconsentRequired\n        awaitingReconsent\n      }\n    }\n  }\n': typeof types.PurposeStatsDocument;
  '\n  query StaffConsentReceipt($recordId: ID!) {\n    consentReceipt(recordId: $recordId) {\n      recordId\n      jws\n      payload\n    }\n  }\n': typeof types.StaffConsentReceiptDocument;
  '\n  query SubjectsByPrefix($prefix: String!, $after: String) {\n    subjectsByPrefix(prefix: $prefix, first: 20, after: $after) {\n      subjects {\n        subjectId\n        lastChangeAt\n      }\n      endCursor\n      hasNextPage\n    }\n  }\n': typeof types.SubjectsByPrefixDocument;
  '\n  query RecentlyChangedSubjects($after: String) {\n    recentlyChangedSubjects(first: 10, after: $after) {\n      subjects {\n        subjectId\n        lastChangeAt\n      }\n      endCursor\n      hasNextPage\n    }\n  }\n': typeof types.RecentlyChangedSubjectsDocument;
  '\n  query SubjectConsents($id: ID!) {\n    subject(id: $id) {\n      subjectId\n      needsPrompt\n      currentNotice {\n        id\n        version\n      }\n      purposes {\n        status\n        needsPrompt\n        purpose {\n          ...PurposeFields\n        }\n        lastRecord {\n          id\n          action\n          channel\n          occurredAt\n          noticeVersion {\n            id\n            version\n          }\n        }\n      }\n    }\n  }\n': typeof types.SubjectConsentsDocument;
  '\n  query SubjectDecisions($requests: [DecideInput!]!, $at: DateTime) {\n    decideMany(requests: $requests, at: $at) {\n      purposeKey\n      allowed\n      legalBasis\n      reason\n      at\n      record {\n        id\n        action\n        channel\n        occurredAt\n        noticeVersion {\n          id\n          version\n        }\n      }\n    }\n  }\n': typeof types.SubjectDecisionsDocument;
  '\n  fragment LedgerRecordFields on ConsentRecord {\n    id\n    subjectId\n    purposeKey\n    action\n    channel\n    method\n    actor {\n      kind\n      id\n    }\n    evidence\n    occurredAt\n    recordedAt\n    hash\n    previousHash\n    noticeVersion {\n      id\n      version\n    }\n  }\n': typeof types.LedgerRecordFieldsFragmentDoc;
  '\n  query SubjectLedger($subjectId: ID!, $purposeKey: ID, $first: Int, $after: String) {\n    consentHistory(subjectId: $subjectId, purposeKey: $purposeKey, first: $first, after: $after) {\n      edges {\n        node {\n          ...LedgerRecordFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n': typeof types.SubjectLedgerDocument;
  '\n  query VerifySubjectLedger($subjectId: ID!) {\n    verifyLedger(subjectId: $subjectId) {\n      ok\n      recordsChecked\n      firstBrokenRecordId\n    }\n  }\n': typeof types.VerifySubjectLedgerDocument;
  '\n  mutation RecordGrant($input: ConsentInput!) {\n    grantConsent(input: $input) {\n      ...LedgerRecordFields\n    }\n  }\n': typeof types.RecordGrantDocument;
  '\n  mutation RecordWithdrawal($input: ConsentInput!) {\n    withdrawConsent(input: $input) {\n      ...LedgerRecordFields\n    }\n  }\n': typeof types.RecordWithdrawalDocument;
  '\n  mutation RecordRefusal($input: ConsentInput!) {\n    refuseConsent(input: $input) {\n      ...LedgerRecordFields\n    }\n  }\n': typeof types.RecordRefusalDocument;
  '\n  mutation EraseSubject($subjectId: ID!, $reason: String!) {\n    eraseSubject(subjectId: $subjectId, reason: $reason) {\n      subjectId\n      recordsShredded\n      record {\n        id\n        recordedAt\n      }\n    }\n  }\n': typeof types.EraseSubjectDocument;
  '\n  fragment WebhookFields on Webhook {\n    id\n    url\n    purposeKeys\n    eventTypes\n    status\n    disabledReason\n    createdAt\n  }\n': typeof types.WebhookFieldsFragmentDoc;
  '\n  query Webhooks {\n    webhooks {\n      ...WebhookFields\n    }\n  }\n': typeof types.WebhooksDocument;
  '\n  query WebhookDeliveries($webhookId: ID!, $first: Int) {\n    webhookDeliveries(webhookId: $webhookId, first: $first) {\n      id\n      eventId\n      eventType\n      status\n      attempts\n      lastAttemptAt\n      lastResponseStatus\n      nextAttemptAt\n    }\n  }\n': typeof types.WebhookDeliveriesDocument;
  '\n  mutation RegisterWebhook($input: WebhookInput!) {\n    registerWebhook(input: $input) {\n      webhook {\n        ...WebhookFields\n      }\n      secret\n    }\n  }\n': typeof types.RegisterWebhookDocument;
  '\n  mutation DisableWebhook($id: ID!) {\n    disableWebhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n': typeof types.DisableWebhookDocument;
  '\n  mutation EnableWebhook($id: ID!) {\n    enableWebhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n': typeof types.EnableWebhookDocument;
  '\n  mutation ReplayWebhookDeliveries($webhookId: ID!, $since: DateTime!) {\n    replayWebhookDeliveries(webhookId: $webhookId, since: $since)\n  }\n': typeof types.ReplayWebhookDeliveriesDocument;
};
const documents: Documents = {
  '\n  query ProbeAdmin {\n    apiKeys {\n      id\n    }\n  }\n': types.ProbeAdminDocument,
  '\n  query ProbeSupport {\n    verifyLedger(subjectId: "__probe__") {\n      ok\n    }\n  }\n':
    types.ProbeSupportDocument,
  '\n  query ProbeSubject {\n    me {\n      subjectId\n    }\n  }\n': types.ProbeSubjectDocument,
  '\n  query AccessLog($subjectId: ID, $first: Int, $after: String) {\n    accessLog(subjectId: $subjectId, first: $first, after: $after) {\n      entries {\n        id\n        at\n        subjectId\n        operation\n        clientIp\n        userAgent\n        requestId\n        actor {\n          kind\n          id\n          role\n          name\n        }\n      }\n      endCursor\n      hasNextPage\n    }\n  }\n':
    types.AccessLogDocument,
  '\n  query ApiKeys {\n    apiKeys {\n      id\n      role\n      name\n      createdAt\n      revokedAt\n      lastUsedAt\n    }\n  }\n':
    types.ApiKeysDocument,
  '\n  mutation CreateApiKey($role: Role!, $name: String!) {\n    createApiKey(role: $role, name: $name) {\n      id\n      role\n      name\n      secret\n    }\n  }\n':
    types.CreateApiKeyDocument,
  '\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n':
    types.RevokeApiKeyDocument,
  '\n  fragment PurposeFields on Purpose {\n    key\n    title\n    description\n    legalBasis\n    requiresConsent\n    active\n    gpcOptOut\n    dpvPurpose\n    consentMode\n  }\n':
    types.PurposeFieldsFragmentDoc,
  '\n  fragment NoticeFields on NoticeVersion {\n    id\n    version\n    publishedAt\n    effectiveAt\n    summary\n    contentHash\n    locale\n    defaultLocale\n    availableLocales\n    purposes {\n      purposeKey\n      title\n      description\n      requiresReconsent\n    }\n  }\n':
    types.NoticeFieldsFragmentDoc,
  '\n  query Purposes {\n    purposes {\n      ...PurposeFields\n    }\n  }\n': types.PurposesDocument,
  '\n  query NoticeVersions {\n    noticeVersions {\n      ...NoticeFields\n    }\n  }\n': types.NoticeVersionsDocument,
  '\n  query NoticeVersionsIn($locale: String!) {\n    noticeVersions(locale: $locale) {\n      ...NoticeFields\n    }\n  }\n':
    types.NoticeVersionsInDocument,
  '\n  mutation PublishNotice($input: PublishNoticeInput!) {\n    publishNotice(input: $input) {\n      ...NoticeFields\n    }\n  }\n':
    types.PublishNoticeDocument,
  '\n  query NoticeReadability($input: PublishNoticeInput!) {\n    noticeReadability(input: $input) {\n      purposeKey\n      locale\n      field\n      score\n      ok\n      issues\n    }\n  }\n':
    types.NoticeReadabilityDocument,
  '\n  query ConsentOverview($from: String!, $to: String!, $interval: OverviewInterval) {\n    consentOverview(from: $from, to: $to, interval: $interval) {\n      from\n      to\n      interval\n      computedAt\n      purposes {\n        purpose {\n          key\n          title\n        }\n        shareGranted\n        series {\n          start\n          grants\n          refusals\n          withdrawals\n        }\n        byNoticeVersion {\n          version\n          granted\n          refused\n          decidedLater\n        }\n        byChannel {\n          key\n          grants\n          refusals\n          withdrawals\n        }\n        byLocale {\n          key\n          grants\n          refusals\n          withdrawals\n        }\n      }\n    }\n  }\n':
    types.ConsentOverviewDocument,
  '\n  mutation DefinePurpose($input: PurposeInput!) {\n    definePurpose(input: $input) {\n      ...PurposeFields\n    }\n  }\n':
    types.DefinePurposeDocument,
  '\n  mutation RetirePurpose($key: ID!) {\n    retirePurpose(key: $key) {\n      ...PurposeFields\n    }\n  }\n':
    types.RetirePurposeDocument,
  '\n  query QueryFields {\n    __type(name: "Query") {\n      fields {\n        name\n      }\n    }\n  }\n':
    types.QueryFieldsDocument,
  '\n  query PurposeStats {\n    purposeStats {\n      subjects\n      computedAt\n      purposes {\n        purpose {\n          key\n          title\n          legalBasis\n        }\n        granted\n        withdrawn\n        refused\n        notGiven\n        reconsentRequired\n        awaitingReconsent\n      }\n    }\n  }\n':
    types.PurposeStatsDocument,
  '\n  query StaffConsentReceipt($recordId: ID!) {\n    consentReceipt(recordId: $recordId) {\n      recordId\n      jws\n      payload\n    }\n  }\n':
    types.StaffConsentReceiptDocument,
  '\n  query SubjectsByPrefix($prefix: String!, $after: String) {\n    subjectsByPrefix(prefix: $prefix, first: 20, after: $after) {\n      subjects {\n        subjectId\n        lastChangeAt\n      }\n      endCursor\n      hasNextPage\n    }\n  }\n':
    types.SubjectsByPrefixDocument,
  '\n  query RecentlyChangedSubjects($after: String) {\n    recentlyChangedSubjects(first: 10, after: $after) {\n      subjects {\n        subjectId\n        lastChangeAt\n      }\n      endCursor\n      hasNextPage\n    }\n  }\n':
    types.RecentlyChangedSubjectsDocument,
  '\n  query SubjectConsents($id: ID!) {\n    subject(id: $id) {\n      subjectId\n      needsPrompt\n      currentNotice {\n        id\n        version\n      }\n      purposes {\n        status\n        needsPrompt\n        purpose {\n          ...PurposeFields\n        }\n        lastRecord {\n          id\n          action\n          channel\n          occurredAt\n          noticeVersion {\n            id\n            version\n          }\n        }\n      }\n    }\n  }\n':
    types.SubjectConsentsDocument,
  '\n  query SubjectDecisions($requests: [DecideInput!]!, $at: DateTime) {\n    decideMany(requests: $requests, at: $at) {\n      purposeKey\n      allowed\n      legalBasis\n      reason\n      at\n      record {\n        id\n        action\n        channel\n        occurredAt\n        noticeVersion {\n          id\n          version\n        }\n      }\n    }\n  }\n':
    types.SubjectDecisionsDocument,
  '\n  fragment LedgerRecordFields on ConsentRecord {\n    id\n    subjectId\n    purposeKey\n    action\n    channel\n    method\n    actor {\n      kind\n      id\n    }\n    evidence\n    occurredAt\n    recordedAt\n    hash\n    previousHash\n    noticeVersion {\n      id\n      version\n    }\n  }\n':
    types.LedgerRecordFieldsFragmentDoc,
  '\n  query SubjectLedger($subjectId: ID!, $purposeKey: ID, $first: Int, $after: String) {\n    consentHistory(subjectId: $subjectId, purposeKey: $purposeKey, first: $first, after: $after) {\n      edges {\n        node {\n          ...LedgerRecordFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n':
    types.SubjectLedgerDocument,
  '\n  query VerifySubjectLedger($subjectId: ID!) {\n    verifyLedger(subjectId: $subjectId) {\n      ok\n      recordsChecked\n      firstBrokenRecordId\n    }\n  }\n':
    types.VerifySubjectLedgerDocument,
  '\n  mutation RecordGrant($input: ConsentInput!) {\n    grantConsent(input: $input) {\n      ...LedgerRecordFields\n    }\n  }\n':
    types.RecordGrantDocument,
  '\n  mutation RecordWithdrawal($input: ConsentInput!) {\n    withdrawConsent(input: $input) {\n      ...LedgerRecordFields\n    }\n  }\n':
    types.RecordWithdrawalDocument,
  '\n  mutation RecordRefusal($input: ConsentInput!) {\n    refuseConsent(input: $input) {\n      ...LedgerRecordFields\n    }\n  }\n':
    types.RecordRefusalDocument,
  '\n  mutation EraseSubject($subjectId: ID!, $reason: String!) {\n    eraseSubject(subjectId: $subjectId, reason: $reason) {\n      subjectId\n      recordsShredded\n      record {\n        id\n        recordedAt\n      }\n    }\n  }\n':
    types.EraseSubjectDocument,
  '\n  fragment WebhookFields on Webhook {\n    id\n    url\n    purposeKeys\n    eventTypes\n    status\n    disabledReason\n    createdAt\n  }\n':
    types.WebhookFieldsFragmentDoc,
  '\n  query Webhooks {\n    webhooks {\n      ...WebhookFields\n    }\n  }\n': types.WebhooksDocument,
  '\n  query WebhookDeliveries($webhookId: ID!, $first: Int) {\n    webhookDeliveries(webhookId: $webhookId, first: $first) {\n      id\n      eventId\n      eventType\n      status\n      attempts\n      lastAttemptAt\n      lastResponseStatus\n      nextAttemptAt\n    }\n  }\n':
    types.WebhookDeliveriesDocument,
  '\n  mutation RegisterWebhook($input: WebhookInput!) {\n    registerWebhook(input: $input) {\n      webhook {\n        ...WebhookFields\n      }\n      secret\n    }\n  }\n':
    types.RegisterWebhookDocument,
  '\n  mutation DisableWebhook($id: ID!) {\n    disableWebhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n':
    types.DisableWebhookDocument,
  '\n  mutation EnableWebhook($id: ID!) {\n    enableWebhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n':
    types.EnableWebhookDocument,
  '\n  mutation ReplayWebhookDeliveries($webhookId: ID!, $since: DateTime!) {\n    replayWebhookDeliveries(webhookId: $webhookId, since: $since)\n  }\n':
    types.ReplayWebhookDeliveriesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ProbeAdmin {\n    apiKeys {\n      id\n    }\n  }\n',
): typeof import('./graphql').ProbeAdminDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ProbeSupport {\n    verifyLedger(subjectId: "__probe__") {\n      ok\n    }\n  }\n',
): typeof import('./graphql').ProbeSupportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ProbeSubject {\n    me {\n      subjectId\n    }\n  }\n',
): typeof import('./graphql').ProbeSubjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AccessLog($subjectId: ID, $first: Int, $after: String) {\n    accessLog(subjectId: $subjectId, first: $first, after: $after) {\n      entries {\n        id\n        at\n        subjectId\n        operation\n        clientIp\n        userAgent\n        requestId\n        actor {\n          kind\n          id\n          role\n          name\n        }\n      }\n      endCursor\n      hasNextPage\n    }\n  }\n',
): typeof import('./graphql').AccessLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ApiKeys {\n    apiKeys {\n      id\n      role\n      name\n      createdAt\n      revokedAt\n      lastUsedAt\n    }\n  }\n',
): typeof import('./graphql').ApiKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CreateApiKey($role: Role!, $name: String!) {\n    createApiKey(role: $role, name: $name) {\n      id\n      role\n      name\n      secret\n    }\n  }\n',
): typeof import('./graphql').CreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n',
): typeof import('./graphql').RevokeApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment PurposeFields on Purpose {\n    key\n    title\n    description\n    legalBasis\n    requiresConsent\n    active\n    gpcOptOut\n    dpvPurpose\n    consentMode\n  }\n',
): typeof import('./graphql').PurposeFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment NoticeFields on NoticeVersion {\n    id\n    version\n    publishedAt\n    effectiveAt\n    summary\n    contentHash\n    locale\n    defaultLocale\n    availableLocales\n    purposes {\n      purposeKey\n      title\n      description\n      requiresReconsent\n    }\n  }\n',
): typeof import('./graphql').NoticeFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Purposes {\n    purposes {\n      ...PurposeFields\n    }\n  }\n',
): typeof import('./graphql').PurposesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query NoticeVersions {\n    noticeVersions {\n      ...NoticeFields\n    }\n  }\n',
): typeof import('./graphql').NoticeVersionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query NoticeVersionsIn($locale: String!) {\n    noticeVersions(locale: $locale) {\n      ...NoticeFields\n    }\n  }\n',
): typeof import('./graphql').NoticeVersionsInDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation PublishNotice($input: PublishNoticeInput!) {\n    publishNotice(input: $input) {\n      ...NoticeFields\n    }\n  }\n',
): typeof import('./graphql').PublishNoticeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query NoticeReadability($input: PublishNoticeInput!) {\n    noticeReadability(input: $input) {\n      purposeKey\n      locale\n      field\n      score\n      ok\n      issues\n    }\n  }\n',
): typeof import('./graphql').NoticeReadabilityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ConsentOverview($from: String!, $to: String!, $interval: OverviewInterval) {\n    consentOverview(from: $from, to: $to, interval: $interval) {\n      from\n      to\n      interval\n      computedAt\n      purposes {\n        purpose {\n          key\n          title\n        }\n        shareGranted\n        series {\n          start\n          grants\n          refusals\n          withdrawals\n        }\n        byNoticeVersion {\n          version\n          granted\n          refused\n          decidedLater\n        }\n        byChannel {\n          key\n          grants\n          refusals\n          withdrawals\n        }\n        byLocale {\n          key\n          grants\n          refusals\n          withdrawals\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').ConsentOverviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation DefinePurpose($input: PurposeInput!) {\n    definePurpose(input: $input) {\n      ...PurposeFields\n    }\n  }\n',
): typeof import('./graphql').DefinePurposeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RetirePurpose($key: ID!) {\n    retirePurpose(key: $key) {\n      ...PurposeFields\n    }\n  }\n',
): typeof import('./graphql').RetirePurposeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query QueryFields {\n    __type(name: "Query") {\n      fields {\n        name\n      }\n    }\n  }\n',
): typeof import('./graphql').QueryFieldsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query PurposeStats {\n    purposeStats {\n      subjects\n      computedAt\n      purposes {\n        purpose {\n          key\n          title\n          legalBasis\n        }\n        granted\n        withdrawn\n        refused\n        notGiven\n        reconsentRequired\n        awaitingReconsent\n      }\n    }\n  }\n',
): typeof import('./graphql').PurposeStatsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query StaffConsentReceipt($recordId: ID!) {\n    consentReceipt(recordId: $recordId) {\n      recordId\n      jws\n      payload\n    }\n  }\n',
): typeof import('./graphql').StaffConsentReceiptDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SubjectsByPrefix($prefix: String!, $after: String) {\n    subjectsByPrefix(prefix: $prefix, first: 20, after: $after) {\n      subjects {\n        subjectId\n        lastChangeAt\n      }\n      endCursor\n      hasNextPage\n    }\n  }\n',
): typeof import('./graphql').SubjectsByPrefixDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query RecentlyChangedSubjects($after: String) {\n    recentlyChangedSubjects(first: 10, after: $after) {\n      subjects {\n        subjectId\n        lastChangeAt\n      }\n      endCursor\n      hasNextPage\n    }\n  }\n',
): typeof import('./graphql').RecentlyChangedSubjectsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SubjectConsents($id: ID!) {\n    subject(id: $id) {\n      subjectId\n      needsPrompt\n      currentNotice {\n        id\n        version\n      }\n      purposes {\n        status\n        needsPrompt\n        purpose {\n          ...PurposeFields\n        }\n        lastRecord {\n          id\n          action\n          channel\n          occurredAt\n          noticeVersion {\n            id\n            version\n          }\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').SubjectConsentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SubjectDecisions($requests: [DecideInput!]!, $at: DateTime) {\n    decideMany(requests: $requests, at: $at) {\n      purposeKey\n      allowed\n      legalBasis\n      reason\n      at\n      record {\n        id\n        action\n        channel\n        occurredAt\n        noticeVersion {\n          id\n          version\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').SubjectDecisionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment LedgerRecordFields on ConsentRecord {\n    id\n    subjectId\n    purposeKey\n    action\n    channel\n    method\n    actor {\n      kind\n      id\n    }\n    evidence\n    occurredAt\n    recordedAt\n    hash\n    previousHash\n    noticeVersion {\n      id\n      version\n    }\n  }\n',
): typeof import('./graphql').LedgerRecordFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SubjectLedger($subjectId: ID!, $purposeKey: ID, $first: Int, $after: String) {\n    consentHistory(subjectId: $subjectId, purposeKey: $purposeKey, first: $first, after: $after) {\n      edges {\n        node {\n          ...LedgerRecordFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n',
): typeof import('./graphql').SubjectLedgerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query VerifySubjectLedger($subjectId: ID!) {\n    verifyLedger(subjectId: $subjectId) {\n      ok\n      recordsChecked\n      firstBrokenRecordId\n    }\n  }\n',
): typeof import('./graphql').VerifySubjectLedgerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RecordGrant($input: ConsentInput!) {\n    grantConsent(input: $input) {\n      ...LedgerRecordFields\n    }\n  }\n',
): typeof import('./graphql').RecordGrantDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RecordWithdrawal($input: ConsentInput!) {\n    withdrawConsent(input: $input) {\n      ...LedgerRecordFields\n    }\n  }\n',
): typeof import('./graphql').RecordWithdrawalDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RecordRefusal($input: ConsentInput!) {\n    refuseConsent(input: $input) {\n      ...LedgerRecordFields\n    }\n  }\n',
): typeof import('./graphql').RecordRefusalDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation EraseSubject($subjectId: ID!, $reason: String!) {\n    eraseSubject(subjectId: $subjectId, reason: $reason) {\n      subjectId\n      recordsShredded\n      record {\n        id\n        recordedAt\n      }\n    }\n  }\n',
): typeof import('./graphql').EraseSubjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment WebhookFields on Webhook {\n    id\n    url\n    purposeKeys\n    eventTypes\n    status\n    disabledReason\n    createdAt\n  }\n',
): typeof import('./graphql').WebhookFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Webhooks {\n    webhooks {\n      ...WebhookFields\n    }\n  }\n',
): typeof import('./graphql').WebhooksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query WebhookDeliveries($webhookId: ID!, $first: Int) {\n    webhookDeliveries(webhookId: $webhookId, first: $first) {\n      id\n      eventId\n      eventType\n      status\n      attempts\n      lastAttemptAt\n      lastResponseStatus\n      nextAttemptAt\n    }\n  }\n',
): typeof import('./graphql').WebhookDeliveriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RegisterWebhook($input: WebhookInput!) {\n    registerWebhook(input: $input) {\n      webhook {\n        ...WebhookFields\n      }\n      secret\n    }\n  }\n',
): typeof import('./graphql').RegisterWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation DisableWebhook($id: ID!) {\n    disableWebhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n',
): typeof import('./graphql').DisableWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation EnableWebhook($id: ID!) {\n    enableWebhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n',
): typeof import('./graphql').EnableWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ReplayWebhookDeliveries($webhookId: ID!, $since: DateTime!) {\n    replayWebhookDeliveries(webhookId: $webhookId, since: $since)\n  }\n',
): typeof import('./graphql').ReplayWebhookDeliveriesDocument;

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
