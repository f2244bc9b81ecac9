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
  '\n  query MyAccessLog($first: Int, $after: String) {\n    myAccessLog(first: $first, after: $after) {\n      entries {\n        at\n        operation\n        viewerKind\n        viewerRole\n        viewerName\n      }\n      endCursor\n      hasNextPage\n    }\n  }\n': typeof types.MyAccessLogDocument;
  '\n  query Me($locale: String) {\n    me(locale: $locale) {\n      subjectId\n      needsPrompt\n      currentNotice {\n        ...NoticeFields\n      }\n      purposes {\n        status\n        needsPrompt\n        purpose {\n          key\n          title\n          description\n          legalBasis\n          requiresConsent\n          active\n          gpcOptOut\n        }\n        lastRecord {\n          ...LastRecordFields\n        }\n      }\n    }\n  }\n': typeof types.MeDocument;
  '\n  fragment LastRecordFields on ConsentRecord {\n    id\n    purposeKey\n    action\n    channel\n    method\n    occurredAt\n    noticeVersion {\n      id\n      version\n      purposes {\n        purposeKey\n        title\n        description\n      }\n    }\n  }\n': typeof types.LastRecordFieldsFragmentDoc;
  '\n  mutation GrantConsent($input: ConsentInput!) {\n    grantConsent(input: $input) {\n      ...LastRecordFields\n    }\n  }\n': typeof types.GrantConsentDocument;
  '\n  mutation WithdrawConsent($input: ConsentInput!) {\n    withdrawConsent(input: $input) {\n      ...LastRecordFields\n    }\n  }\n': typeof types.WithdrawConsentDocument;
  '\n  mutation RefuseConsent($input: ConsentInput!) {\n    refuseConsent(input: $input) {\n      ...LastRecordFields\n    }\n  }\n': typeof types.RefuseConsentDocument;
  '\n  mutation RecordChoices($input: ChoicesInput!) {\n    recordChoices(input: $input) {\n      ...LastRecordFields\n    }\n  }\n': typeof types.RecordChoicesDocument;
  '\n  query GpcSignal {\n    gpcSignal\n  }\n': typeof types.GpcSignalDocument;
  '\n  mutation ApplyGpc($signal: String!) {\n    applyGpc(signal: $signal) {\n      ...LastRecordFields\n    }\n  }\n': typeof types.ApplyGpcDocument;
  '\n  query ExportHistory($subjectId: ID!, $first: Int, $after: String) {\n    consentHistory(subjectId: $subjectId, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          subjectId\n          purposeKey\n          action\n          channel\n          method\n          actor {\n            kind\n            id\n          }\n          evidence\n          occurredAt\n          recordedAt\n          hash\n          previousHash\n          noticeVersion {\n            id\n            version\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.ExportHistoryDocument;
  '\n  query ConsentHistory($subjectId: ID!, $first: Int, $after: String) {\n    consentHistory(subjectId: $subjectId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          purposeKey\n          action\n          channel\n          method\n          occurredAt\n          actor {\n            kind\n          }\n          locale\n          noticeVersion {\n            id\n            version\n            locale\n            purposes {\n              purposeKey\n              title\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n': typeof types.ConsentHistoryDocument;
  '\n  query PurposeTitles {\n    purposes {\n      key\n      title\n    }\n  }\n': typeof types.PurposeTitlesDocument;
  '\n  query ConsentReceipt($recordId: ID!) {\n    consentReceipt(recordId: $recordId) {\n      recordId\n      jws\n      payload\n    }\n  }\n': typeof types.ConsentReceiptDocument;
  '\n  fragment NoticeFields on NoticeVersion {\n    id\n    version\n    publishedAt\n    effectiveAt\n    summary\n    locale\n    availableLocales\n    purposes {\n      purposeKey\n      title\n      description\n      requiresReconsent\n    }\n  }\n': typeof types.NoticeFieldsFragmentDoc;
  '\n  query NoticeVersions($locale: String) {\n    noticeVersions(locale: $locale) {\n      ...NoticeFields\n    }\n  }\n': typeof types.NoticeVersionsDocument;
};
const documents: Documents = {
  '\n  query MyAccessLog($first: Int, $after: String) {\n    myAccessLog(first: $first, after: $after) {\n      entries {\n        at\n        operation\n        viewerKind\n        viewerRole\n        viewerName\n      }\n      endCursor\n      hasNextPage\n    }\n  }\n':
    types.MyAccessLogDocument,
  '\n  query Me($locale: String) {\n    me(locale: $locale) {\n      subjectId\n      needsPrompt\n      currentNotice {\n        ...NoticeFields\n      }\n      purposes {\n        status\n        needsPrompt\n        purpose {\n          key\n          title\n          description\n          legalBasis\n          requiresConsent\n          active\n          gpcOptOut\n        }\n        lastRecord {\n          ...LastRecordFields\n        }\n      }\n    }\n  }\n':
    types.MeDocument,
  '\n  fragment LastRecordFields on ConsentRecord {\n    id\n    purposeKey\n    action\n    channel\n    method\n    occurredAt\n    noticeVersion {\n      id\n      version\n      purposes {\n        purposeKey\n        title\n        description\n      }\n    }\n  }\n':
    types.LastRecordFieldsFragmentDoc,
  '\n  mutation GrantConsent($input: ConsentInput!) {\n    grantConsent(input: $input) {\n      ...LastRecordFields\n    }\n  }\n':
    types.GrantConsentDocument,
  '\n  mutation WithdrawConsent($input: ConsentInput!) {\n    withdrawConsent(input: $input) {\n      ...LastRecordFields\n    }\n  }\n':
    types.WithdrawConsentDocument,
  '\n  mutation RefuseConsent($input: ConsentInput!) {\n    refuseConsent(input: $input) {\n      ...LastRecordFields\n    }\n  }\n':
    types.RefuseConsentDocument,
  '\n  mutation RecordChoices($input: ChoicesInput!) {\n    recordChoices(input: $input) {\n      ...LastRecordFields\n    }\n  }\n':
    types.RecordChoicesDocument,
  '\n  query GpcSignal {\n    gpcSignal\n  }\n': types.GpcSignalDocument,
  '\n  mutation ApplyGpc($signal: String!) {\n    applyGpc(signal: $signal) {\n      ...LastRecordFields\n    }\n  }\n':
    types.ApplyGpcDocument,
  '\n  query ExportHistory($subjectId: ID!, $first: Int, $after: String) {\n    consentHistory(subjectId: $subjectId, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          subjectId\n          purposeKey\n          action\n          channel\n          method\n          actor {\n            kind\n            id\n          }\n          evidence\n          occurredAt\n          recordedAt\n          hash\n          previousHash\n          noticeVersion {\n            id\n            version\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.ExportHistoryDocument,
  '\n  query ConsentHistory($subjectId: ID!, $first: Int, $after: String) {\n    consentHistory(subjectId: $subjectId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          purposeKey\n          action\n          channel\n          method\n          occurredAt\n          actor {\n            kind\n          }\n          locale\n          noticeVersion {\n            id\n            version\n            locale\n            purposes {\n              purposeKey\n              title\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n':
    types.ConsentHistoryDocument,
  '\n  query PurposeTitles {\n    purposes {\n      key\n      title\n    }\n  }\n': types.PurposeTitlesDocument,
  '\n  query ConsentReceipt($recordId: ID!) {\n    consentReceipt(recordId: $recordId) {\n      recordId\n      jws\n      payload\n    }\n  }\n':
    types.ConsentReceiptDocument,
  '\n  fragment NoticeFields on NoticeVersion {\n    id\n    version\n    publishedAt\n    effectiveAt\n    summary\n    locale\n    availableLocales\n    purposes {\n      purposeKey\n      title\n      description\n      requiresReconsent\n    }\n  }\n':
    types.NoticeFieldsFragmentDoc,
  '\n  query NoticeVersions($locale: String) {\n    noticeVersions(locale: $locale) {\n      ...NoticeFields\n    }\n  }\n':
    types.NoticeVersionsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query MyAccessLog($first: Int, $after: String) {\n    myAccessLog(first: $first, after: $after) {\n      entries {\n        at\n        operation\n        viewerKind\n        viewerRole\n        viewerName\n      }\n      endCursor\n      hasNextPage\n    }\n  }\n',
): typeof import('./graphql').MyAccessLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Me($locale: String) {\n    me(locale: $locale) {\n      subjectId\n      needsPrompt\n      currentNotice {\n        ...NoticeFields\n      }\n      purposes {\n        status\n        needsPrompt\n        purpose {\n          key\n          title\n          description\n          legalBasis\n          requiresConsent\n          active\n          gpcOptOut\n        }\n        lastRecord {\n          ...LastRecordFields\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment LastRecordFields on ConsentRecord {\n    id\n    purposeKey\n    action\n    channel\n    method\n    occurredAt\n    noticeVersion {\n      id\n      version\n      purposes {\n        purposeKey\n        title\n        description\n      }\n    }\n  }\n',
): typeof import('./graphql').LastRecordFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation GrantConsent($input: ConsentInput!) {\n    grantConsent(input: $input) {\n      ...LastRecordFields\n    }\n  }\n',
): typeof import('./graphql').GrantConsentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation WithdrawConsent($input: ConsentInput!) {\n    withdrawConsent(input: $input) {\n      ...LastRecordFields\n    }\n  }\n',
): typeof import('./graphql').WithdrawConsentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RefuseConsent($input: ConsentInput!) {\n    refuseConsent(input: $input) {\n      ...LastRecordFields\n    }\n  }\n',
): typeof import('./graphql').RefuseConsentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RecordChoices($input: ChoicesInput!) {\n    recordChoices(input: $input) {\n      ...LastRecordFields\n    }\n  }\n',
): typeof import('./graphql').RecordChoicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query GpcSignal {\n    gpcSignal\n  }\n',
): typeof import('./graphql').GpcSignalDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ApplyGpc($signal: String!) {\n    applyGpc(signal: $signal) {\n      ...LastRecordFields\n    }\n  }\n',
): typeof import('./graphql').ApplyGpcDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ExportHistory($subjectId: ID!, $first: Int, $after: String) {\n    consentHistory(subjectId: $subjectId, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          subjectId\n          purposeKey\n          action\n          channel\n          method\n          actor {\n            kind\n            id\n          }\n          evidence\n          occurredAt\n          recordedAt\n          hash\n          previousHash\n          noticeVersion {\n            id\n            version\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): typeof import('./graphql').ExportHistoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ConsentHistory($subjectId: ID!, $first: Int, $after: String) {\n    consentHistory(subjectId: $subjectId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          purposeKey\n          action\n          channel\n          method\n          occurredAt\n          actor {\n            kind\n          }\n          locale\n          noticeVersion {\n            id\n            version\n            locale\n            purposes {\n              purposeKey\n              title\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n',
): typeof import('./graphql').ConsentHistoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query PurposeTitles {\n    purposes {\n      key\n      title\n    }\n  }\n',
): typeof import('./graphql').PurposeTitlesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ConsentReceipt($recordId: ID!) {\n    consentReceipt(recordId: $recordId) {\n      recordId\n      jws\n      payload\n    }\n  }\n',
): typeof import('./graphql').ConsentReceiptDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment NoticeFields on NoticeVersion {\n    id\n    version\n    publishedAt\n    effectiveAt\n    summary\n    locale\n    availableLocales\n    purposes {\n      purposeKey\n      title\n      description\n      requiresReconsent\n    }\n  }\n',
): typeof import('./graphql').NoticeFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query NoticeVersions($locale: String) {\n    noticeVersions(locale: $locale) {\n      ...NoticeFields\n    }\n  }\n',
): typeof import('./graphql').NoticeVersionsDocument;

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
