import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createGraphQLClient } from '@assent/web-kit';
import { stubGraphQLFetch, type GraphQLResolver } from '@assent/web-kit/test';
import { App, AppProviders } from '../app';
import { createI18n } from '../i18n/i18n';
import { emptyHistory, meFixture, noticeV1, noticeV2 } from './fixtures';

/** The operations that write to the ledger. */
const CONSENT_MUTATIONS = new Set(['GrantConsent', 'WithdrawConsent', 'RefuseConsent', 'RecordChoices', 'ApplyGpc']);

/**
 * Renders the whole app against a mocked `fetch` that answers by operation
 * name; operations not given fall back to a plausible default.
 */
export function renderApp({
  token = 'subject-token-1',
  api = {},
}: { token?: string | null; api?: Record<string, GraphQLResolver> } = {}) {
  const resolvers: Record<string, GraphQLResolver> = {
    Me: () => ({ data: meFixture() }),
    ConsentHistory: () => ({ data: emptyHistory }),
    PurposeTitles: () => ({ data: { purposes: [] } }),
    NoticeVersions: () => ({ data: { noticeVersions: [noticeV2, noticeV1] } }),
    GpcSignal: () => ({ data: { gpcSignal: false } }),
    MyAccessLog: () => ({ data: { myAccessLog: { entries: [], endCursor: null, hasNextPage: false } } }),
    ...api,
  };
  const { sent, fetchMock } = stubGraphQLFetch(resolvers);

  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const client = createGraphQLClient({ getToken: () => token });
  // English is bundled, so the instance is ready at once; a test can changeLanguage() to another.
  const i18n = createI18n();
  const view = render(
    <AppProviders i18n={i18n} client={client} queryClient={queryClient}>
      <App token={token} />
    </AppProviders>,
  );
  return {
    ...view,
    sent,
    fetchMock,
    queryClient,
    i18n,
    mutations: () => sent.filter((request) => CONSENT_MUTATIONS.has(request.operationName)),
  };
}
