import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express } from 'express';
import { AssentError, isAssentError } from '@assent/core';
import type { Logger } from '../logger.ts';
import type { Principal } from '../services/auth.service.ts';
import { csrfTokenMatches } from '../services/staff-credentials.ts';
import type { StaffOidc, OidcLoginState } from '../services/staff-oidc.ts';
import type { KeyEncryption } from '../crypto/key-encryption.ts';
import {
  changeOwnStaffPassword,
  endStaffSession,
  resolveStaffSession,
  signInWithPassword,
  startStaffSession,
  type StaffSessionDeps,
  type StaffSessionView,
  type StartedSession,
} from '../use-cases/staff-sessions.ts';
import type { EdgeLimiter } from '../graphql/request-budgets.ts';
import { sendError } from './responses.ts';

// Staff console sessions over HTTP (#18). Everything lives under /staff, and so does the cookie (Path=/staff): the
// console's GraphQL calls go to /staff/graphql, the only endpoint that reads it; /graphql never looks at cookies, so
// API keys (Authorization header) stay the only way in for machines, and no other page's request carries a session.
//
//   GET    /staff/session   who is signed in, and the CSRF token for this session (or how to sign in)
//   POST   /staff/session   local sign-in: { email, password, totpCode? } (only without ASSENT_OIDC_ISSUER)
//   DELETE /staff/session   sign-out (needs the CSRF token)
//   GET    /staff/login     OIDC: redirect to the identity provider; GET /staff/callback comes back with a session
//   POST   /staff/graphql   the API, as the signed-in person (needs the CSRF token on every request)

/** The session cookie's name. */
export const STAFF_COOKIE = 'assent_staff';
/** The header the console sends the CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';
const OIDC_COOKIE = 'assent_oidc';
const OIDC_CONTEXT = 'staff-oidc-login';

/** Reads one cookie from the Cookie header (no library: one name, base64url values). */
export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/** What the staff routes need from the server. */
export interface StaffHttpDeps {
  sessions: StaffSessionDeps;
  oidc: (StaffOidc & { name: string }) | null;
  kek: Pick<KeyEncryption, 'seal' | 'openText'>;
  /** The failed-authentication budget per client IP; null with ASSENT_RATE_LIMITS=off. */
  limits: (EdgeLimiter & { assertWithin(budget: 'failedAuthentications', key: string): Promise<void> }) | null;
  clientIp: (req: IncomingMessage) => string;
  publicUrl: () => string;
  logger: Logger;
}

/** The cookie's attributes: HttpOnly, SameSite=Strict, Path=/staff; Secure when the public URL is https. */
function cookieAttributes(publicUrl: string, maxAgeSeconds: number, sameSite = 'Strict', path = '/staff'): string {
  const secure = publicUrl.startsWith('https://') ? '; Secure' : '';
  return `Path=${path}; HttpOnly; SameSite=${sameSite}; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${secure}`;
}

/** An AssentError as an HTTP answer (the status the code means, the contract's code, details in extensions). */
function sendAssentError(res: ServerResponse, e: AssentError): void {
  const status =
    e.code === 'UNAUTHENTICATED'
      ? 401
      : e.code === 'FORBIDDEN'
        ? 403
        : e.code === 'RATE_LIMITED'
          ? 429
          : e.code === 'NOT_FOUND'
            ? 404
            : 400;
  if (e.code === 'RATE_LIMITED' && typeof e.details?.retryAfterSeconds === 'number')
    res.setHeader('retry-after', String(e.details.retryAfterSeconds));
  const body = JSON.stringify({ errors: [{ message: e.message, extensions: { code: e.code, ...e.details } }] });
  res.setHeader('cache-control', 'no-store');
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Whether a browser's Origin (when it sent one) is this server: the public URL's origin or the Host it called. */
function sameOriginOrNone(req: IncomingMessage, publicUrl: string): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (origin === new URL(publicUrl).origin) return true;
  try {
    return new URL(origin).host === req.headers.host?.toLowerCase();
  } catch {
    return false;
  }
}

const view = (v: StaffSessionView) => ({
  signedIn: true,
  actor: v.actor,
  csrfToken: v.csrfToken,
  expiresAt: v.expiresAt.toISOString(),
});

/**
 * The session a request's cookie names, checked: with `csrf`, the X-CSRF-Token header must be this session's token
 * and Origin (when sent) this server. Throws UNAUTHENTICATED (no or ended session) or FORBIDDEN (CSRF, Origin).
 * Null when no cookie was sent.
 */
