import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { Secret, TOTP } from 'otpauth';

// The secrets of staff sign-in (#18): argon2id password hashes, console session tokens and the CSRF token bound to
// each, TOTP. Pure crypto over inputs; the use cases (use-cases/staff-*.ts) load and store.

/**
 * argon2id with the library's defaults (19 MiB, 2 passes, 1 lane: OWASP's first recommended setting). Every hash
 * names its parameters, so raising them later still verifies old hashes.
 */
const ARGON2 = {} as const;

/** An argon2id hash (PHC string) of a password. */
export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, ARGON2);
}

/** A hash of a random password made once per process: unknown emails are verified against it, at the same cost. */
let decoy: Promise<string> | null = null;

/**
 * Whether `password` matches `stored`. With `stored` null (no such account) it verifies against a decoy hash of the
 * same parameters and answers false, so an unknown email costs what a wrong password costs (no account enumeration
 * by timing).
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  decoy ??= hashPassword(randomBytes(24).toString('base64url'));
  const target = stored ?? (await decoy);
  let ok: boolean;
  try {
    ok = await argon2Verify(target, password);
  } catch {
    ok = false;
  }
  return stored !== null && ok;
}

/** A new console session token (the cookie's value) and the hash the StaffSession table keeps. */
export function newSessionToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: sessionTokenHash(token) };
}

/** SHA-256 (hex) of a session token: the table's key (the token has 256 random bits; no slow hash is needed). */
export function sessionTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The CSRF token of a session: HMAC-SHA256 of its session token under a server secret. Bound to the session
 * (another session's token does not match), never stored, and unguessable without the cookie, which a page on
 * another site cannot read.
 */
export function csrfTokenFor(secret: string, sessionToken: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionToken}`).digest('base64url');
}

/** Constant-time check of a CSRF token sent in a header against the session's. */
export function csrfTokenMatches(secret: string, sessionToken: string, sent: string | undefined): boolean {
  if (!sent) return false;
  const want = Buffer.from(csrfTokenFor(secret, sessionToken));
  const got = Buffer.from(sent);
  return got.length === want.length && timingSafeEqual(got, want);
}

const TOTP_PERIOD_SECONDS = 30;

/** The TOTP every authenticator app understands: SHA-1, 6 digits, 30 s (RFC 6238's defaults). */
function totp(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: 'Assent',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new TOTP secret (160 random bits, base32) and its otpauth:// URI for an authenticator app. */
export function newTotp(label: string): { secret: string; uri: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totp(secret, label).toString() };
}

/**
 * The RFC 6238 time step `code` belongs to when it is the current code or the one before or after (clock drift);
 * null when it is none of them.
 */
export function totpCodeStep(secretBase32: string, code: string, at: Date): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secretBase32, 'check').validate({ token, timestamp: at.getTime(), window: 1 });
  return delta === null ? null : Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

/** The current TOTP code of a secret (tests and the CLI's enrolment check). */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return totp(secretBase32, 'code').generate({ timestamp: at.getTime() });
}
