import { AssentError } from './errors';

// Staff accounts and console sessions (#18): the rules, without I/O. The server hashes, stores and serves.

/** The roles a person can hold in the staff console (SERVICE and SUBJECT are for machines and data subjects). */
export const STAFF_ROLES = ['ADMIN', 'SUPPORT'] as const;

/** One of {@link STAFF_ROLES}. */
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The shortest password a local staff account may have. */
export const STAFF_PASSWORD_MIN_LENGTH = 12;
/** The longest accepted (argon2 hashes any length; a megabyte "password" is a denial of service, not a secret). */
export const STAFF_PASSWORD_MAX_LENGTH = 1024;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An email address as accounts are keyed: trimmed and lowercased; BAD_USER_INPUT when it is not an address. */
export function normalizeStaffEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (e.length > 320 || !EMAIL.test(e))
    throw new AssentError('BAD_USER_INPUT', `'${email.slice(0, 100)}' is not an email address.`);
  return e;
}

/** A role named on the command line or in an identity provider's claim; null when it is not a staff role. */
export function parseStaffRole(value: unknown): StaffRole | null {
  if (typeof value !== 'string') return null;
  const v = value.trim().toUpperCase();
  return (STAFF_ROLES as readonly string[]).includes(v) ? (v as StaffRole) : null;
}

/**
 * The staff role an OIDC user's claim grants. A claim may be one string or an array of them (group-style); the
 * strongest staff role listed wins; anything else grants none.
 */
export function staffRoleFromClaim(claim: unknown): StaffRole | null {
  const values = Array.isArray(claim) ? claim : [claim];
  const roles = values.map(parseStaffRole);
  if (roles.includes('ADMIN')) return 'ADMIN';
  if (roles.includes('SUPPORT')) return 'SUPPORT';
  return null;
}

/** Refuses a password a local account may not have (BAD_USER_INPUT, saying what is wanted). */
export function checkStaffPassword(password: string): void {
  if (password.length < STAFF_PASSWORD_MIN_LENGTH)
    throw new AssentError('BAD_USER_INPUT', `A staff password needs at least ${STAFF_PASSWORD_MIN_LENGTH} characters.`);
  if (password.length > STAFF_PASSWORD_MAX_LENGTH)
    throw new AssentError(
      'BAD_USER_INPUT',
      `A staff password may have at most ${STAFF_PASSWORD_MAX_LENGTH} characters.`,
    );
}

/** What a stored session says about a request made at `now`. */
export type StaffSessionState = 'active' | 'revoked' | 'expired' | 'idle';

/**
 * Whether a session still signs its holder in: not revoked (sign-out, a disabled account), before its absolute
 * expiry, and used within the idle timeout.
 */
export function staffSessionState(
  session: { revokedAt: Date | null; expiresAt: Date; lastSeenAt: Date },
  now: Date,
  idleTimeoutMs: number,
): StaffSessionState {
  if (session.revokedAt) return 'revoked';
  if (now.getTime() >= session.expiresAt.getTime()) return 'expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= idleTimeoutMs) return 'idle';
  return 'active';
}

/** How long an ended session's row is kept (who was signed in when) before sign-ins delete it. */
export const STAFF_SESSION_RETENTION_DAYS = 30;

/**
 * The instant before which a stored session is certainly over and past retention: one that ended (revoked, expired,
 * or last used) before it is deleted. Every session ends at its expiry or idle timeout, both far shorter than this.
 */
export function staffSessionsPrunedBefore(now: Date): Date {
  return new Date(now.getTime() - STAFF_SESSION_RETENTION_DAYS * 86_400_000);
}

/** Why a session no longer signs in, for the person at the console. */
export const STAFF_SESSION_ENDED: Readonly<Record<Exclude<StaffSessionState, 'active'>, string>> = {
  revoked: 'This staff session has ended (signed out, or the account was disabled). Sign in again.',
  expired: 'This staff session has expired. Sign in again.',
  idle: 'This staff session timed out after a period without use. Sign in again.',
};

/**
 * Whether a TOTP code of time step `step` may sign in, given the step of the last code this account used: each code
 * signs in once (RFC 6238 section 5.2), so a code seen over a shoulder or replayed from a log is refused within its
 * window, and a code older than the last one used is refused too.
 */
export function totpStepUsable(lastUsedStep: number | null, step: number): boolean {
  return lastUsedStep === null || step > lastUsedStep;
}