async function sessionOf(
  deps: StaffHttpDeps,
  req: IncomingMessage,
  csrf: boolean,
): Promise<{ principal: Principal & { via: 'staff-session' }; view: StaffSessionView } | null> {
  const token = cookieValue(req, STAFF_COOKIE);
  if (!token) return null;
  if (csrf) {
    if (!sameOriginOrNone(req, deps.publicUrl()))
      throw new AssentError(
        'FORBIDDEN',
        'A staff console request must come from the console itself (Origin does not match).',
      );
    const sent = req.headers[CSRF_HEADER];
    if (!csrfTokenMatches(deps.sessions.csrfSecret, token, typeof sent === 'string' ? sent : undefined))
      throw new AssentError(
        'FORBIDDEN',
        `Missing or wrong CSRF token: send the ${CSRF_HEADER} header that GET /staff/session gives with every request of a signed-in console.`,
      );
  }
  return resolveStaffSession(deps.sessions, token);
}

/**
 * Checks credentials within the client IP's failed-authentication budget: over it, RATE_LIMITED before anything is
 * checked (guesses past the budget learn nothing); a check that fails with UNAUTHENTICATED spends from it.
 */
async function withinFailedAuthBudget<T>(
  deps: StaffHttpDeps,
  req: IncomingMessage,
  check: () => Promise<T>,
): Promise<T> {
  const key = `ip:${deps.clientIp(req)}`;
  await deps.limits?.assertWithin('failedAuthentications', key);
  try {
    return await check();
  } catch (e) {
    if (isAssentError(e) && e.code === 'UNAUTHENTICATED') await deps.limits?.consume('failedAuthentications', key);
    throw e;
  }
}

/** The answer to GET /staff/session for someone not signed in: which ways to sign in this server offers. */
const signedOut = (deps: StaffHttpDeps, reason?: string) => ({
  signedIn: false,
  ...(reason ? { reason } : {}),
  methods: { password: deps.oidc === null, oidc: deps.oidc ? { name: deps.oidc.name, url: '/staff/login' } : null },
});

/**
 * Mounts /staff/session, /staff/login and /staff/callback, and returns the context function of /staff/graphql
 * (which http/server.ts mounts on its Apollo server).
 */
