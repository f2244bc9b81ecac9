import { describe, expect, it } from 'vitest';
import { planNoticePublication } from './notice-publication';
import { plus, purpose, t } from './test-fixtures';

const now = t('2026-06-01T12:00:00.000Z');
const email = purpose({ key: 'marketing-email' });
const analytics = purpose({ key: 'analytics' });
const retired = purpose({ key: 'old-survey', retiredAt: t('2026-05-01T00:00:00.000Z') });
const purposes = [email, analytics, retired];
const list = (...keys: string[]) => keys.map((purposeKey) => ({ purposeKey }));
const caught = (f: () => void) => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('planNoticePublication', () => {
  it('a notice listing every active purpose takes effect now when effectiveAt is omitted', () => {
    expect(planNoticePublication({ listed: list('marketing-email', 'analytics'), purposes, now })).toEqual({
      effectiveAt: now,
    });
  });

  it('a notice may take effect in the future', () => {
    const later = plus(now, 86_400_000);
    expect(
      planNoticePublication({ listed: list('marketing-email', 'analytics'), purposes, effectiveAt: later, now }),
    ).toEqual({ effectiveAt: later });
  });

  it('an effectiveAt within a minute in the past is clock skew, not the past', () => {
    const skewed = plus(now, -59_000);
    expect(
      planNoticePublication({ listed: list('marketing-email', 'analytics'), purposes, effectiveAt: skewed, now }),
    ).toEqual({ effectiveAt: skewed });
  });

  const refusals: Array<[string, Parameters<typeof planNoticePublication>[0], string, string]> = [
    [
      'a notice naming an unknown purpose is refused with NOT_FOUND',
      { listed: list('marketing-email', 'analytics', 'nope'), purposes, now },
      'NOT_FOUND',
      "No purpose with key 'nope'.",
    ],
    [
      'a notice naming a retired purpose is refused with BAD_USER_INPUT',
      { listed: list('marketing-email', 'analytics', 'old-survey'), purposes, now },
      'BAD_USER_INPUT',
      "purposes: 'old-survey' is retired and cannot appear in a new notice.",
    ],
    [
      'a notice leaving out an active purpose is refused with BAD_USER_INPUT naming it',
      { listed: list('analytics'), purposes, now },
      'BAD_USER_INPUT',
      'purposes: every active purpose must appear; missing marketing-email.',
    ],
    [
      'a notice taking effect more than a minute in the past is refused with BAD_USER_INPUT',
      { listed: list('marketing-email', 'analytics'), purposes, effectiveAt: plus(now, -61_000), now },
      'BAD_USER_INPUT',
      'effectiveAt: cannot be in the past; a notice cannot change what earlier decisions meant.',
    ],
  ];
  it.each(refusals)('%s', (_rule, input, code, message) => {
    expect(caught(() => planNoticePublication(input))).toMatchObject({ code, message });
  });

  it('an unknown purpose is reported before a missing one', () => {
    expect(caught(() => planNoticePublication({ listed: list('nope'), purposes, now }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
