import { describe, expect, it } from 'vitest';
import { DEFAULT_READABILITY_MIN, noticeReadability } from '@assent/core';
import { DEMO_PURPOSES, DEMO_SUMMARY, DEMO_TRANSLATIONS } from './seed.ts';

describe('the demo notice', () => {
  it(`passes the plain-language check at the default threshold (${DEFAULT_READABILITY_MIN}) in every language`, () => {
    const scores = noticeReadability(
      {
        summary: DEMO_SUMMARY,
        defaultLocale: 'en',
        purposes: DEMO_PURPOSES.map((p) => ({ purposeKey: p.key, title: p.title, description: p.description })),
        translations: DEMO_TRANSLATIONS.map((t) => ({
          locale: t.locale,
          summary: t.summary,
          purposes: DEMO_PURPOSES.map((p) => ({
            purposeKey: p.key,
            title: t.purposes[p.key]![0],
            description: t.purposes[p.key]![1],
          })),
        })),
      },
      { min: DEFAULT_READABILITY_MIN },
    );
    expect(scores.filter((s) => !s.ok)).toEqual([]);
    expect(new Set(scores.map((s) => s.locale))).toEqual(new Set(['en', ...DEMO_TRANSLATIONS.map((t) => t.locale)]));
  });
});
