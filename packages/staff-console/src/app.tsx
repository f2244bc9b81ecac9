import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { GraphQLClientProvider, type GraphQLRequest, isApiError, useGraphQLClient } from '@assent/web-kit';
import { probeRole, type ProbeResult, type StaffRole } from './auth/role.queries';
import { SessionProvider, type Session } from './auth/session';
import { clearStoredApiKey, readStoredApiKey, setCsrfToken, storeApiKey } from './auth/session-storage';
import { SignIn, type SignInReason } from './auth/sign-in';
import { AccessLogPage } from './features/access-log/access-log-page';
import { AccountPage } from './features/account/account-page';
import { useStaffSessionApi, type StaffSessionAnswer } from './auth/staff-session.api';
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
/** GET /staff/session's answer: who is signed in with a staff session cookie, or how to sign in. */
export const staffSessionQueryKey = ['staff-session'] as const;

/**
 * The console: sign-in until a staff session (the default for people: a local account or the organisation's identity
 * provider) or a pasted API key (machines, the bootstrap token) is accepted, then the pages for its role.
 */
export function App() {
  const queryClient = useQueryClient();
  const request = useGraphQLClient();
  const sessionApi = useStaffSessionApi();
  const [apiKey, setApiKey] = useState<string | null>(readStoredApiKey);
  const [reason, setReason] = useState<SignInReason>(null);
  const [, rerender] = useState(0);

  // Without a key: is there a staff session (an HttpOnly cookie this page cannot see)? The server says, with its CSRF token.
  const staff = useQuery({
    queryKey: staffSessionQueryKey,
    queryFn: async (): Promise<StaffSessionAnswer> => {
      const answer = await sessionApi.current();
      setCsrfToken(answer.signedIn ? answer.csrfToken : null);
      return answer;
    },
    enabled: apiKey === null,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
  const staffAnswer = apiKey === null ? staff.data : undefined;
  const staffSignedIn = staffAnswer?.signedIn === true ? staffAnswer : null;

  // Nothing read with the old key or session may be shown to the next one; the server's sign-in methods stay known.
  const clearCache = useCallback(() => {
    const previous = queryClient.getQueryData<StaffSessionAnswer>(staffSessionQueryKey);
    queryClient.clear();
    if (previous && !previous.signedIn)
      queryClient.setQueryData(staffSessionQueryKey, { ...previous, reason: undefined });
  }, [queryClient]);

  const endSession = useCallback(
    (why: SignInReason) => {
      clearStoredApiKey();
      setCsrfToken(null);
      clearCache();
      setApiKey(null);
      setReason(why);
      rerender((n) => n + 1);
    },
    [clearCache],
  );

  // A key revoked, or a session ended, while the console is open: every later request says UNAUTHENTICATED.
  const signedIn = apiKey !== null || staffSignedIn !== null;
  useEffect(() => {
    if (!signedIn) return;
    const onError = (error: unknown) => {
      if (isApiError(error, 'UNAUTHENTICATED')) endSession(apiKey ? 'key-rejected' : 'session-ended');
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
  }, [signedIn, apiKey, queryClient, endSession]);

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
    setCsrfToken(null);
    clearCache();
    const accepted: ProbeResult = { kind: 'role', role };
    queryClient.setQueryData(roleQueryKey, accepted);
    setReason(null);
    requestHeadingFocus();
    setApiKey(key);
  };

  const sessionStarted = (answer: StaffSessionAnswer & { signedIn: true }) => {
    setCsrfToken(answer.csrfToken);
    queryClient.clear();
    queryClient.setQueryData(staffSessionQueryKey, answer);
    setReason(null);
    requestHeadingFocus();
    rerender((n) => n + 1);
  };

  // A password change ended every session of the account and started this one: same person, new cookie and CSRF token.
  const sessionRenewed = useCallback(
    (answer: StaffSessionAnswer & { signedIn: true }) => {
      setCsrfToken(answer.csrfToken);
      queryClient.setQueryData(staffSessionQueryKey, answer);
    },
    [queryClient],
  );

  const signOutOfSession = useCallback(async () => {
    if (staffSignedIn) await sessionApi.signOut(staffSignedIn.csrfToken).catch(() => {});
    endSession('signed-out');
  }, [staffSignedIn, sessionApi, endSession]);

  if (!apiKey) {
    if (staffSignedIn)
      return (
        <SignedIn
          role={staffSignedIn.actor.role}
          displayName={staffSignedIn.actor.displayName}
          via={staffSignedIn.actor.via}
          csrfToken={staffSignedIn.csrfToken}
          sessionRenewed={sessionRenewed}
          onSignOut={() => void signOutOfSession()}
        />
      );
    if (staffAnswer && !staffAnswer.signedIn)
      return (
        <SignIn
          reason={reason}
          methods={staffAnswer.methods}
          serverReason={staffAnswer.reason}
          onSignedIn={signIn}
          onSessionStarted={sessionStarted}
        />
      );
    if (staff.isError)
      return (
        <SignIn
          reason={reason}
          methods={{ password: false, oidc: null }}
          onSignedIn={signIn}
          onSessionStarted={sessionStarted}
        />
      );
    return (
      <SignedOutLayout title="Staff console">
        <Loading>Checking your session…</Loading>
      </SignedOutLayout>
    );
  }
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

function SignedIn({
  role,
  displayName,
  via,
  csrfToken,
  sessionRenewed,
  onSignOut,
}: {
  role: StaffRole;
  displayName?: string;
  via?: Session['via'];
  csrfToken?: string;
  sessionRenewed?: Session['sessionRenewed'];
  onSignOut: () => void;
}) {
  const session = useMemo<Session>(
    () => ({ role, displayName, via, csrfToken, sessionRenewed, signOut: onSignOut }),
    [role, displayName, via, csrfToken, sessionRenewed, onSignOut],
  );
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
    case 'account':
      return <AccountPage />;
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
