import { QueryClient, QueryClientProvider, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { GraphQLClientProvider, type GraphQLRequest, isApiError, useGraphQLClient } from '@assent/web-kit';
import type { i18n as I18n } from 'i18next';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { AccessLogList } from './features/access-log/access-log-list';
import { ConsentList } from './features/consents/consent-list';
import { isFirstVisit, meQueryOptions, type Me } from './features/consents/consent.queries';
import { OtherBasesList } from './features/consents/other-bases-list';
import { DownloadRecord } from './features/export/download-record';
import { GpcNote } from './features/gpc/gpc-note';
import { HistoryList } from './features/history/history-list';
import { consentHistoryQueryOptions, isErased } from './features/history/history.queries';
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
  i18n,
  client,
  queryClient,
  children,
}: {
  i18n: I18n;
  client: GraphQLRequest;
  queryClient: QueryClient;
  children: ReactNode;
}) {
  return (
    <I18nextProvider i18n={i18n}>
      <GraphQLClientProvider client={client}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </GraphQLClientProvider>
    </I18nextProvider>
  );
}

/** The privacy center for the holder of `token`, or a page that says why it cannot be shown. */
export function App({ token }: { token: string | null }) {
  if (!token) return <TokenProblem kind="missing" />;
  return <PrivacyCenter />;
}

function PrivacyCenter() {
  const { t } = useTranslation();
  const request = useGraphQLClient();
  const me = useQuery(meQueryOptions(request));

  if (isApiError(me.error, 'UNAUTHENTICATED')) return <TokenProblem kind="expired" />;
  if (isApiError(me.error, 'FORBIDDEN')) return <TokenProblem kind="forbidden" />;
  if (me.data) return <SubjectPage subject={me.data.me} />;
  return (
    <PageLayout title={t('app.pageTitle')}>
      {me.isError ? (
        <QueryError what={t('consents.what')} error={me.error} onRetry={() => void me.refetch()} />
      ) : (
        <Loading>{t('app.loading')}</Loading>
      )}
    </PageLayout>
  );
}

function SubjectPage({ subject }: { subject: Me }) {
  const { t } = useTranslation();
  const request = useGraphQLClient();
  // Decided once per page load: the first choice must not rearrange the page under the person's focus.
  const [welcome] = useState(() => isFirstVisit(subject));
  // The history list's own query (one request, shared): an ERASE entry means the person was erased, and nothing can
  // be chosen any more (every write under the id is refused), so no toggles are offered.
  const history = useInfiniteQuery(consentHistoryQueryOptions(request, subject.subjectId));
  const erased = isErased(history.data?.pages);
  return (
    <PageLayout title={t('app.pageTitle')}>
      <p className="lead">{t('app.intro')}</p>
      {erased ? (
        <section aria-labelledby="erased-heading" className="card">
          <h2 id="erased-heading">{t('app.erasedHeading')}</h2>
          <p>{t('errors.erased')}</p>
        </section>
      ) : (
        <ChoicesPart subject={subject} welcome={welcome} />
      )}
      <OtherBasesList me={subject} />
      <HistoryList me={subject} />
      <AccessLogList />
      <DownloadRecord />
    </PageLayout>
  );
}

/** What the person can choose: the consent toggles with the notice (and the re-consent prompt on a later visit). */
function ChoicesPart({ subject, welcome }: { subject: Me; welcome: boolean }) {
  return (
    <>
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
    </>
  );
}

function TokenProblem({ kind }: { kind: 'missing' | 'expired' | 'forbidden' }) {
  const { t } = useTranslation();
  const text = {
    missing: { title: t('token.missingTitle'), body: t('token.missingBody'), action: t('token.missingAction') },
    expired: { title: t('token.expiredTitle'), body: t('token.expiredBody'), action: t('token.expiredAction') },
    forbidden: { title: t('token.forbiddenTitle'), body: t('token.forbiddenBody'), action: t('token.missingAction') },
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
