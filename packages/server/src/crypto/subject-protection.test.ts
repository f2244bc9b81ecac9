import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyEncryption } from './key-encryption.ts';
import { subjectProtection } from './subject-protection.ts';

const kek = keyEncryption(randomBytes(32));
const protection = subjectProtection(randomBytes(32), kek);
const content = { subjectId: 'user-42', actorId: 'user-42', evidence: { phone: '+49 30 1234' } };

describe('subject protection', () => {
  it('a pseudonym is the same for the same id and key, and another under another key', () => {
    expect(protection.pseudonym('user-42')).toBe(protection.pseudonym('user-42'));
    expect(protection.pseudonym('user-42')).toMatch(/^ps_[A-Za-z0-9_-]{43}$/);
    expect(protection.pseudonym('user-43')).not.toBe(protection.pseudonym('user-42'));
    expect(subjectProtection(randomBytes(32), kek).pseudonym('user-42')).not.toBe(protection.pseudonym('user-42'));
  });

  it('sealed content opens with its data key and record id, and holds nothing in clear', () => {
    const { key } = protection.newDataKey('ps_a');
    const sealed = protection.seal(key, 'rec-1', content);
    expect(sealed).not.toContain('user-42');
    expect(Buffer.from(sealed.split('.')[2]!, 'base64url').toString('latin1')).not.toContain('1234');
    expect(protection.open(key, 'rec-1', sealed)).toEqual(content);
  });

  it('does not open under another record id, another key, or with a byte changed', () => {
    const { key } = protection.newDataKey('ps_a');
    const sealed = protection.seal(key, 'rec-1', content);
    expect(() => protection.open(key, 'rec-2', sealed)).toThrow();
    expect(() => protection.open(protection.newDataKey('ps_a').key, 'rec-1', sealed)).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[2]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[2] = body.toString('base64url');
    expect(() => protection.open(key, 'rec-1', parts.join('.'))).toThrow();
  });

  it('a sealed data key opens for its own pseudonym only', () => {
    const fresh = protection.newDataKey('ps_a');
    expect(protection.openDataKey('ps_a', fresh.sealed).equals(fresh.key)).toBe(true);
    expect(() => protection.openDataKey('ps_b', fresh.sealed)).toThrow();
  });
});
