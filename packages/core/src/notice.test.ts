import { describe, expect, it } from 'vitest';
import { lapseFor, lapsesFor, noticeContentHash, noticeInForce, type NoticeContent } from './notice';
import { notice, t } from './test-fixtures';
import type { NoticeTranslation, NoticeVersion } from './types';

const base: NoticeContent = {
  version: 2,
  summary: 'We now send a monthly newsletter.',
  effectiveAt: t('2026-03-15T00:00:00.000Z'),
  purposes: [
    { purposeKey: 'marketing-email', title: 'Newsletter', description: 'Monthly news.', requiresReconsent: true },
    { purposeKey: 'analytics', title: 'Analytics', description: 'Usage statistics.', requiresReconsent: false },
  ],
};

describe('noticeContentHash', () => {
  it('is the SHA-256 of the canonical JSON of the content (pinned: changing it changes every stored hash)', () => {
    expect(noticeContentHash(base)).toBe('7e59f40ec4667c371ca4d18244f583f53e729317c429cea9e126f4cfc7210af7');
  });

  it('does not depend on the order purposes are listed in', () => {
    expect(noticeContentHash({ ...base, purposes: [...base.purposes].reverse() })).toBe(noticeContentHash(base));
  });

  it('ignores fields outside the notice content (ids, timestamps of rows)', () => {
    const rows = base.purposes.map((p) => ({ ...p, id: 'row-id', noticeVersionId: 'n' }));
    expect(noticeContentHash({ ...base, purposes: rows })).toBe(noticeContentHash(base));
  });

  const [first, second] = base.purposes as [NoticeContent['purposes'][0], NoticeContent['purposes'][0]];
  const changes: Array<[string, NoticeContent]> = [
    ['version', { ...base, version: 3 }],
    ['summary', { ...base, summary: 'We now send a weekly newsletter.' }],
    ['effectiveAt (by one millisecond)', { ...base, effectiveAt: t('2026-03-15T00:00:00.001Z') }],
    ['a purpose title', { ...base, purposes: [{ ...first, title: 'News' }, second] }],
    ['a purpose description', { ...base, purposes: [{ ...first, description: 'Weekly news.' }, second] }],
    ['a requiresReconsent flag', { ...base, purposes: [{ ...first, requiresReconsent: false }, second] }],
    ['a purpose key', { ...base, purposes: [{ ...first, purposeKey: 'marketing-sms' }, second] }],
    ['the set of purposes', { ...base, purposes: [first] }],
  ];
  it.each(changes)('changes when %s changes', (_field, changed) => {
    expect(noticeContentHash(changed)).not.toBe(noticeContentHash(base));
  });
});

describe('noticeContentHash in several languages (1.1)', () => {
  const de: NoticeTranslation = {
    locale: 'de',
    summary: 'Wir schicken jetzt einen monatlichen Newsletter.',
    purposes: [
      { purposeKey: 'marketing-email', title: 'Newsletter', description: 'Monatliche Neuigkeiten.' },
      { purposeKey: 'analytics', title: 'Analyse', description: 'Nutzungsstatistik.' },
    ],
  };
  const fr: NoticeTranslation = {
    locale: 'fr',
    summary: 'Nous envoyons désormais une lettre mensuelle.',
    purposes: [
      { purposeKey: 'marketing-email', title: 'Lettre d’information', description: 'Des nouvelles chaque mois.' },
      { purposeKey: 'analytics', title: 'Statistiques', description: 'Statistiques d’utilisation.' },
    ],
  };
  const withDe = { ...base, translations: [de] };

  it('a notice with only its default language, English, keeps the hash of 1.0 (pinned above): stored notices still verify', () => {
    const pinned = '7e59f40ec4667c371ca4d18244f583f53e729317c429cea9e126f4cfc7210af7';
    expect(noticeContentHash({ ...base, defaultLocale: 'en' })).toBe(pinned);
    expect(noticeContentHash({ ...base, defaultLocale: 'en', translations: [] })).toBe(pinned);
  });

  it('a translation changes the hash', () => {
    expect(noticeContentHash(withDe)).not.toBe(noticeContentHash(base));
  });

  const [deFirst, deSecond] = de.purposes as [NoticeTranslation['purposes'][0], NoticeTranslation['purposes'][0]];
  const changes: Array<[string, NoticeContent]> = [
    [
      "a translation's summary",
      { ...base, translations: [{ ...de, summary: 'Wir schicken jetzt einen wöchentlichen Newsletter.' }] },
    ],
    [
      "a translation's purpose title",
      { ...base, translations: [{ ...de, purposes: [{ ...deFirst, title: 'Neuigkeiten' }, deSecond] }] },
    ],
    [
      "a translation's purpose description",
      { ...base, translations: [{ ...de, purposes: [{ ...deFirst, description: 'Wöchentlich.' }, deSecond] }] },
    ],
    ["a translation's locale", { ...base, translations: [{ ...de, locale: 'de-AT' }] }],
    ['one more translation', { ...base, translations: [de, fr] }],
    ['the default locale', { ...withDe, defaultLocale: 'en-GB' }],
  ];
  it.each(changes)('changes when %s changes', (_field, changed) => {
    expect(noticeContentHash(changed)).not.toBe(noticeContentHash(withDe));
  });

  it('names the default language when it is not English, even without translations', () => {
    expect(noticeContentHash({ ...base, defaultLocale: 'de' })).not.toBe(noticeContentHash(base));
  });

  it('does not depend on the order of translations or of their purposes', () => {
    const reordered = [{ ...fr, purposes: [...fr.purposes].reverse() }, de];
    expect(noticeContentHash({ ...base, translations: reordered })).toBe(
      noticeContentHash({ ...base, translations: [de, fr] }),
    );
  });
});

