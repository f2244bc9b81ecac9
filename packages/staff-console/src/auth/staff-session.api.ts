import { createContext, useContext } from 'react';
import { ApiError } from '@assent/web-kit';
import type { StaffRole } from './role.queries';

/** The person a staff session signs in, as GET /staff/session tells. */
export interface StaffActor {
  id: string;
  displayName: string;
  role: Exclude<StaffRole, 'SERVICE'>;
  via: 'password' | 'oidc';
}

/** GET /staff/session: who is signed in (with the session's CSRF token), or the ways to sign in. */
export type StaffSessionAnswer =
  | { signedIn: true; actor: StaffActor; csrfToken: string; expiresAt: string }
  | {
      signedIn: false;
      reason?: string;
      methods: { password: boolean; oidc: { name: string; url: string } | null };
    };

/** The staff session endpoints (server: http/staff-session.ts); tests replace them. */
export interface StaffSessionApi {
  current(): Promise<StaffSessionAnswer>;
  signIn(input: {
    email: string;
    password: string;
    totpCode?: string;
  }): Promise<StaffSessionAnswer & { signedIn: true }>;
  signOut(csrfToken: string): Promise<void>;
  /** A local account's own new password: every session of the account ends, and a new one starts for this console. */
  changePassword(
    csrfToken: string,
    input: { currentPassword: string; newPassword: string },
  ): Promise<StaffSessionAnswer & { signedIn: true }>;
}

async function answer<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  let body: { errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[] } & T;
  try {
    body = (await response.json()) as typeof body;
  } catch (cause) {
    throw new ApiError(`The server answered ${response.status} without a readable body.`, {
      code: 'NETWORK_ERROR',
      status: response.status,
      cause,
    });
  }
  const first = body.errors?.[0];
  if (first)
    throw new ApiError(first.message, {
      code: first.extensions?.code ?? 'INTERNAL_SERVER_ERROR',
      extensions: first.extensions ?? {},
      status: response.status,
    });
  return body;
}

async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { credentials: 'same-origin', ...init });
  } catch (cause) {
    throw new ApiError('The server could not be reached.', { code: 'NETWORK_ERROR', cause });
  }
}

/** The real endpoints, same-origin under /staff (the session cookie is scoped there). */
export const staffSessionApi: StaffSessionApi = {
  current: async () => answer(await send('/staff/session', { headers: { Accept: 'application/json' } })),
  signIn: async (input) =>
    answer(
      await send('/staff/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(input),
      }),
    ),
  signOut: async (csrfToken) =>
    answer(await send('/staff/session', { method: 'DELETE', headers: { 'X-CSRF-Token': csrfToken } })),
  changePassword: async (csrfToken, input) =>
    answer(
      await send('/staff/password', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrfToken },
        body: JSON.stringify(input),
      }),
    ),
};

const StaffSessionApiContext = createContext<StaffSessionApi>(staffSessionApi);

/** Provides the session endpoints (tests pass a stand-in). */
export const StaffSessionApiProvider = StaffSessionApiContext.Provider;

/** The session endpoints from the nearest provider (the real ones by default). */
export function useStaffSessionApi(): StaffSessionApi {
  return useContext(StaffSessionApiContext);
}
