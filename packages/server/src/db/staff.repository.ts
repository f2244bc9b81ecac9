import type { StaffRole } from '@assent/core';
import type { Db } from './client.ts';

/** A staff account as the server works with it (the password hash stays for verification; never listed). */
export interface StaffAccountRow {
  id: string;
  email: string;
  role: StaffRole;
  passwordHash: string;
  /** Sealed under the KEK (context `staff-totp:<id>`), or null when no TOTP is enrolled. */
  totpSecret: string | null;
  /** The time step of the last TOTP code accepted (each code signs in once). */
  totpLastStep: number | null;
  disabledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A staff account as listed: no hash, no secret. */
export type StaffAccountInfo = Omit<StaffAccountRow, 'passwordHash' | 'totpSecret' | 'totpLastStep'> & {
  totp: boolean;
};

/** A console session as stored: the token's hash, never the token. */
export interface StaffSessionRow {
  id: string;
  tokenHash: string;
  accountId: string | null;
  actorId: string;
  role: StaffRole;
  displayName: string;
  via: 'password' | 'oidc';
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

const toAccount = (r: Omit<StaffAccountRow, 'role'> & { role: string }): StaffAccountRow => ({
  ...r,
  role: r.role as StaffRole,
});
const toInfo = ({ passwordHash: _hash, totpSecret, totpLastStep: _step, ...r }: StaffAccountRow): StaffAccountInfo => ({
  ...r,
  totp: totpSecret !== null,
});
const toSession = (r: Omit<StaffSessionRow, 'role' | 'via'> & { role: string; via: string }): StaffSessionRow => ({
  ...r,
  role: r.role as StaffRole,
  via: r.via as StaffSessionRow['via'],
});

/** Staff accounts and their console sessions (the StaffAccount and StaffSession tables). */
export function staffRepository(prisma: Db) {
  /** Revokes an account's open sessions (part of a transaction that changes the account). */
  const endSessions = (id: string, now: Date) =>
    prisma.staffSession.updateMany({ where: { accountId: id, revokedAt: null }, data: { revokedAt: now } });
  return {
    /** Stores a new account (the caller made sure the email is free; a race ends in a unique violation). */
    async createAccount(
      input: Omit<StaffAccountRow, 'updatedAt' | 'disabledAt' | 'totpSecret' | 'totpLastStep'>,
    ): Promise<StaffAccountInfo> {
      const r = await prisma.staffAccount.create({
        data: { ...input, updatedAt: input.createdAt, totpSecret: null, totpLastStep: null, disabledAt: null },
      });
      return toInfo(toAccount(r));
    },
    /** The account with this (normalized) email, with its hash, for sign-in. */
    async findAccountByEmail(email: string): Promise<StaffAccountRow | null> {
      const r = await prisma.staffAccount.findUnique({ where: { email } });
      return r ? toAccount(r) : null;
    },
    /** The account with this id. */
    async findAccountById(id: string): Promise<StaffAccountRow | null> {
      const r = await prisma.staffAccount.findUnique({ where: { id } });
      return r ? toAccount(r) : null;
    },
    /** Every account, by email. */
    async listAccounts(): Promise<StaffAccountInfo[]> {
      return (await prisma.staffAccount.findMany({ orderBy: { email: 'asc' } })).map((r) => toInfo(toAccount(r)));
    },
    /** Disables an account and revokes its sessions, in one transaction (idempotent: the first instant is kept). */
    async disableAccount(id: string, now: Date): Promise<void> {
      await prisma.$transaction([
        prisma.staffAccount.updateMany({ where: { id, disabledAt: null }, data: { disabledAt: now, updatedAt: now } }),
        endSessions(id, now),
      ]);
    },
    /** Replaces an account's password hash and revokes its sessions, in one transaction. */
    async setPassword(id: string, passwordHash: string, now: Date): Promise<void> {
      await prisma.$transaction([
        prisma.staffAccount.update({ where: { id }, data: { passwordHash, updatedAt: now }, select: { id: true } }),
        endSessions(id, now),
      ]);
    },
    /** Stores a (sealed) TOTP secret for an account (its codes have not been used yet). */
    async setTotpSecret(id: string, sealed: string, now: Date): Promise<void> {
      await prisma.staffAccount.update({
        where: { id },
        data: { totpSecret: sealed, totpLastStep: null, updatedAt: now },
        select: { id: true },
      });
    },
    /**
     * Moves the account's last used TOTP step from `seen` (what was read when core's totpStepUsable allowed `step`) to
     * `step`, if it is still `seen`: a compare-and-set, so of two sign-ins racing with one code one wins. True when it
     * moved.
     */
    async claimTotpStep(id: string, seen: number | null, step: number, now: Date): Promise<boolean> {
      const { count } = await prisma.staffAccount.updateMany({
        where: { id, totpLastStep: seen },
        data: { totpLastStep: step, updatedAt: now },
      });
      return count === 1;
    },
    /** Deletes sessions that ended (revoked, expired, or last used) before `before`; how many. */
    async deleteSessionsEndedBefore(before: Date): Promise<number> {
      const { count } = await prisma.staffSession.deleteMany({
        where: { OR: [{ expiresAt: { lt: before } }, { revokedAt: { lt: before } }, { lastSeenAt: { lt: before } }] },
      });
      return count;
    },
    /** Stores a new session. */
    async createSession(row: Omit<StaffSessionRow, 'revokedAt'>): Promise<void> {
      await prisma.staffSession.create({ data: { ...row, revokedAt: null }, select: { id: true } });
    },
    /** The session whose token hashes to this value. */
    async findSessionByTokenHash(tokenHash: string): Promise<StaffSessionRow | null> {
      const r = await prisma.staffSession.findUnique({ where: { tokenHash } });
      return r ? toSession(r) : null;
    },
    /** Records that a session was used (keeps it from timing out). */
    async touchSession(id: string, now: Date): Promise<void> {
      await prisma.staffSession.updateMany({ where: { id, revokedAt: null }, data: { lastSeenAt: now } });
    },
    /** Ends a session (sign-out); idempotent. */
    async revokeSession(id: string, now: Date): Promise<void> {
      await prisma.staffSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
    },
  };
}

/** The staff repository's type. */
export type StaffRepository = ReturnType<typeof staffRepository>;
