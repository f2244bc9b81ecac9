import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createGraphQLClient } from '@assent/web-kit';
import { graphqlError, stubGraphQLFetch, type GraphQLResolver } from '@assent/web-kit/test';
import { API_KEY_STORAGE_KEY, readStoredApiKey } from '../auth/session-storage';
import { App, AppProviders, staffSessionQueryKey } from '../app';
import { StaffSessionApiProvider, type StaffSessionAnswer, type StaffSessionApi } from '../auth/staff-session.api';
import { navigate, type Route } from '../routing/router';
import { ledgerPage, ledgerRecord, noticeV1, noticeV2, purposes, subjectFixture } from './fixtures';

/** Answers of a SUPPORT key: admin-only operations are FORBIDDEN. */
export const supportRole: Record<string, GraphQLResolver> = {
  ProbeAdmin: () => graphqlError('FORBIDDEN', 'The SUPPORT role may not do this.'),
  ProbeSupport: () => ({ data: { verifyLedger: { ok: true } } }),
};

/** Answers of an ADMIN key. */
export const adminRole: Record<string, GraphQLResolver> = {
  ProbeAdmin: () => ({ data: { apiKeys: [] } }),
};

/**
 * Renders the console against a mocked `fetch` that answers by operation
 * name (a SUPPORT key looking at subject jane-42 unless told otherwise).
 * `apiKey` pre-signs in, as a key kept in sessionStorage does; `route` opens a page.
 */
/** A server without personal sign-in (only API keys), as the console's older tests assume. */
export const keysOnly: StaffSessionAnswer = { signedIn: false, methods: { password: false, oidc: null } };

/** Staff session endpoints answering from `current` (signed out, keys only, unless told). */
export function stubSessionApi(overrides: Partial<StaffSessionApi> = {}): StaffSessionApi {
  return {
    current: async () => keysOnly,
    signIn: async () => {
      throw new Error('signIn not stubbed');
    },
    signOut: async () => {},
    changePassword: async () => {
      throw new Error('changePassword not stubbed');
    },
    ...overrides,
  };
}

export function renderApp({
  apiKey = 'assent_sk_support',
  route,
  api = {},
  session,
  sessionApi = stubSessionApi(),
}: {
  apiKey?: string | null;
  route?: Route;
  api?: Record<string, GraphQLResolver>;
  /** What GET /staff/session answered before the console rendered (keys only by default). */
  session?: StaffSessionAnswer;
  sessionApi?: StaffSessionApi;
} = {}) {
  const resolvers: Record<string, GraphQLResolver> = {
    ...supportRole,
    ProbeSubject: () => graphqlError('FORBIDDEN'),
    Purposes: () => ({ data: { purposes } }),
    NoticeVersions: () => ({ data: { noticeVersions: [noticeV2, noticeV1] } }),
    // The fixtures have English texts only: any language asked falls back to them, as the server does.
    NoticeVersionsIn: () => ({ data: { noticeVersions: [noticeV2, noticeV1] } }),
    QueryFields: () => ({ data: { __type: { fields: [{ name: 'subject' }] } } }),
    SubjectConsents: () => ({ data: subjectFixture() }),
    SubjectDecisions: (variables) => ({
      data: {
        decideMany: (variables.requests as { purposeKey: string }[]).map(({ purposeKey }) => ({
          purposeKey,
          allowed: purposeKey !== 'analytics',
          legalBasis: purposeKey === 'essential-service' ? 'CONTRACT' : 'CONSENT',
          reason:
            purposeKey === 'analytics'
              ? 'NO_CONSENT'
              : purposeKey === 'essential-service'
                ? 'OTHER_LEGAL_BASIS'
                : 'CONSENT_GRANTED',
          at: (variables.at as string | undefined) ?? new Date().toISOString(),
          record:
            purposeKey === 'marketing-email'
              ? {
                  id: 'rec-1',
                  action: 'GRANT',
                  channel: 'WEB',
                  occurredAt: '2026-03-04T10:15:00.000Z',
                  noticeVersion: { id: 'notice-1', version: 1 },
                }
              : null,
        })),
      },
    }),
    SubjectLedger: () => ledgerPage(ledgerRecord()),
    VerifySubjectLedger: () => ({ data: { verifyLedger: { ok: true, recordsChecked: 1, firstBrokenRecordId: null } } }),
    ...api,
  };
  const { sent, fetchMock } = stubGraphQLFetch(resolvers);

  if (apiKey) sessionStorage.setItem(API_KEY_STORAGE_KEY, apiKey);
  if (route) navigate(route, { replace: true });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  queryClient.setQueryData(staffSessionQueryKey, session ?? keysOnly);
  const view = render(
    <StaffSessionApiProvider value={sessionApi}>
      <AppProviders client={createGraphQLClient({ getToken: readStoredApiKey })} queryClient={queryClient}>
        <App />
      </AppProviders>
    </StaffSessionApiProvider>,
  );
  return { ...view, sent, fetchMock, queryClient, operations: () => sent.map((request) => request.operationName) };
}
