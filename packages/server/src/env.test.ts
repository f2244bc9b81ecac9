import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSpec, parseEnv, repoRoot, sqlitePath } from './env.ts';

describe('configuration', () => {
  it('the README documents every variable env.ts accepts, and nothing else', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const section = readme.split('## Configuration')[1]!.split('\n## ')[0]!;
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(envSpec).sort());
  });

  it('defaults to SQLite in ./data on port 4000', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe('file:./data/assent.db');
    expect(env.PORT).toBe(4000);
    expect(sqlitePath(env.DATABASE_URL)).toBe(path.join(repoRoot, 'data/assent.db'));
  });

  it('lists every invalid variable at once', () => {
    expect(() => parseEnv({ PORT: 'abc', DATABASE_URL: 'mysql://x', ASSENT_ADMIN_TOKEN: 'short' })).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*ASSENT_ADMIN_TOKEN/,
    );
  });

  it("lists production's requirements and malformed keys with every other problem, not one per start", () => {
    expect(() => parseEnv({ NODE_ENV: 'production', PORT: 'abc' })).toThrow(
      /PORT[\s\S]*ASSENT_ADMIN_TOKEN: required in production[\s\S]*ASSENT_MASTER_KEY: required in production/,
    );
    expect(() => parseEnv({ ASSENT_MASTER_KEY: 'nothex', ASSENT_SIGNING_KEY: 'garbage' })).toThrow(
      /ASSENT_MASTER_KEY: must be 32 bytes[\s\S]*ASSENT_SIGNING_KEY: must be an Ed25519 private key/,
    );
    const key = randomBytes(32);
    expect(parseEnv({ ASSENT_MASTER_KEY: key.toString('hex') }).ASSENT_MASTER_KEY).toBeTruthy();
    expect(parseEnv({ ASSENT_MASTER_KEY: key.toString('base64url') }).ASSENT_MASTER_KEY).toBeTruthy();
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const jwk = JSON.stringify(privateKey.export({ format: 'jwk' }));
    expect(parseEnv({ ASSENT_SIGNING_KEY: pem }).ASSENT_SIGNING_KEY).toBe(pem);
    expect(parseEnv({ ASSENT_SIGNING_KEY: jwk }).ASSENT_SIGNING_KEY).toBe(jwk);
  });

  it('in production an OIDC issuer must be https://, or on this machine', () => {
    const prod = {
      NODE_ENV: 'production',
      ASSENT_OIDC_CLIENT_ID: 'assent',
      ASSENT_ADMIN_TOKEN: 'a-production-admin-token',
      ASSENT_MASTER_KEY: 'ab'.repeat(32),
    };
    expect(() => parseEnv({ ...prod, ASSENT_OIDC_ISSUER: 'http://idp.example.org/realms/staff' })).toThrow(
      /ASSENT_OIDC_ISSUER: must be https:\/\/ in production/,
    );
    expect(parseEnv({ ...prod, ASSENT_OIDC_ISSUER: 'https://idp.example.org/realms/staff' }).ASSENT_OIDC_ISSUER).toBe(
      'https://idp.example.org/realms/staff',
    );
    expect(parseEnv({ ...prod, ASSENT_OIDC_ISSUER: 'http://127.0.0.1:8080/' }).ASSENT_OIDC_ISSUER).toBeTruthy();
    expect(parseEnv({ ASSENT_OIDC_CLIENT_ID: 'assent', ASSENT_OIDC_ISSUER: 'http://idp.test/' })).toBeTruthy();
  });
});
