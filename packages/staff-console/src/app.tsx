import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { GraphQLClientProvider, type GraphQLRequest, isApiError, useGraphQLClient } from '@assent/web-kit';
import { probeRole, type ProbeResult, type StaffRole } from './auth/role.queries';
import { SessionProvider, type Session } from './auth/session';
import { clearStoredApiKey, readStoredApiKey, storeApiKey } from './auth/session-storage';
import { SignIn, type SignInReason } from './auth/sign-in';
import { AccessLogPage } from './features/access-log/access-log-page';
import { ApiKeysPage } from './features/api-keys/api-keys-page';
import { NoticesPage } from './features/notices/notices-page';
import { PurposesPage } from './features/purposes/purposes-page';
import { SubjectsPage } from './features/subjects/subjects-page';
import { WebhooksPage } from './features/webhooks/webhooks-page';
import { Link, requestHeadingFocus, useRoute } from './routing/router';
import { PageLayout, SignedOutLayout } from './ui/page-layout';
import { Loading, QueryError } from './ui/query-error';

/** Errors that another try cannot fix. */
const FINAL_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'GRAPHQL_VALIDATION_FAILED',
  'INTERNAL_SERVER_ERROR',
]);

/** The console's QueryClient: a retry for passing trouble, none for refusals. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (failures, error) => failures < 1 && !(isApiError(error) && FINAL_CODES.has(error.code)),
      },
    },
  });
}

/** Everything the app needs around it: GraphQL client and query cache. */
export function AppProviders({
  client,
  queryClient,
  children,
}: {
  client: GraphQLRequest;
  queryClient: QueryClient;
  children: ReactNode;
}) {
  return (
    <GraphQLClientProvider client={client}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </GraphQLClientProvider>
  );
}

const roleQueryKey = ['session-role'] as const;

/** The console: sign-in until a key is accepted, then the pages for its role. */
export function App() {
  const queryClient = useQueryClient();
  const request = useGraphQLClient();
  const [apiKey, setApiKey] = useState<string | null>(readStoredApiKey);
  const [reason, setReason] = useState<SignInReason>(null);

  const endSession = useCallback(
    (why: SignInReason) => {
      clearStoredApiKey();
      // Nothing read with the old key may be shown to the next one.
      queryClient.clear();
      setApiKey(null);
      setReason(why);
    },
    [queryClient],
  );

  // A key revoked while the console is open: every later request says UNAUTHENTICATED.
  useEffect(() => {
    if (!apiKey) return;
    const onError = (error: unknown) => {
      if (isApiError(error, 'UNAUTHENTICATED')) endSession('key-rejected');
    };
    const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
    };
  }, [apiKey, queryClient, endSession]);

  // A key kept from earlier in this tab is checked again: it may have been revoked since.
  const probe = useQuery({
    queryKey: roleQueryKey,
    queryFn: (): Promise<ProbeResult> => probeRole(request),
    enabled: apiKey !== null,
    staleTime: Infinity,
    gcTime: Infinity,
  });
  const probed = probe.data;
  useEffect(() => {
    if (apiKey && probed && probed.kind !== 'role') endSession('key-rejected');
  }, [apiKey, probed, endSession]);

  const signIn = (key: string, role: StaffRole) => {
    storeApiKey(key);
    queryClient.clear();
    const accepted: ProbeResult = { kind: 'role', role };
    queryClient.setQueryData(roleQueryKey, accepted);
    setReason(null);
    requestHeadingFocus();
    setApiKey(key);
  };

  if (!apiKey) return <SignIn reason={reason} onSignedIn={signIn} />;
  if (probed?.kind === 'role') return <SignedIn role={probed.role} onSignOut={() => endSession('signed-out')} />;
  return (
    <SignedOutLayout title="Staff console">
      {probe.isError ? (
        <QueryError what="your key’s role" error={probe.error} onRetry={() => void probe.refetch()} />
      ) : (
        <Loading>Checking your key…</Loading>
      )}
    </SignedOutLayout>
  );
}

function SignedIn({ role, onSignOut }: { role: StaffRole; onSignOut: () => void }) {
  const session = useMemo<Session>(() => ({ role, signOut: onSignOut }), [role, onSignOut]);
  return (
    <SessionProvider session={session}>
      <Pages />
    </SessionProvider>
  );
}

function Pages() {
  const route = useRoute();
  switch (route.page) {
    case 'subjects':
      return <SubjectsPage subjectId={route.subjectId} />;
    case 'purposes':
      return <PurposesPage />;
    case 'notices':
      return <NoticesPage />;
    case 'api-keys':
      return <ApiKeysPage />;
    case 'webhooks':
      return <WebhooksPage />;
    case 'access-log':
      return <AccessLogPage />;
    case 'not-found':
      return (
        <PageLayout title="Page not found" current="not-found">
          <p>
            There is no such page in the staff console. <Link to={{ page: 'subjects' }}>Go to Subjects</Link>.
          </p>
        </PageLayout>
      );
  }
}
