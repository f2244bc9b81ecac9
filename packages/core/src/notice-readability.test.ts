import { describe, expect, it } from 'vitest';
import { AssentError } from './errors';
import { checkNoticeReadability, noticeReadability } from './notice-readability';

const plain = {
  summary: 'We explain here how we use your data. You choose each extra, and you can change your mind at any time.',
  purposes: [
    {
      purposeKey: 'analytics',
      title: 'Product analytics',
      description: 'We count which pages you use, to learn what to improve.',
    },
  ],
};

describe('noticeReadability', () => {
  it('scores the summary, then each title and description, in every language', () => {
    const results = noticeReadability({
      ...plain,
      translations: [
        {
          locale: 'de',
          summary: 'Hier steht, wie wir Ihre Daten nutzen.',
          purposes: [{ purposeKey: 'analytics', title: 'Analyse', description: 'Wir zählen Seiten.' }],
        },
      ],
    });
    expect(results.map((r) => [r.locale, r.purposeKey, r.field])).toEqual([
      ['en', null, 'summary'],
      ['en', 'analytics', 'title'],
      ['en', 'analytics', 'description'],
      ['de', null, 'summary'],
      ['de', 'analytics', 'title'],
      ['de', 'analytics', 'description'],
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('flags jargon in a translation', () => {
    const results = noticeReadability({
      ...plain,
      defaultLocale: 'en',
      translations: [
        {
          locale: 'fr',
          summary: 'Nous partageons vos données avec des tiers.',
          purposes: [{ purposeKey: 'analytics', title: 'Statistiques', description: 'Nous comptons les pages.' }],
        },
      ],
    });
    const fr = results.find((r) => r.locale === 'fr' && r.field === 'summary')!;
    expect(fr.ok).toBe(false);
    expect(fr.issues.join()).toContain('jargon: "tiers"');
  });
});

describe('checkNoticeReadability', () => {
  const hard = noticeReadability({ ...plain, summary: 'Processing is based on our legitimate interests.' });

  it('refuses texts that are not ok with BAD_USER_INPUT listing each text and its reasons', () => {
    let error: unknown;
    try {
      checkNoticeReadability(hard, false);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AssentError);
    expect((error as AssentError).code).toBe('BAD_USER_INPUT');
    expect((error as AssentError).message).toMatch(/en summary: jargon: "legitimate interest".*; jargon: "processing"/);
  });

  it('accepts them when the publisher accepts the issues, and accepts plain texts', () => {
    expect(() => checkNoticeReadability(hard, true)).not.toThrow();
    expect(() => checkNoticeReadability(noticeReadability(plain), false)).not.toThrow();
  });
});
