import { randomUUID } from 'node:crypto';
import {
  AssentError,
  checkStaffPassword,
  normalizeStaffEmail,
  STAFF_SESSION_ENDED,
  staffSessionsPrunedBefore,
  staffSessionState,
  totpStepUsable,
  type StaffRole,
} from '@assent/core';
import type { StaffAccountRow, StaffSessionRow } from '../db/staff.repository.ts';
import type { Principal } from '../services/auth.service.ts';
import {
  csrfTokenFor,
  newSessionToken,
  sessionTokenHash,
  totpCodeStep,
  verifyPassword,
} from '../services/staff-credentials.ts';
import { replaceStaffPassword, totpContext, type StaffAccountDeps } from './staff-accounts.ts';

/** What the session use cases need besides the accounts'. */
export interface StaffSessionDeps extends StaffAccountDeps {
  /** Keys the CSRF tokens (a sealed setting). */
  csrfSecret: string;
  sessionMs: number;
  idleMs: number;
}

/** A staff member who is signed in, as the console sees them. */
export interface StaffSessionView {
  actor: { id: string; displayName: string; role: StaffRole; via: StaffSessionRow['via'] };
  csrfToken: string;
  expiresAt: Date;
}

/** A session just started: the cookie's token (shown to nobody else) and the view. */
export interface StartedSession extends StaffSessionView {
  token: string;
}

/** A disabled account's refusal, told only to someone who proved they hold it. */
const accountDisabled = () => new AssentError('FORBIDDEN', 'This staff account is disabled. Ask an administrator.');

/** Who the console says you are; the same answer for an unknown email and a wrong password (no account enumeration). */
const WRONG_CREDENTIALS = 'The email or the password is not right.';

/**
 * Signs in with a local account's email and password (and TOTP code when the account has one enrolled). An unknown
 * email, a wrong password and a wrong or missing code all throw UNAUTHENTICATED (the caller counts them against the
 * client's IP); the email is hashed against the same cost either way. A disabled account is refused with FORBIDDEN,
 * but only to someone who gave its password and code.
 */
export async function signInWithPassword(
  deps: StaffSessionDeps,
  input: { email: string; password: string; totpCode?: string | null },
): Promise<StartedSession> {
  let email: string | null;
  try {
    email = normalizeStaffEmail(input.email);
  } catch {
    email = null;
  }
  const account = email ? await deps.staff.findAccountByEmail(email) : null;
  if (!(await verifyPassword(account?.passwordHash ?? null, input.password)) || !account)
    throw new AssentError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  if (account.totpSecret) {
    if (!input.totpCode)
      throw new AssentError('UNAUTHENTICATED', 'Enter the 6-digit code from your authenticator app.', {
        details: { totpRequired: true },
      });
    const secret = deps.kek.openText(account.totpSecret, totpContext(account.id));
    const now = deps.now();
    const step = totpCodeStep(secret, input.totpCode, now);
    if (step === null)
      throw new AssentError(
        'UNAUTHENTICATED',
        'The authenticator code is not right (or has expired). Try the current one.',
        {
          details: { totpRequired: true },
        },
      );
    // Each code signs in once: a code already used (or older than the last one used) is refused, also when two
    // sign-ins race with the same code.
    if (
      !totpStepUsable(account.totpLastStep, step) ||
      !(await deps.staff.claimTotpStep(account.id, account.totpLastStep, step, now))
    )
      throw new AssentError('UNAUTHENTICATED', 'This authenticator code was already used. Wait for the next one.', {
        details: { totpRequired: true },
      });
  }
  if (account.disabledAt) throw accountDisabled();
  return startLocalSession(deps, account, account.passwordHash);
}

/** A session for a local account whose password (this hash) was just checked or set. */
function startLocalSession(
  deps: StaffSessionDeps,
  account: Pick<StaffAccountRow, 'id' | 'role' | 'email'>,
  passwordHash: string,
): Promise<StartedSession> {
  return startStaffSession(
    deps,
    { accountId: account.id, actorId: account.id, role: account.role, displayName: account.email, via: 'password' },
    { passwordHash },
  );
}

/**
 * Opens a session for someone already authenticated (a local account, or an OIDC user and their role). Sessions that
 * ended more than STAFF_SESSION_RETENTION_DAYS ago are deleted on the way, so the table holds recent ones only.
 */
