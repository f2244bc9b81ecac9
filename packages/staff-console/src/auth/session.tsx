import { createContext, useContext, type ReactNode } from 'react';
import type { StaffRole } from './role.queries';
import type { StaffSessionAnswer } from './staff-session.api';

/** The signed-in staff member: the role, and who they are when they signed in as themselves (a staff session). */
export interface Session {
  role: StaffRole;
  /** Their email or name (staff sessions); undefined when signed in with an API key. */
  displayName?: string | undefined;
  /** How a staff session signed in (undefined with an API key): only a local account ('password') has a password here. */
  via?: 'password' | 'oidc' | undefined;
  /** The staff session's CSRF token (undefined with an API key). */
  csrfToken?: string | undefined;
  /** Takes the session that a password change started (its cookie came with the answer). */
  sessionRenewed?: ((answer: StaffSessionAnswer & { signedIn: true }) => void) | undefined;
  signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);

/** Makes the session available to the pages below it. */
export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** The current session; only rendered inside a signed-in console. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a SessionProvider above it.');
  return session;
}
