import { describe, expect, it } from 'vitest';
import { DEFAULT_READABILITY_MIN, noticeReadability } from '@assent/core';
import { DEMO_NOTICE, DEMO_TRANSLATIONS } from './seed.ts';

describe('the demo notice', () => {
  it(`passes the plain-language check at the default threshold (${DEFAULT_READABILITY_MIN}) in every language`, () => {
    const scores = noticeReadability(DEMO_NOTICE, { min: DEFAULT_READABILITY_MIN });
    expect(scores.filter((s) => !s.ok)).toEqual([]);
    expect(new Set(scores.map((s) => s.locale))).toEqual(new Set(['en', ...DEMO_TRANSLATIONS.map((t) => t.locale)]));
  });
});
