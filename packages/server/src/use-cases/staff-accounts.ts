import { randomUUID } from 'node:crypto';
import { AssentError, checkStaffPassword, normalizeStaffEmail, parseStaffRole } from '@assent/core';
import type { StaffAccountInfo, StaffRepository } from '../db/staff.repository.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { KeyEncryption } from '../crypto/key-encryption.ts';
import { hashPassword, newTotp } from '../services/staff-credentials.ts';

/** What the staff account use cases need. */
export interface StaffAccountDeps {
  staff: StaffRepository;
  kek: Pick<KeyEncryption, 'seal' | 'openText'>;
  now: () => Date;
}

/** The context a TOTP secret is sealed for: a sealed secret copied to another account does not open there. */
export const totpContext = (accountId: string) => `staff-totp:${accountId}`;

/** Adds a local staff account (operators, `pnpm assent staff add`); CONFLICT when the email has one already. */
export async function addStaffAccount(
  deps: StaffAccountDeps,
  input: { email: string; role: string; password: string },
): Promise<StaffAccountInfo> {
  const email = normalizeStaffEmail(input.email);
  const role = parseStaffRole(input.role);
  if (!role)
    throw new AssentError('BAD_USER_INPUT', `role must be ADMIN or SUPPORT, not '${input.role.slice(0, 50)}'.`);
  checkStaffPassword(input.password);
  if (await deps.staff.findAccountByEmail(email))
    throw new AssentError('CONFLICT', `A staff account for ${email} exists already.`);
  const passwordHash = await hashPassword(input.password);
  try {
    return await deps.staff.createAccount({
      id: `staff_${randomUUID()}`,
      email,
      role,
      passwordHash,
      createdAt: deps.now(),
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AssentError('CONFLICT', `A staff account for ${email} exists already.`);
    throw e;
  }
}

/** Every staff account (no hashes, no secrets). */
export function listStaffAccounts(deps: Pick<StaffAccountDeps, 'staff'>): Promise<StaffAccountInfo[]> {
  return deps.staff.listAccounts();
}

/** The account of an email, or NOT_FOUND. */
async function accountByEmail(deps: Pick<StaffAccountDeps, 'staff'>, email: string) {
  const account = await deps.staff.findAccountByEmail(normalizeStaffEmail(email));
  if (!account) throw new AssentError('NOT_FOUND', `No staff account for ${email.slice(0, 100)}.`);
  return account;
}

/** Disables an account: it cannot sign in any more and its open sessions end at once (idempotent). */
export async function disableStaffAccount(deps: StaffAccountDeps, input: { email: string }): Promise<StaffAccountInfo> {
  const account = await accountByEmail(deps, input.email);
  await deps.staff.disableAccount(account.id, deps.now());
  return (await deps.staff.listAccounts()).find((a) => a.id === account.id)!;
}

/**
 * Sets a new password for an account (operators, `pnpm assent staff password`: a forgotten password, or the one-time
 * password `staff add` printed); the account's open sessions end at once, so whoever held the old one is signed out.
 */
export async function resetStaffPassword(
  deps: StaffAccountDeps,
  input: { email: string; password: string },
): Promise<StaffAccountInfo> {
  checkStaffPassword(input.password);
  const account = await accountByEmail(deps, input.email);
  await replaceStaffPassword(deps, account.id, input.password);
  return (await deps.staff.listAccounts()).find((a) => a.id === account.id)!;
}

/**
 * Stores the hash of a new password (the caller checked it with checkStaffPassword) for the account and ends the
 * account's open sessions; returns the hash. The operator's reset above and a person's own change (staff-sessions.ts)
 * both set passwords here.
 */
export async function replaceStaffPassword(
  deps: Pick<StaffAccountDeps, 'staff' | 'now'>,
  accountId: string,
  password: string,
): Promise<string> {
  const passwordHash = await hashPassword(password);
  await deps.staff.setPassword(accountId, passwordHash, deps.now());
  return passwordHash;
}

/**
 * Enrols (or replaces) an account's TOTP secret, sealed under the KEK; from then on sign-in needs a code. Returns the
 * otpauth:// URI to show once (as text or a QR code) to the account's owner.
 */
export async function enrolStaffTotp(
  deps: StaffAccountDeps,
  input: { email: string },
): Promise<{ uri: string; secret: string }> {
  const account = await accountByEmail(deps, input.email);
  const { secret, uri } = newTotp(account.email);
  await deps.staff.setTotpSecret(account.id, deps.kek.seal(secret, totpContext(account.id)), deps.now());
  return { uri, secret };
}
