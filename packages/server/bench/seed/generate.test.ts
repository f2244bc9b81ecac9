import { describe, expect, it } from 'vitest';
import { generateSubject, type SeedCatalog } from './generate.ts';

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
};

describe('bench seeding', () => {
  it("writes outbox payloads exactly as the product's consentEvent does (the fast path the seeder takes)", () => {
    let compared = 0;
    for (let i = 0; i < 50; i++) {
      const fast = generateSubject(i, catalog, true).outbox.map((o) => o.payload);
      const real = generateSubject(i, catalog, false).outbox.map((o) => o.payload);
      expect(fast).toEqual(real);
      compared += real.length;
    }
    expect(compared).toBeGreaterThan(50);
  });
});
