import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { parseSigningKey } from './signing-keys.ts';

describe('parseSigningKey', () => {
  const { privateKey } = generateKeyPairSync('ed25519');

  it('reads an Ed25519 private key as a JWK or a PKCS#8 PEM', () => {
    const fromJwk = parseSigningKey(JSON.stringify(privateKey.export({ format: 'jwk' })));
    const fromPem = parseSigningKey(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    expect(fromJwk.equals(privateKey)).toBe(true);
    expect(fromPem.equals(privateKey)).toBe(true);
  });

  it('refuses a key of another type and text that is no key, saying what it wants', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(() => parseSigningKey(rsa.export({ format: 'pem', type: 'pkcs8' }).toString())).toThrow(/Ed25519/);
    expect(() => parseSigningKey('not a key')).toThrow(/ASSENT_SIGNING_KEY is not a private key/);
  });
});
