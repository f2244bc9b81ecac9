/* eslint-disable */
import * as types from './graphql.ts';

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
  'fragment ConsentRecordFields on ConsentRecord {\n  id\n  subjectId\n  purposeKey\n  action\n  channel\n  method\n  actor {\n    kind\n    id\n  }\n  evidence\n  occurredAt\n  recordedAt\n  hash\n  previousHash\n  locale\n  noticeVersion {\n    id\n    version\n  }\n}\n\nmutation GrantConsent($input: ConsentInput!) {\n  grantConsent(input: $input) {\n    ...ConsentRecordFields\n  }\n}\n\nmutation WithdrawConsent($input: ConsentInput!) {\n  withdrawConsent(input: $input) {\n    ...ConsentRecordFields\n  }\n}\n\nmutation RefuseConsent($input: ConsentInput!) {\n  refuseConsent(input: $input) {\n    ...ConsentRecordFields\n  }\n}\n\nmutation RecordChoices($input: ChoicesInput!) {\n  recordChoices(input: $input) {\n    ...ConsentRecordFields\n  }\n}\n\nmutation ImportConsents($records: [ImportRecordInput!]!) {\n  importConsents(records: $records) {\n    imported\n    duplicates\n  }\n}\n\nmutation IssueSubjectToken($subjectId: ID!, $ttlSeconds: Int) {\n  issueSubjectToken(subjectId: $subjectId, ttlSeconds: $ttlSeconds) {\n    token\n    expiresAt\n  }\n}\n\nmutation IssueUnsubscribeLink($subjectId: ID!, $purposeKey: ID!) {\n  issueUnsubscribeLink(subjectId: $subjectId, purposeKey: $purposeKey) {\n    url\n    listUnsubscribe\n    listUnsubscribePost\n  }\n}': typeof types.ConsentRecordFieldsFragmentDoc;
  'fragment DecisionFields on Decision {\n  subjectId\n  purposeKey\n  allowed\n  legalBasis\n  reason\n  at\n  record {\n    id\n  }\n}\n\nquery Decide($subjectId: ID!, $purposeKey: ID!, $at: DateTime) {\n  decide(subjectId: $subjectId, purposeKey: $purposeKey, at: $at) {\n    ...DecisionFields\n  }\n}\n\nquery DecideMany($requests: [DecideInput!]!, $at: DateTime) {\n  decideMany(requests: $requests, at: $at) {\n    ...DecisionFields\n  }\n}': typeof types.DecisionFieldsFragmentDoc;
  'query ConsentSnapshot($purposeKeys: [ID!]!, $first: Int, $after: String) {\n  consentSnapshot(purposeKeys: $purposeKeys, first: $first, after: $after) {\n    rows {\n      subjectId\n      purposeKey\n      status\n      occurredAt\n    }\n    endCursor\n    hasNextPage\n    streamSequence\n    outboxSeq\n  }\n}\n\nquery DeciderSetup {\n  purposes {\n    key\n    legalBasis\n    active\n  }\n  noticeVersions {\n    version\n    publishedAt\n    effectiveAt\n    purposes {\n      purposeKey\n      requiresReconsent\n    }\n  }\n}\n\nsubscription ConsentChanged($purposeKey: ID) {\n  consentChanged(purposeKey: $purposeKey) {\n    id\n    subjectId\n    purposeKey\n    action\n    occurredAt\n    recordedAt\n    noticeVersion {\n      version\n    }\n  }\n}': typeof types.ConsentSnapshotDocument;
};
const documents: Documents = {
  'fragment ConsentRecordFields on ConsentRecord {\n  id\n  subjectId\n  purposeKey\n  action\n  channel\n  method\n  actor {\n    kind\n    id\n  }\n  evidence\n  occurredAt\n  recordedAt\n  hash\n  previousHash\n  locale\n  noticeVersion {\n    id\n    version\n  }\n}\n\nmutation GrantConsent($input: ConsentInput!) {\n  grantConsent(input: $input) {\n    ...ConsentRecordFields\n  }\n}\n\nmutation WithdrawConsent($input: ConsentInput!) {\n  withdrawConsent(input: $input) {\n    ...ConsentRecordFields\n  }\n}\n\nmutation RefuseConsent($input: ConsentInput!) {\n  refuseConsent(input: $input) {\n    ...ConsentRecordFields\n  }\n}\n\nmutation RecordChoices($input: ChoicesInput!) {\n  recordChoices(input: $input) {\n    ...ConsentRecordFields\n  }\n}\n\nmutation ImportConsents($records: [ImportRecordInput!]!) {\n  importConsents(records: $records) {\n    imported\n    duplicates\n  }\n}\n\nmutation IssueSubjectToken($subjectId: ID!, $ttlSeconds: Int) {\n  issueSubjectToken(subjectId: $subjectId, ttlSeconds: $ttlSeconds) {\n    token\n    expiresAt\n  }\n}\n\nmutation IssueUnsubscribeLink($subjectId: ID!, $purposeKey: ID!) {\n  issueUnsubscribeLink(subjectId: $subjectId, purposeKey: $purposeKey) {\n    url\n    listUnsubscribe\n    listUnsubscribePost\n  }\n}':
    types.ConsentRecordFieldsFragmentDoc,
  'fragment DecisionFields on Decision {\n  subjectId\n  purposeKey\n  allowed\n  legalBasis\n  reason\n  at\n  record {\n    id\n  }\n}\n\nquery Decide($subjectId: ID!, $purposeKey: ID!, $at: DateTime) {\n  decide(subjectId: $subjectId, purposeKey: $purposeKey, at: $at) {\n    ...DecisionFields\n  }\n}\n\nquery DecideMany($requests: [DecideInput!]!, $at: DateTime) {\n  decideMany(requests: $requests, at: $at) {\n    ...DecisionFields\n  }\n}':
    types.DecisionFieldsFragmentDoc,
  'query ConsentSnapshot($purposeKeys: [ID!]!, $first: Int, $after: String) {\n  consentSnapshot(purposeKeys: $purposeKeys, first: $first, after: $after) {\n    rows {\n      subjectId\n      purposeKey\n      status\n      occurredAt\n    }\n    endCursor\n    hasNextPage\n    streamSequence\n    outboxSeq\n  }\n}\n\nquery DeciderSetup {\n  purposes {\n    key\n    legalBasis\n    active\n  }\n  noticeVersions {\n    version\n    publishedAt\n    effectiveAt\n    purposes {\n      purposeKey\n      requiresReconsent\n    }\n  }\n}\n\nsubscription ConsentChanged($purposeKey: ID) {\n  consentChanged(purposeKey: $purposeKey) {\n    id\n    subjectId\n    purposeKey\n    action\n    occurredAt\n    recordedAt\n    noticeVersion {\n      version\n    }\n  }\n}':
    types.ConsentSnapshotDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'fragment ConsentRecordFields on ConsentRecord {\n  id\n  subjectId\n  purposeKey\n  action\n  channel\n  method\n  actor {\n    kind\n    id\n  }\n  evidence\n  occurredAt\n  recordedAt\n  hash\n  previousHash\n  locale\n  noticeVersion {\n    id\n    version\n  }\n}\n\nmutation GrantConsent($input: ConsentInput!) {\n  grantConsent(input: $input) {\n    ...ConsentRecordFields\n  }\n}\n\nmutation WithdrawConsent($input: ConsentInput!) {\n  withdrawConsent(input: $input) {\n    ...ConsentRecordFields\n  }\n}\n\nmutation RefuseConsent($input: ConsentInput!) {\n  refuseConsent(input: $input) {\n    ...ConsentRecordFields\n  }\n}\n\nmutation RecordChoices($input: ChoicesInput!) {\n  recordChoices(input: $input) {\n    ...ConsentRecordFields\n  }\n}\n\nmutation ImportConsents($records: [ImportRecordInput!]!) {\n  importConsents(records: $records) {\n    imported\n    duplicates\n  }\n}\n\nmutation IssueSubjectToken($subjectId: ID!, $ttlSeconds: Int) {\n  issueSubjectToken(subjectId: $subjectId, ttlSeconds: $ttlSeconds) {\n    token\n    expiresAt\n  }\n}\n\nmutation IssueUnsubscribeLink($subjectId: ID!, $purposeKey: ID!) {\n  issueUnsubscribeLink(subjectId: $subjectId, purposeKey: $purposeKey) {\n    url\n    listUnsubscribe\n    listUnsubscribePost\n  }\n}',
): typeof import('./graphql.ts').ConsentRecordFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'fragment DecisionFields on Decision {\n  subjectId\n  purposeKey\n  allowed\n  legalBasis\n  reason\n  at\n  record {\n    id\n  }\n}\n\nquery Decide($subjectId: ID!, $purposeKey: ID!, $at: DateTime) {\n  decide(subjectId: $subjectId, purposeKey: $purposeKey, at: $at) {\n    ...DecisionFields\n  }\n}\n\nquery DecideMany($requests: [DecideInput!]!, $at: DateTime) {\n  decideMany(requests: $requests, at: $at) {\n    ...DecisionFields\n  }\n}',
): typeof import('./graphql.ts').DecisionFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'query ConsentSnapshot($purposeKeys: [ID!]!, $first: Int, $after: String) {\n  consentSnapshot(purposeKeys: $purposeKeys, first: $first, after: $after) {\n    rows {\n      subjectId\n      purposeKey\n      status\n      occurredAt\n    }\n    endCursor\n    hasNextPage\n    streamSequence\n    outboxSeq\n  }\n}\n\nquery DeciderSetup {\n  purposes {\n    key\n    legalBasis\n    active\n  }\n  noticeVersions {\n    version\n    publishedAt\n    effectiveAt\n    purposes {\n      purposeKey\n      requiresReconsent\n    }\n  }\n}\n\nsubscription ConsentChanged($purposeKey: ID) {\n  consentChanged(purposeKey: $purposeKey) {\n    id\n    subjectId\n    purposeKey\n    action\n    occurredAt\n    recordedAt\n    noticeVersion {\n      version\n    }\n  }\n}',
): typeof import('./graphql.ts').ConsentSnapshotDocument;

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
