import { randomBytes } from 'node:crypto';
import { HASH_FORMAT_PROTECTED, verifyStoredChain } from '@assent/core';
import { describe, expect, it } from 'vitest';
import { keyEncryption, parseMasterKey } from '../../src/crypto/key-encryption.ts';
import { subjectProtection } from '../../src/crypto/subject-protection.ts';
import { fastPayloadsMatch, generateSubject, subjectIdOf, type SeedCatalog } from './generate.ts';

const day = 86_400_000;
const start = Date.UTC(2026, 0, 1);
const catalog: SeedCatalog = {
  consentPurposes: [
    { key: 'analytics', legalBasis: 'CONSENT' },
    { key: 'marketing-email', legalBasis: 'CONSENT' },
  ],
  notices: [
    { id: 'n1', version: 1, publishedAtMs: start, effectiveAtMs: start },
    { id: 'n2', version: 2, publishedAtMs: start + 100 * day, effectiveAtMs: start + 100 * day },
  ],
  startMs: start,
  endMs: start + 300 * day,
  seed: 7,
  masterKey: 'be'.repeat(32),
  pseudonymKey: randomBytes(32).toString('hex'),
};
const protection = subjectProtection(
  Buffer.from(catalog.pseudonymKey, 'hex'),
  keyEncryption(parseMasterKey(catalog.masterKey)),
);

describe('bench seeding', () => {
  it("writes outbox payloads exactly as the product's consentEvent does (the fast path the seeder takes)", () => {
    for (let i = 0; i < 50; i++) expect(fastPayloadsMatch(i, catalog)).toBe(true);
  });

  it('writes each chain as the ledger writer does: pseudonym, sealed identifier and evidence, format-2 hashes', () => {
    let checked = 0;
    for (let i = 0; i < 50; i++) {
      const s = generateSubject(i, catalog);
      if (!s.stored.length) continue;
      const pseudonym = protection.pseudonym(subjectIdOf(i));
      expect(s.key?.pseudonym).toBe(pseudonym);
      expect(verifyStoredChain(s.stored)).toMatchObject({ ok: true, recordsChecked: s.stored.length });
      const dataKey = protection.openDataKey(pseudonym, s.key!.dataKey);
      for (const [k, row] of s.stored.entries()) {
        expect(row).toMatchObject({ subjectId: pseudonym, hashVersion: HASH_FORMAT_PROTECTED, evidence: null });
        expect(protection.open(dataKey, row.id, row.sealed!).subjectId).toBe(subjectIdOf(i));
        expect(s.records[k]!.hash).toBe(row.hash);
      }
      checked += s.stored.length;
    }
    expect(checked).toBeGreaterThan(50);
  });
});