export function serveStaffSessions(app: Express, deps: StaffHttpDeps) {
  const cookieFor = (started: StartedSession) =>
    `${STAFF_COOKIE}=${started.token}; ${cookieAttributes(deps.publicUrl(), deps.sessions.sessionMs / 1000)}`;
  const clearCookie = `${STAFF_COOKIE}=; ${cookieAttributes('', 0)}`;
  const fail = (res: ServerResponse, e: unknown) => {
    if (isAssentError(e)) return sendAssentError(res, e);
    deps.logger.error({ err: e }, 'staff session request failed');
    sendError(res, 500, 'Unexpected error.', 'INTERNAL_SERVER_ERROR');
  };
  const noStore = (_req: unknown, res: ServerResponse, next: () => void) => {
    res.setHeader('cache-control', 'no-store');
    next();
  };

  app.get('/staff/session', noStore, async (req, res) => {
    try {
      const s = await sessionOf(deps, req, false);
      res.json(s ? view(s.view) : signedOut(deps));
    } catch (e) {
      if (!isAssentError(e) || e.code !== 'UNAUTHENTICATED') return fail(res, e);
      res.setHeader('set-cookie', clearCookie);
      res.json(signedOut(deps, e.message));
    }
  });

  app.post('/staff/session', noStore, express.json({ limit: '16kb' }), async (req, res) => {
    try {
      if (deps.oidc)
        throw new AssentError(
          'FORBIDDEN',
          `Local staff accounts are off: sign in with ${deps.oidc.name} at /staff/login.`,
        );
      if (!sameOriginOrNone(req, deps.publicUrl()))
        throw new AssentError('FORBIDDEN', 'Sign-in must come from the staff console itself (Origin does not match).');
      const body = (req.body ?? {}) as Record<string, unknown>;
      const { email, password, totpCode } = body;
      if (typeof email !== 'string' || typeof password !== 'string' || email === '' || password === '')
        throw new AssentError(
          'BAD_USER_INPUT',
          'Send JSON { "email": "…", "password": "…" } (and "totpCode" when asked).',
        );
      if (totpCode !== undefined && totpCode !== null && typeof totpCode !== 'string')
        throw new AssentError('BAD_USER_INPUT', 'totpCode must be a string of 6 digits.');
      if (password.length > 1024) throw new AssentError('BAD_USER_INPUT', 'The password is too long.');
      const started = await withinFailedAuthBudget(deps, req, () =>
        signInWithPassword(deps.sessions, { email, password, totpCode: totpCode ?? null }),
      );
      res.setHeader('set-cookie', cookieFor(started));
      res.status(201).json(view(started));
    } catch (e) {
      fail(res, e);
    }
  });

  app.delete('/staff/session', noStore, async (req, res) => {
    try {
      const s = await sessionOf(deps, req, true);
      if (!s) throw new AssentError('UNAUTHENTICATED', 'No staff session to sign out of.');
      await endStaffSession(deps.sessions, s.principal.sessionId);
      res.setHeader('set-cookie', clearCookie);
      res.status(204).end();
    } catch (e) {
      fail(res, e);
    }
  });

  // A signed-in person's own new password (local accounts): CSRF and Origin as every console request; a wrong current
  // password spends the failed-authentication budget like a failed sign-in. Answers the new session (a new cookie and
  // CSRF token: every session of the account, this one too, ended with the old password).
  app.post('/staff/password', noStore, express.json({ limit: '16kb' }), async (req, res) => {
    try {
      const s = await sessionOf(deps, req, true);
      if (!s) throw new AssentError('UNAUTHENTICATED', 'Sign in to the staff console first.');
      const { currentPassword, newPassword } = (req.body ?? {}) as Record<string, unknown>;
      if (typeof currentPassword !== 'string' || typeof newPassword !== 'string' || currentPassword === '')
        throw new AssentError('BAD_USER_INPUT', 'Send JSON { "currentPassword": "…", "newPassword": "…" }.');
      if (currentPassword.length > 1024) throw new AssentError('BAD_USER_INPUT', 'The current password is too long.');
      const started = await withinFailedAuthBudget(deps, req, () =>
        changeOwnStaffPassword(deps.sessions, s.view, { currentPassword, newPassword }),
      );
      res.setHeader('set-cookie', cookieFor(started));
      res.json(view(started));
    } catch (e) {
      fail(res, e);
    }
  });

  app.get('/staff/login', noStore, async (_req, res) => {
    try {
      if (!deps.oidc) throw new AssentError('NOT_FOUND', 'Single sign-on is not configured (ASSENT_OIDC_ISSUER).');
      const { url, login } = await deps.oidc.begin();
      // Lax, not Strict: the identity provider's redirect back is a cross-site navigation, which must carry it.
      res.setHeader(
        'set-cookie',
        `${OIDC_COOKIE}=${deps.kek.seal(JSON.stringify(login), OIDC_CONTEXT)}; ${cookieAttributes(deps.publicUrl(), 600, 'Lax', '/staff/callback')}`,
      );
      res.redirect(302, url.href);
    } catch (e) {
      fail(res, e);
    }
  });

  app.get('/staff/callback', noStore, async (req, res) => {
    try {
      if (!deps.oidc) throw new AssentError('NOT_FOUND', 'Single sign-on is not configured (ASSENT_OIDC_ISSUER).');
      const sealed = cookieValue(req, OIDC_COOKIE);
      let login: OidcLoginState;
      try {
        login = JSON.parse(deps.kek.openText(sealed ?? '', OIDC_CONTEXT)) as OidcLoginState;
      } catch {
        throw new AssentError(
          'UNAUTHENTICATED',
          'This sign-in was not started here, or took too long. Start again at /staff/login.',
        );
      }
      const callbackUrl = new URL(req.originalUrl, deps.publicUrl());
      const oidc = deps.oidc;
      const identity = await withinFailedAuthBudget(deps, req, () => oidc.complete(callbackUrl, login));
      const started = await startStaffSession(deps.sessions, { accountId: null, ...identity, via: 'oidc' });
      res.setHeader('set-cookie', [
        cookieFor(started),
        `${OIDC_COOKIE}=; ${cookieAttributes('', 0, 'Lax', '/staff/callback')}`,
      ]);
      res.redirect(302, '/staff/');
    } catch (e) {
      fail(res, e);
    }
  });

  /**
   * The context facts of a /staff/graphql request: the session's principal, or the error that refuses it. CSRF and
   * Origin failures answer 403 before anything runs (`refuse`); a missing or ended session is UNAUTHENTICATED.
   */
  type Checked = { principal: Principal | null; authError: Error | null; refuse?: AssentError };
  // Asked twice per request (the CSRF gate, then the GraphQL context): the session is read once.
  const checkedByRequest = new WeakMap<IncomingMessage, Promise<Checked>>();
  return function staffPrincipal(req: IncomingMessage): Promise<Checked> {
    let checked = checkedByRequest.get(req);
    if (!checked) {
      checked = check(req);
      checkedByRequest.set(req, checked);
    }
    return checked;
  };
  async function check(req: IncomingMessage): Promise<Checked> {
    try {
      const s = await sessionOf(deps, req, true);
      if (!s)
        return {
          principal: null,
          authError: new AssentError(
            'UNAUTHENTICATED',
            'Sign in to the staff console: no staff session cookie was sent.',
          ),
        };
      return { principal: s.principal, authError: null };
    } catch (e) {
      if (isAssentError(e) && e.code === 'FORBIDDEN') return { principal: null, authError: null, refuse: e };
      if (isAssentError(e)) return { principal: null, authError: e };
      throw e;
    }
  }
}

export { sendAssentError };
