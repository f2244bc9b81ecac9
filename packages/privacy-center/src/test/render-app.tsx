import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { vi } from 'vitest';
import { createGraphQLClient } from '../api/graphql-client';
import { App, AppProviders } from '../app';
import { en } from '../i18n/en';
import { emptyHistory, meFixture, noticeV1, noticeV2 } from './fixtures';

/** What a mocked operation answers: a GraphQL body (data and/or errors). */
export type GraphQLBody = { data?: unknown; errors?: { message: string; extensions?: { code: string } }[] };
type Resolver = (variables: Record<string, unknown>) => GraphQLBody | Promise<GraphQLBody>;

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

/**
 * Renders the whole app against a mocked `fetch` that answers by operation
 * name; operations not given fall back to a plausible default.
 */
export function renderApp({ token = 'subject-token-1', api = {} }: { token?: string | null; api?: Record<string, Resolver> } = {}) {
  const resolvers: Record<string, Resolver> = {
    Me: () => ({ data: meFixture() }),
    ConsentHistory: () => ({ data: emptyHistory }),
    PurposeTitles: () => ({ data: { purposes: [] } }),
    NoticeVersions: () => ({ data: { noticeVersions: [noticeV2, noticeV1] } }),
    ...api,
  };
  const sent: SentRequest[] = [];
  const fetchMock = vi.fn(async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as { operationName: string; variables: Record<string, unknown> };
    const headers = new Headers(init.headers);
    sent.push({ operationName: body.operationName, variables: body.variables, authorization: headers.get('Authorization') });
    const resolver = resolvers[body.operationName];
    const answer = resolver ? await resolver(body.variables) : graphqlError('INTERNAL_SERVER_ERROR', `unmocked ${body.operationName}`);
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);

  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const client = createGraphQLClient({ getToken: () => token });
  const view = render(
    <AppProviders messages={en} client={client} queryClient={queryClient}>
      <App token={token} />
    </AppProviders>,
  );
  return { ...view, sent, fetchMock, queryClient, mutations: () => sent.filter((request) => request.operationName === 'GrantConsent' || request.operationName === 'WithdrawConsent') };
}
