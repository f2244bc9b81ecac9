import { expect, test } from '@playwright/test';

// The demo purposes every fresh server is seeded with.
const DEMO_PURPOSES = [
  { key: 'essential-service', legalBasis: 'CONTRACT' },
  { key: 'analytics', legalBasis: 'CONSENT' },
  { key: 'marketing-email', legalBasis: 'CONSENT' },
  { key: 'third-party-sharing', legalBasis: 'CONSENT' },
  { key: 'personalization', legalBasis: 'CONSENT' },
  { key: 'research', legalBasis: 'CONSENT' },
  { key: 'tax-records', legalBasis: 'LEGAL_OBLIGATION' },
  { key: 'fraud-prevention', legalBasis: 'LEGITIMATE_INTERESTS' },
] as const;

const SHA256_HEX = /^[0-9a-f]{64}$/;

interface SmokeData {
  purposes: { key: string; legalBasis: string; requiresConsent: boolean; active: boolean }[];
  currentNotice: { version: number; contentHash: string };
  noticeVersions: { version: number; contentHash: string }[];
}

test.describe('smoke', () => {
  test('a fresh server answers the public queries with the demo purposes and notice version 1', async ({ request }) => {
    const response = await request.post('/graphql', {
      data: {
        query: `{
          purposes { key legalBasis requiresConsent active }
          currentNotice { version contentHash }
          noticeVersions { version contentHash }
        }`,
      },
    });

    expect(response.status()).toBe(200);
    const body = (await response.json()) as { data?: SmokeData; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    const data = body.data!;

    // Other journeys may add purposes or publish notices on the same server,
    // so the smoke test checks that the seed is there rather than that it is all there is.
    expect(data.purposes).toEqual(
      expect.arrayContaining(
        DEMO_PURPOSES.map(({ key, legalBasis }) => ({
          key,
          legalBasis,
          requiresConsent: legalBasis === 'CONSENT',
          active: true,
        })),
      ),
    );

    const first = data.noticeVersions.find((notice) => notice.version === 1);
    expect(first, 'notice version 1 is seeded').toBeDefined();
    expect(first!.contentHash).toMatch(SHA256_HEX);

    expect(data.currentNotice.version).toBeGreaterThanOrEqual(1);
    expect(data.currentNotice.contentHash).toMatch(SHA256_HEX);
    // noticeVersions is newest first: its head is the notice in force.
    expect(data.noticeVersions[0]).toEqual(data.currentNotice);
  });

  test('Chromium opens /healthz and shows its JSON', async ({ page }) => {
    const response = await page.goto('/healthz');

    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('application/json');
    // Chromium renders a JSON document as text inside a single <pre>.
    const text = await page.locator('pre').first().textContent();
    expect(JSON.parse(text ?? '')).toEqual({
      status: 'ok',
      database: expect.stringMatching(/^(sqlite|postgres)$/),
      version: expect.any(String),
    });
  });
});
