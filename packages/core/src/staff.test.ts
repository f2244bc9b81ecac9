import { describe, expect, it } from 'vitest';
import {
  checkStaffPassword,
  normalizeStaffEmail,
  parseStaffRole,
  totpStepUsable,
  staffRoleFromClaim,
  staffSessionState,
} from './staff';

describe('staff accounts', () => {
  it('keys accounts by the trimmed, lowercased address and refuses what is not one with BAD_USER_INPUT', () => {
    expect(normalizeStaffEmail('  Ada@Example.ORG ')).toBe('ada@example.org');
    expect(() => normalizeStaffEmail('ada')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => normalizeStaffEmail('a b@c.d')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });

  it.each([
    ['support', 'SUPPORT'],
    ['ADMIN', 'ADMIN'],
    ['SERVICE', null],
    ['SUBJECT', null],
    [42, null],
  ])('role %j is %s', (value, role) => expect(parseStaffRole(value)).toBe(role));

  it('an OIDC claim grants the strongest staff role it lists, and none when it lists none', () => {
    expect(staffRoleFromClaim(['support', 'admin'])).toBe('ADMIN');
    expect(staffRoleFromClaim('SUPPORT')).toBe('SUPPORT');
    expect(staffRoleFromClaim(['viewer'])).toBeNull();
    expect(staffRoleFromClaim(undefined)).toBeNull();
  });

  it('a password shorter than 12 characters is refused with BAD_USER_INPUT', () => {
    expect(() => checkStaffPassword('short')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => checkStaffPassword('long enough passphrase')).not.toThrow();
  });
});

describe('staff sessions', () => {
  const t0 = new Date('2026-12-08T10:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const session = { revokedAt: null, expiresAt: at(8 * 3600_000), lastSeenAt: t0 };
  const idle = 30 * 60_000;

  it('is active while used within the idle timeout and before its expiry', () => {
    expect(staffSessionState(session, at(29 * 60_000), idle)).toBe('active');
  });
  it('times out after the idle timeout without use', () => {
    expect(staffSessionState(session, at(idle), idle)).toBe('idle');
  });
  it('expires at its absolute expiry even when in use', () => {
    expect(staffSessionState({ ...session, lastSeenAt: at(8 * 3600_000 - 1) }, at(8 * 3600_000), idle)).toBe('expired');
  });
  it('a revoked session never signs in again', () => {
    expect(staffSessionState({ ...session, revokedAt: t0 }, at(1), idle)).toBe('revoked');
  });
});

describe('totpStepUsable', () => {
  it('lets each time step sign in once, and never one older than the last used', () => {
    expect(totpStepUsable(null, 59_000_000)).toBe(true);
    expect(totpStepUsable(59_000_000, 59_000_001)).toBe(true);
    expect(totpStepUsable(59_000_000, 59_000_000)).toBe(false);
    expect(totpStepUsable(59_000_001, 59_000_000)).toBe(false);
  });
});
