import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { repoRoot } from '../src/env.ts';
import { apiKey, counts, startTestServer, subjectToken, suiteKind, type TestServer } from './harness.ts';

const run = promisify(execFile);

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

const RECEIPT = 'query($id: ID!) { consentReceipt(recordId: $id) { recordId jws payload } }';
type Receipt = { consentReceipt: { recordId: string; jws: string; payload: Record<string, unknown> } };

const jwks = async (): Promise<JSONWebKeySet> =>
  (await (await fetch(`${s.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet;

async function grantAsSubject(subjectId: string): Promise<{ id: string; hash: string; token: string }> {
  const token = await subjectToken(s, subjectId);
  const r = await s.gql<{ grantConsent: { id: string; hash: string } }>(
    'mutation($i: ConsentInput!) { grantConsent(input: $i) { id hash } }',
    { i: { subjectId, purposeKey: 'marketing-email', channel: 'WEB', method: 'privacy-center/toggle' } },
    token,
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return { ...r.data.grantConsent, token };
}

/** The same compact JWS with one base64url character changed in a bit that always counts (the top one). */
function flip(jws: string, at: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const v = alphabet.indexOf(jws[at]!);
  return jws.slice(0, at) + alphabet[v ^ 32] + jws.slice(at + 1);
}

describe(`consent receipts on ${suiteKind}`, () => {
  it('a subject gets the receipt of its own record: a compact EdDSA JWS that jose.compactVerify accepts against the JWKS', async () => {
    const rec = await grantAsSubject('receipt-subject');
    const r = await s.gql<Receipt>(RECEIPT, { id: rec.id }, rec.token);
    expect(r.errors).toBeUndefined();
    const { jws, payload, recordId } = r.data!.consentReceipt;
    expect(recordId).toBe(rec.id);
    const header = decodeProtectedHeader(jws);
    expect(header).toMatchObject({ alg: 'EdDSA', kid: await s.app.core.signing.currentKid() });
    const verified = await compactVerify(jws, createLocalJWKSet(await jwks()));
    const decoded = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
    expect(decoded).toEqual(payload);
    expect(decoded).toMatchObject({
      '@type': 'dpv:ConsentRecord',
      'dct:identifier': rec.id,
      'dct:conformsTo': 'https://w3id.org/dpv/schema/dpv-27560#record-eu-gdpr',
      'dpv:hasDataSubject': { 'dct:identifier': 'receipt-subject' },
      'dpv:hasLegalBasis': 'https://w3id.org/dpv/legal/eu/gdpr#A6-1-a',
      'dpv:hasNotice': { 'dct:hasVersion': 1, 'dct:language': 'en' },
      'dpv:hasConsentStatus': {
        '@type': 'dpv:ConsentGiven',
        'assent:state': 'given',
        'assent:channel': 'WEB',
        'dpv:hasIndicationMethod': 'privacy-center/toggle',
        'dpv:isIndicatedBy': 'dpv:DataSubject',
      },
      'assent:ledger': { 'assent:hash': rec.hash, 'assent:previousHash': null, 'assent:seq': 0 },
    });
  });

  it('a byte changed anywhere in the receipt makes verification fail', async () => {
    const rec = await grantAsSubject('tamper-subject');
    const { jws } = (await s.gql<Receipt>(RECEIPT, { id: rec.id })).data!.consentReceipt;
    const keys = createLocalJWKSet(await jwks());
    let tried = 0;
    for (let i = 0; i < jws.length; i++) {
      if (jws[i] === '.') continue;
      tried++;
      await expect(compactVerify(flip(jws, i), keys), `character ${i}`).rejects.toThrow();
    }
    expect(tried).toBeGreaterThan(300);
  });

  it('receipts signed before a key rotation still verify; new ones carry the new kid', async () => {
    const rec = await grantAsSubject('rotation-subject');
    const before = (await s.gql<Receipt>(RECEIPT, { id: rec.id })).data!.consentReceipt.jws;
    const newKid = await s.app.core.signing.rotate();
    const after = (await s.gql<Receipt>(RECEIPT, { id: rec.id })).data!.consentReceipt.jws;
    const keys = createLocalJWKSet(await jwks());
    expect((await compactVerify(before, keys)).protectedHeader.kid).not.toBe(newKid);
    expect((await compactVerify(after, keys)).protectedHeader.kid).toBe(newKid);
  });

  it('SERVICE, SUPPORT and ADMIN may ask for any record; a subject only for its own (FORBIDDEN), nobody without a token', async () => {
    const rec = await grantAsSubject('owner-subject');
    for (const role of ['SERVICE', 'SUPPORT'] as const) {
      const r = await s.gql<Receipt>(RECEIPT, { id: rec.id }, await apiKey(s, role));
      expect(r.data?.consentReceipt.recordId, role).toBe(rec.id);
    }
    const other = await subjectToken(s, 'someone-else');
    expect((await s.gql(RECEIPT, { id: rec.id }, other)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await s.gql(RECEIPT, { id: rec.id }, null)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("an id that is no record's (a UUID or any other text) is NOT_FOUND, an empty or overlong one BAD_USER_INPUT; none writes anything", async () => {
    const before = await counts(s);
    const keysBefore = await s.app.core.db.prisma.signingKey.count();
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-record']) {
      const unknown = await s.gql(RECEIPT, { id });
      expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(unknown.data).toBeNull();
    }
    for (const id of ['', ' ', 'x'.repeat(101)]) {
      const malformed = await s.gql(RECEIPT, { id });
      expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(malformed.errors?.[0]?.message).toMatch(/recordId/);
    }
    expect(await counts(s)).toEqual(before);
    expect(await s.app.core.db.prisma.signingKey.count()).toBe(keysBefore);
  });

  it('pnpm assent verify-receipt verifies a .jws file offline against a JWKS file, and exits non-zero for a tampered one', async () => {
    const rec = await grantAsSubject('cli-subject');
    const { jws } = (await s.gql<Receipt>(RECEIPT, { id: rec.id })).data!.consentReceipt;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assent-receipt-'));
    try {
      fs.writeFileSync(path.join(dir, 'r.jws'), `${jws}\n`);
      fs.writeFileSync(path.join(dir, 'bad.jws'), flip(jws, jws.indexOf('.') + 5));
      fs.writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify(await jwks()));
      const cli = (file: string) =>
        run(
          process.execPath,
          [
            '--import',
            'tsx',
            path.join(repoRoot, 'packages/server/src/cli.ts'),
            'verify-receipt',
            path.join(dir, file),
            '--jwks',
            path.join(dir, 'jwks.json'),
          ],
          {
            env: { ...process.env, DATABASE_URL: 'file:/nonexistent/never-opened.db' },
          },
        );
      const ok = await cli('r.jws');
      expect(ok.stdout).toMatch(/Receipt VERIFIED/);
      expect(ok.stdout).toContain('cli-subject');
      expect(ok.stdout).toContain(rec.hash);
      const bad = await cli('bad.jws').then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(bad?.code).toBe(2);
      expect(bad?.stderr).toMatch(/NOT verified/);
      // Relative paths are the caller's: `pnpm assent` (root package.json) passes where it was started.
      const relative = await run(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(repoRoot, 'packages/server/src/cli.ts'),
          'verify-receipt',
          'r.jws',
          '--jwks',
          'jwks.json',
        ],
        { env: { ...process.env, DATABASE_URL: 'file:/nonexistent/never-opened.db', ASSENT_CALLER_CWD: dir } },
      );
      expect(relative.stdout).toMatch(/Receipt VERIFIED/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
