import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { vi } from 'vitest';
import { createGraphQLClient } from '../api/graphql-client';
import { API_KEY_STORAGE_KEY, readStoredApiKey } from '../auth/session-storage';
import { App, AppProviders } from '../app';
import { navigate, type Route } from '../routing/router';
import { ledgerRecord, noticeV1, noticeV2, purposes, subjectFixture } from './fixtures';

/** What a mocked operation answers: a GraphQL body (data and/or errors). */
export type GraphQLBody = { data?: unknown; errors?: { message: string; extensions?: { code: string } }[] };
type Resolver = (variables: Record<string, unknown>, authorization: string | null) => GraphQLBody | Promise<GraphQLBody>;

/** One request the app sent, decoded. */
export interface SentRequest {
  operationName: string;
  variables: Record<string, unknown>;
  authorization: string | null;
}

/** A GraphQL body with an error carrying `extensions.code`, as the server sends it. */
export function graphqlError(code: string, message = 'refused'): GraphQLBody {
  return { errors: [{ message, extensions: { code } }] };
}

/** Answers of a SUPPORT key: admin-only operations are FORBIDDEN. */
export const supportRole: Record<string, Resolver> = {
  ProbeAdmin: () => graphqlError('FORBIDDEN', 'The SUPPORT role may not do this.'),
  ProbeSupport: () => ({ data: { verifyLedger: { ok: true } } }),
};

/** Answers of an ADMIN key. */
export const adminRole: Record<string, Resolver> = {
  ProbeAdmin: () => ({ data: { apiKeys: [] } }),
};

/**
 * Renders the console against a mocked `fetch` that answers by operation
 * name (a SUPPORT key looking at subject jane-42 unless told otherwise).
 * `apiKey` pre-signs in, as a key kept in sessionStorage does; `route` opens a page.
 */
export function renderApp({ apiKey = 'assent_sk_support', route, api = {} }: { apiKey?: string | null; route?: Route; api?: Record<string, Resolver> } = {}) {
  const resolvers: Record<string, Resolver> = {
    ...supportRole,
    ProbeSubject: () => graphqlError('FORBIDDEN'),
    Purposes: () => ({ data: { purposes } }),
    NoticeVersions: () => ({ data: { noticeVersions: [noticeV2, noticeV1] } }),
    QueryFields: () => ({ data: { __type: { fields: [{ name: 'subject' }] } } }),
    SubjectConsents: () => ({ data: subjectFixture() }),
    SubjectDecisions: (variables) => ({
      data: {
        decideMany: (variables.requests as { purposeKey: string }[]).map(({ purposeKey }) => ({
          purposeKey,
          allowed: purposeKey !== 'analytics',
          legalBasis: purposeKey === 'essential-service' ? 'CONTRACT' : 'CONSENT',
          reason: purposeKey === 'analytics' ? 'NO_CONSENT' : purposeKey === 'essential-service' ? 'OTHER_LEGAL_BASIS' : 'CONSENT_GRANTED',
          at: (variables.at as string | undefined) ?? new Date().toISOString(),
          record: purposeKey === 'marketing-email' ? { id: 'rec-1', action: 'GRANT', channel: 'WEB', occurredAt: '2026-03-04T10:15:00.000Z', noticeVersion: { id: 'notice-1', version: 1 } } : null,
        })),
      },
    }),
    SubjectLedger: () => ({ data: { consentHistory: { edges: [{ node: ledgerRecord() }], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 1 } } }),
    VerifySubjectLedger: () => ({ data: { verifyLedger: { ok: true, recordsChecked: 1, firstBrokenRecordId: null } } }),
    ...api,
  };
  const sent: SentRequest[] = [];
  const fetchMock = vi.fn(async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as { operationName: string; variables: Record<string, unknown> };
    const authorization = new Headers(init.headers).get('Authorization');
    sent.push({ operationName: body.operationName, variables: body.variables, authorization });
    const resolver = resolvers[body.operationName];
    const answer = resolver ? await resolver(body.variables, authorization) : graphqlError('INTERNAL_SERVER_ERROR', `unmocked ${body.operationName}`);
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);

  if (apiKey) sessionStorage.setItem(API_KEY_STORAGE_KEY, apiKey);
  if (route) navigate(route, { replace: true });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const view = render(
    <AppProviders client={createGraphQLClient({ getToken: readStoredApiKey })} queryClient={queryClient}>
      <App />
    </AppProviders>,
  );
  return { ...view, sent, fetchMock, queryClient, operations: () => sent.map((request) => request.operationName) };
}
