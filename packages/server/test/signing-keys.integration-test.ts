import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, compactVerify, createLocalJWKSet, type JWK } from 'jose';
import { isSealed } from '../src/crypto/key-encryption.ts';
import { repoRoot } from '../src/env.ts';
import { startTestServer, suiteKind, type TestServer } from './harness.ts';

/** `pnpm assent rotate-signing-key` against the test server's database. */
const cliRotate = (s: TestServer, env: Record<string, string> = {}) =>
  promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'packages/server/src/cli.ts'), 'rotate-signing-key'],
    {
      env: {
        ...process.env,
        DATABASE_URL: s.app.core.env.DATABASE_URL,
        ASSENT_SEED: 'none',
        LOG_LEVEL: 'silent',
        ...env,
      },
    },
  ).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

const jwksOf = async (s: TestServer) => {
  const res = await fetch(`${s.url}/.well-known/jwks.json`);
  return { res, body: (await res.json()) as { keys: (JWK & { kid: string })[] } };
};

describe(`signing keys on ${suiteKind}`, () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => s?.close());

  it('GET /.well-known/jwks.json is public and cacheable, and lists the generated Ed25519 key with its kid', async () => {
    const { res, body } = await jwksOf(s);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    expect(res.headers.get('content-type')).toMatch(/application\/jwk-set\+json/);
    expect(body.keys).toHaveLength(1);
    const [key] = body.keys;
    expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(key).not.toHaveProperty('d');
    expect(key!.kid).toBe(await calculateJwkThumbprint({ kty: key!.kty, crv: key!.crv, x: key!.x } as JWK));
  });

  it('the generated private key is stored sealed under the master key, never in clear', async () => {
    const rows = await s.app.core.db.prisma.signingKey.findMany();
    expect(rows).toHaveLength(1);
    expect(isSealed(rows[0]!.privateKey!)).toBe(true);
    expect(rows[0]!.privateKey).not.toMatch(/PRIVATE KEY/);
  });

  it('after rotation the new key signs, both keys are listed newest first, and what the old key signed still verifies', async () => {
    const before = await s.app.core.signing.sign({ hello: 'old' }, 'test+jws');
    const oldKid = await s.app.core.signing.currentKid();
    const newKid = await s.app.core.signing.rotate();
    expect(newKid).not.toBe(oldKid);
    const after = await s.app.core.signing.sign({ hello: 'new' }, 'test+jws');
    const { body } = await jwksOf(s);
    expect(body.keys.map((k) => k.kid)).toEqual([newKid, oldKid]);
    const keys = createLocalJWKSet(body);
    const old = await compactVerify(before, keys);
    expect(old.protectedHeader).toMatchObject({ alg: 'EdDSA', kid: oldKid });
    expect((await compactVerify(after, keys)).protectedHeader.kid).toBe(newKid);
  });

  it('pnpm assent rotate-signing-key makes a new key current: listed first in the JWKS, the earlier ones kept', async () => {
    const before = (await jwksOf(s)).body.keys.map((k) => k.kid);
    const r = await cliRotate(s);
    expect(r.code).toBe(0);
    const kid = /Signing key (\S+) is now current/.exec(r.stdout)?.[1];
    expect(kid).toBeDefined();
    expect((await jwksOf(s)).body.keys.map((k) => k.kid)).toEqual([kid, ...before]);
  });

  it('the signing-key table refuses UPDATE and DELETE', async () => {
    const p = s.app.core.db.prisma;
    await expect(p.$executeRawUnsafe(`UPDATE "SigningKey" SET "publicJwk" = '{}'`)).rejects.toThrow();
    await expect(p.$executeRawUnsafe(`DELETE FROM "SigningKey"`)).rejects.toThrow();
    expect(await p.signingKey.count()).toBe(3);
  });
});

describe(`ASSENT_SIGNING_KEY on ${suiteKind}`, () => {
  let s: TestServer;
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  beforeAll(async () => {
    s = await startTestServer({ ASSENT_SIGNING_KEY: JSON.stringify(jwk) });
  });
  afterAll(async () => s?.close());

  it('signs with the configured key, records only its public half, and refuses a rotation', async () => {
    const kid = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x } as JWK);
    expect(await s.app.core.signing.currentKid()).toBe(kid);
    const { body } = await jwksOf(s);
    expect(body.keys.map((k) => k.kid)).toEqual([kid]);
    expect((await s.app.core.db.prisma.signingKey.findUniqueOrThrow({ where: { kid } })).privateKey).toBeNull();
    await expect(s.app.core.signing.rotate()).rejects.toThrow(/ASSENT_SIGNING_KEY/);
    const cli = await cliRotate(s, { ASSENT_SIGNING_KEY: JSON.stringify(jwk) });
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toMatch(/ASSENT_SIGNING_KEY is set/);
    expect((await jwksOf(s)).body.keys.map((k) => k.kid)).toEqual([kid]);
  });
});
