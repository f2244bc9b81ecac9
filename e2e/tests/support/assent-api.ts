import { expect, type APIRequestContext } from '@playwright/test';

/** The bootstrap admin token the runner gives the server (see playwright.config.ts). */
export const ADMIN_TOKEN = process.env.ASSENT_ADMIN_TOKEN ?? 'e2e-admin-token-0001';

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One GraphQL operation against the e2e server; fails the test on any GraphQL error. */
export async function gql<T>(
  request: APIRequestContext,
  query: string,
  variables: Record<string, unknown> = {},
  token: string = ADMIN_TOKEN,
): Promise<T> {
  const response = await request.post('/graphql', {
    data: { query, variables },
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as GraphQLBody<T>;
  expect(body.errors, `GraphQL errors for ${query.trim().split('\n')[0]}`).toBeUndefined();
  expect(response.status()).toBe(200);
  return body.data!;
}

/** A subject id no other test (or earlier run against the same database) uses. */
export function uniqueSubjectId(label: string): string {
  return `pc-${Date.now()}-${Math.random().toString(36).slice(2, 8)}-${label}`;
}

/** A privacy-center link token for one subject, minted as admin. */
export async function mintSubjectToken(
  request: APIRequestContext,
  subjectId: string,
  ttlSeconds = 900,
): Promise<{ token: string; expiresAt: string }> {
  const data = await gql<{ issueSubjectToken: { token: string; expiresAt: string } }>(
    request,
    `mutation Mint($subjectId: ID!, $ttl: Int) { issueSubjectToken(subjectId: $subjectId, ttlSeconds: $ttl) { token expiresAt } }`,
    { subjectId, ttl: ttlSeconds },
  );
  return data.issueSubjectToken;
}

export interface PurposeInfo {
  key: string;
  title: string;
  description: string;
  legalBasis: string;
  requiresConsent: boolean;
  active: boolean;
}

export interface NoticeInfo {
  id: string;
  version: number;
  publishedAt: string;
  effectiveAt: string;
  summary: string;
  purposes: { purposeKey: string; title: string; description: string; requiresReconsent: boolean }[];
}

const NOTICE_FIELDS =
  'id version publishedAt effectiveAt summary purposes { purposeKey title description requiresReconsent }';

/** The public catalogue as it is now: every purpose and the notice in force. */
export async function catalogue(
  request: APIRequestContext,
): Promise<{ purposes: PurposeInfo[]; currentNotice: NoticeInfo }> {
  return gql(
    request,
    `{ purposes { key title description legalBasis requiresConsent active } currentNotice { ${NOTICE_FIELDS} } }`,
  );
}

/** The active purposes that take consent, in the order the server lists them (the page's order). */
export async function activeConsentPurposes(request: APIRequestContext): Promise<PurposeInfo[]> {
  return (await catalogue(request)).purposes.filter((purpose) => purpose.active && purpose.requiresConsent);
}

/** The title of a purpose as it stands now (other journeys may have republished it). */
export async function titleOf(request: APIRequestContext, key: string): Promise<string> {
  const found = (await catalogue(request)).purposes.find((purpose) => purpose.key === key);
  expect(found, `purpose ${key} exists`).toBeDefined();
  return found!.title;
}

/**
 * Publishes notice N+1 that keeps every active purpose's current text except
 * `purposeKey`, whose description becomes `description` with requiresReconsent.
 */
export async function publishChangedDescription(
  request: APIRequestContext,
  purposeKey: string,
  description: string,
): Promise<{ before: NoticeInfo; after: NoticeInfo }> {
  const { purposes, currentNotice } = await catalogue(request);
  const active = purposes.filter((purpose) => purpose.active);
  expect(active.map((purpose) => purpose.key)).toContain(purposeKey);
  const input = {
    summary: `${currentNotice.summary.replace(/\s*\(e2e revision [^)]*\)$/, '')} (e2e revision ${Date.now()})`,
    purposes: active.map((purpose) => {
      const text = currentNotice.purposes.find((entry) => entry.purposeKey === purpose.key) ?? purpose;
      return purpose.key === purposeKey
        ? { purposeKey: purpose.key, title: text.title, description, requiresReconsent: true }
        : { purposeKey: purpose.key, title: text.title, description: text.description, requiresReconsent: false };
    }),
  };
  const data = await gql<{ publishNotice: NoticeInfo }>(
    request,
    `mutation Publish($input: PublishNoticeInput!) { publishNotice(input: $input) { ${NOTICE_FIELDS} } }`,
    { input },
  );
  expect(data.publishNotice.version).toBe(currentNotice.version + 1);
  return { before: currentNotice, after: data.publishNotice };
}

/** Records a grant on the subject's behalf, as an admin with evidence (the contract requires it). */
export async function grantAsAdmin(
  request: APIRequestContext,
  subjectId: string,
  purposeKey: string,
): Promise<{ id: string }> {
  const data = await gql<{ grantConsent: { id: string } }>(
    request,
    `mutation Grant($input: ConsentInput!) { grantConsent(input: $input) { id } }`,
    {
      input: {
        subjectId,
        purposeKey,
        channel: 'API',
        method: 'e2e/setup',
        evidence: { source: 'privacy-center e2e setup' },
      },
    },
  );
  return data.grantConsent;
}

/**
 * Records a decision on every active consent purpose for the subject, as an admin with evidence, in one
 * recordChoices call: GRANT for `grants`, REFUSE for the rest. Under contract 1.1 a purpose never decided is
 * asked about, so this is how a test starts from a subject with nothing left to ask.
 */
export async function decideAllAsAdmin(
  request: APIRequestContext,
  subjectId: string,
  grants: string[],
): Promise<{ id: string; purposeKey: string; action: string }[]> {
  const purposes = await activeConsentPurposes(request);
  const data = await gql<{ recordChoices: { id: string; purposeKey: string; action: string }[] }>(
    request,
    `mutation Choices($input: ChoicesInput!) { recordChoices(input: $input) { id purposeKey action } }`,
    {
      input: {
        subjectId,
        channel: 'API',
        method: 'e2e/setup',
        evidence: { source: 'privacy-center e2e setup' },
        choices: purposes.map((purpose) => ({
          purposeKey: purpose.key,
          action: grants.includes(purpose.key) ? 'GRANT' : 'REFUSE',
        })),
      },
    },
  );
  return data.recordChoices;
}

export interface DecisionInfo {
  allowed: boolean;
  reason: string;
  record: {
    id: string;
    action: string;
    channel: string;
    method: string;
    actor: { kind: string; id: string | null };
    noticeVersion: { id: string; version: number };
  } | null;
}

/** The server's decision for one subject and purpose, asked as admin. */
export async function decide(request: APIRequestContext, subjectId: string, purposeKey: string): Promise<DecisionInfo> {
  const data = await gql<{ decide: DecisionInfo }>(
    request,
    `query Decide($subjectId: ID!, $purposeKey: ID!) {
      decide(subjectId: $subjectId, purposeKey: $purposeKey) {
        allowed reason record { id action channel method actor { kind id } noticeVersion { id version } }
      }
    }`,
    { subjectId, purposeKey },
  );
  return data.decide;
}

export interface HistoryInfo {
  totalCount: number;
  ids: string[];
  records: { id: string; purposeKey: string; action: string; channel: string; method: string }[];
}

/** The subject's ledger, newest first, as admin. */
export async function history(request: APIRequestContext, subjectId: string): Promise<HistoryInfo> {
  const data = await gql<{ consentHistory: { totalCount: number; edges: { node: HistoryInfo['records'][number] }[] } }>(
    request,
    `query History($subjectId: ID!) { consentHistory(subjectId: $subjectId, first: 200) { totalCount edges { node { id purposeKey action channel method } } } }`,
    { subjectId },
  );
  const records = data.consentHistory.edges.map((edge) => edge.node);
  return { totalCount: data.consentHistory.totalCount, ids: records.map((record) => record.id), records };
}

/** `me` as the subject sees it, with the subject's own token. */
export async function meAsSubject(
  request: APIRequestContext,
  token: string,
): Promise<{
  needsPrompt: boolean;
  purposes: { needsPrompt: boolean; status: string; purpose: { key: string; title: string } }[];
}> {
  const data = await gql<{ me: Awaited<ReturnType<typeof meAsSubject>> }>(
    request,
    `{ me { needsPrompt purposes { needsPrompt status purpose { key title } } } }`,
    {},
    token,
  );
  return data.me;
}
