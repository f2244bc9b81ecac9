import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSealed, keyEncryption, loadMasterKey, parseMasterKey } from './key-encryption.ts';

describe('key encryption', () => {
  const kek = keyEncryption(randomBytes(32));

  it('opens what it sealed, for the same context only', () => {
    const sealed = kek.seal('webhook secret', 'webhook-secret:w1');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('webhook secret');
    expect(kek.openText(sealed, 'webhook-secret:w1')).toBe('webhook secret');
    expect(() => kek.open(sealed, 'webhook-secret:w2')).toThrow();
  });

  it('seals the same secret differently each time', () => {
    expect(kek.seal('x', 'c')).not.toBe(kek.seal('x', 'c'));
  });

  it('refuses a changed byte and another master key', () => {
    const sealed = kek.seal('secret', 'c');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0]! ^= 1;
    parts[3] = body.toString('base64url');
    expect(() => kek.open(parts.join('.'), 'c')).toThrow();
    expect(() => keyEncryption(randomBytes(32)).open(sealed, 'c')).toThrow(/another master key/);
  });

  it('parses hex and base64url master keys and refuses other lengths', () => {
    const key = randomBytes(32);
    expect(parseMasterKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseMasterKey(key.toString('base64url')).equals(key)).toBe(true);
    expect(() => parseMasterKey('short')).toThrow(/32 bytes/);
  });

  it('is required in production and generated once, 0600, in development', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'assent-kek-')), 'sub', 'master.key');
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    expect(() => loadMasterKey({ value: undefined, file, production: true, warn })).toThrow(/required in production/);
    const first = loadMasterKey({ value: undefined, file, production: false, warn });
    const second = loadMasterKey({ value: undefined, file, production: false, warn });
    expect(first.equals(second)).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.toString('hex'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(warnings).toHaveLength(2);
  });
});