describe('noticeInForce', () => {
  const v1 = notice(1, '2026-01-01T00:00:00.000Z', { a: false });
  const v2 = notice(2, '2026-03-01T00:00:00.000Z', { a: true }, '2026-03-15T00:00:00.000Z');
  const v3 = notice(3, '2026-05-01T00:00:00.000Z', { a: false });
  const rows: Array<[string, readonly NoticeVersion[], string, number | undefined]> = [
    ['before any notice was published there is none', [v1, v2, v3], '2025-12-31T23:59:59.999Z', undefined],
    ['exactly at publishedAt the new version is in force', [v1, v2, v3], '2026-03-01T00:00:00.000Z', 2],
    [
      'one millisecond before publishedAt the previous version is in force',
      [v1, v2, v3],
      '2026-02-28T23:59:59.999Z',
      1,
    ],
    ['a version is in force once published even if not yet effective', [v1, v2, v3], '2026-03-10T00:00:00.000Z', 2],
    ['the newest published version is in force', [v1, v2, v3], '2027-01-01T00:00:00.000Z', 3],
    ['list order does not matter', [v3, v1, v2], '2026-04-01T00:00:00.000Z', 2],
    ['an empty list has none', [], '2027-01-01T00:00:00.000Z', undefined],
  ];
  it.each(rows)('%s', (_rule, notices, at, expected) => {
    expect(noticeInForce(notices, t(at))?.version).toBe(expected);
  });
});

describe('lapseFor', () => {
  const v1 = notice(1, '2026-01-01T00:00:00.000Z', { a: false, b: false });
  const v2 = notice(2, '2026-03-01T00:00:00.000Z', { a: true, b: false }, '2026-03-15T00:00:00.000Z');
  const v3 = notice(3, '2026-05-01T00:00:00.000Z', { a: true, b: true });
  const v4 = notice(4, '2026-07-01T00:00:00.000Z', { a: false, b: false });
  const all = [v4, v2, v1, v3];
  const rows: Array<[string, string, number, number | null]> = [
    ['a grant under v1 lapses with the first later version that requires re-consent', 'a', 1, 2],
    ['a grant under the version that required re-consent lapses only with a later one', 'a', 2, 3],
    ['versions that do not require re-consent for this purpose do not count', 'b', 1, 3],
    ['a grant under the newest requiring version does not lapse', 'b', 3, null],
    ['a purpose no notice mentions never lapses', 'c', 1, null],
    ['a grant under a version newer than all notices does not lapse', 'a', 9, null],
  ];
  it.each(rows)('%s', (_rule, key, grantedUnder, expected) => {
    expect(lapseFor(all, key, grantedUnder)?.version ?? null).toBe(expected);
  });

  it('returns the publishedAt and effectiveAt of the lapsing version', () => {
    expect(lapseFor(all, 'a', 1)).toEqual({ version: 2, publishedAt: v2.publishedAt, effectiveAt: v2.effectiveAt });
  });

  it('lapsesFor lists every lapsing version, lowest first', () => {
    expect(lapsesFor(all, 'a', 1).map((l) => l.version)).toEqual([2, 3]);
  });
});
