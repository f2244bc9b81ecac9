import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { GraphQLClientProvider, type GraphQLRequest, isApiError, useGraphQLClient } from '@assent/web-kit';
import type { Messages } from './i18n/en';
import { MessagesProvider, useMessages } from './i18n/messages';
import { ConsentList } from './features/consents/consent-list';
import { isFirstVisit, meQueryOptions, type Me } from './features/consents/consent.queries';
import { OtherBasesList } from './features/consents/other-bases-list';
import { DownloadRecord } from './features/export/download-record';
import { GpcNote } from './features/gpc/gpc-note';
import { HistoryList } from './features/history/history-list';
import { CurrentNotice } from './features/notice/current-notice';
import { ReconsentPrompt } from './features/reconsent/reconsent-prompt';
import { PageLayout } from './ui/page-layout';
import { Loading, QueryError } from './ui/query-error';

/** Errors that another try cannot fix. */
const FINAL_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'GRAPHQL_VALIDATION_FAILED',
]);

/** The app's QueryClient: a few retries for passing trouble, none for a bad token. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, error) => failures < 2 && !(isApiError(error) && FINAL_CODES.has(error.code)),
      },
    },
  });
}

/** Everything the app needs around it: texts, GraphQL client, query cache. */
export function AppProviders({
  messages,
  client,
  queryClient,
  children,
}: {
  messages: Messages;
  client: GraphQLRequest;
  queryClient: QueryClient;
  children: ReactNode;
}) {
  return (
    <MessagesProvider messages={messages}>
      <GraphQLClientProvider client={client}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </GraphQLClientProvider>
    </MessagesProvider>
  );
}

/** The privacy center for the holder of `token`, or a page that says why it cannot be shown. */
export function App({ token }: { token: string | null }) {
  if (!token) return <TokenProblem kind="missing" />;
  return <PrivacyCenter />;
}

function PrivacyCenter() {
  const m = useMessages();
  const request = useGraphQLClient();
  const me = useQuery(meQueryOptions(request));

  if (isApiError(me.error, 'UNAUTHENTICATED')) return <TokenProblem kind="expired" />;
  if (isApiError(me.error, 'FORBIDDEN')) return <TokenProblem kind="forbidden" />;
  if (me.data) return <SubjectPage subject={me.data.me} />;
  return (
    <PageLayout title={m.app.pageTitle}>
      {me.isError ? (
        <QueryError what={m.consents.what} error={me.error} onRetry={() => void me.refetch()} />
      ) : (
        <Loading>{m.app.loading}</Loading>
      )}
    </PageLayout>
  );
}

function SubjectPage({ subject }: { subject: Me }) {
  const m = useMessages();
  // Decided once per page load: the first choice must not rearrange the page under the person's focus.
  const [welcome] = useState(() => isFirstVisit(subject));
  return (
    <PageLayout title={m.app.pageTitle}>
      <p className="lead">{m.app.intro}</p>
      <GpcNote me={subject} />
      {welcome ? (
        <>
          <ConsentList me={subject} welcome />
          <CurrentNotice notice={subject.currentNotice} />
        </>
      ) : (
        <>
          <ReconsentPrompt me={subject} />
          <CurrentNotice notice={subject.currentNotice} />
          <ConsentList me={subject} />
        </>
      )}
      <OtherBasesList me={subject} />
      <HistoryList me={subject} />
      <DownloadRecord />
    </PageLayout>
  );
}

function TokenProblem({ kind }: { kind: 'missing' | 'expired' | 'forbidden' }) {
  const m = useMessages();
  const text = {
    missing: { title: m.token.missingTitle, body: m.token.missingBody, action: m.token.missingAction },
    expired: { title: m.token.expiredTitle, body: m.token.expiredBody, action: m.token.expiredAction },
    forbidden: { title: m.token.forbiddenTitle, body: m.token.forbiddenBody, action: m.token.missingAction },
  }[kind];
  return (
    <PageLayout title={text.title}>
      <div className="card">
        <p>{text.body}</p>
        <p>
          <strong>{text.action}</strong>
        </p>
      </div>
    </PageLayout>
  );
}