export async function startStaffSession(
  deps: StaffSessionDeps,
  who: { accountId: string | null; actorId: string; role: StaffRole; displayName: string; via: StaffSessionRow['via'] },
  /** A local account's password hash as checked: the session stands only while the account still has it. */
  verified?: { passwordHash: string },
): Promise<StartedSession> {
  const { token, tokenHash } = newSessionToken();
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.sessionMs);
  await deps.staff.deleteSessionsEndedBefore(staffSessionsPrunedBefore(now));
  const id = randomUUID();
  await deps.staff.createSession({ id, tokenHash, ...who, createdAt: now, lastSeenAt: now, expiresAt });
  if (who.accountId !== null) {
    // Disabling an account or setting its password ends the sessions that exist when it commits. One that committed
    // between this sign-in's check and its session row would miss this session: the account is read again now that the
    // row exists, and a change found here ends it (a change committing later ends it by itself).
    const account = await deps.staff.findAccountById(who.accountId);
    const changed =
      !account || account.disabledAt !== null || (verified && account.passwordHash !== verified.passwordHash);
    if (changed) {
      await deps.staff.revokeSession(id, deps.now());
      throw account?.disabledAt
        ? accountDisabled()
        : new AssentError('UNAUTHENTICATED', 'The password of this account was changed meanwhile. Sign in again.');
    }
  }
  return {
    token,
    csrfToken: csrfTokenFor(deps.csrfSecret, token),
    expiresAt,
    actor: { id: who.actorId, displayName: who.displayName, role: who.role, via: who.via },
  };
}

/**
 * The principal a session cookie's token signs in, with the session's view; UNAUTHENTICATED saying why when it is
 * unknown, signed out, expired or idle. A used session's lastSeenAt moves on at most every tenth of the idle timeout
 * (one write per session per few minutes, not per request).
 */
export async function resolveStaffSession(
  deps: StaffSessionDeps,
  token: string,
): Promise<{ principal: Principal & { via: 'staff-session' }; view: StaffSessionView }> {
  const row = await deps.staff.findSessionByTokenHash(sessionTokenHash(token));
  if (!row) throw new AssentError('UNAUTHENTICATED', 'This staff session is not known. Sign in again.');
  const now = deps.now();
  const state = staffSessionState(row, now, deps.idleMs);
  if (state !== 'active') throw new AssentError('UNAUTHENTICATED', STAFF_SESSION_ENDED[state]);
  if (now.getTime() - row.lastSeenAt.getTime() > Math.min(60_000, deps.idleMs / 10))
    await deps.staff.touchSession(row.id, now);
  return {
    principal: {
      role: row.role,
      kind: row.role,
      id: row.actorId,
      via: 'staff-session',
      displayName: row.displayName,
      sessionId: row.id,
    },
    view: {
      actor: { id: row.actorId, displayName: row.displayName, role: row.role, via: row.via },
      csrfToken: csrfTokenFor(deps.csrfSecret, token),
      expiresAt: row.expiresAt,
    },
  };
}

/** Ends a session (sign-out): its cookie signs nobody in from now on, on every instance. */
export async function endStaffSession(deps: Pick<StaffSessionDeps, 'staff' | 'now'>, sessionId: string): Promise<void> {
  await deps.staff.revokeSession(sessionId, deps.now());
}

/**
 * A signed-in person changes their own local account's password (the console's Account page): the current password is
 * checked first (UNAUTHENTICATED when wrong; the caller counts it against the client's IP), the new one must be a
 * valid staff password other than the current (BAD_USER_INPUT). Every open session of the account ends, this one
 * too, and a new session is started for the person who changed it: whoever else held the old password or a session
 * is signed out. A single-sign-on session has no password here (FORBIDDEN: the identity provider keeps it).
 */
export async function changeOwnStaffPassword(
  deps: StaffSessionDeps,
  session: Pick<StaffSessionView, 'actor'>,
  input: { currentPassword: string; newPassword: string },
): Promise<StartedSession> {
  if (session.actor.via !== 'password')
    throw new AssentError(
      'FORBIDDEN',
      'You signed in through your organisation’s identity provider: change your password there.',
    );
  const account = await deps.staff.findAccountById(session.actor.id);
  if (!account || account.disabledAt) throw accountDisabled();
  if (!(await verifyPassword(account.passwordHash, input.currentPassword)))
    throw new AssentError('UNAUTHENTICATED', 'The current password is not right.', {
      details: { field: 'currentPassword' },
    });
  checkStaffPassword(input.newPassword);
  if (input.newPassword === input.currentPassword)
    throw new AssentError('BAD_USER_INPUT', 'Choose a new password that differs from the current one.', {
      details: { field: 'newPassword' },
    });
  return startLocalSession(deps, account, await replaceStaffPassword(deps, account.id, input.newPassword));
}
