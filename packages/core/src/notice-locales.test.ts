import { describe, expect, it } from 'vitest';
import { AssentError } from './errors';
import { checkTranslations, localizeNotice, localizePurposes, noticeLocales, recordLocale } from './notice-locales';
import { notice, purpose } from './test-fixtures';
import type { NoticeTranslation, NoticeVersion } from './types';

const v1 = notice(1, '2026-01-01T00:00:00.000Z', { analytics: false, 'marketing-email': true });
const de: NoticeTranslation = {
  locale: 'de',
  summary: 'Hinweis Version 1',
  purposes: [
    { purposeKey: 'analytics', title: 'Analyse', description: 'Wir zählen Seitenaufrufe.' },
    { purposeKey: 'marketing-email', title: 'Werbe-E-Mails', description: 'Neuigkeiten per E-Mail.' },
  ],
};
const fr: NoticeTranslation = {
  locale: 'fr',
  summary: 'Notice version 1',
  purposes: [
    { purposeKey: 'analytics', title: 'Statistiques', description: 'Nous comptons les pages vues.' },
    { purposeKey: 'marketing-email', title: 'E-mails', description: 'Des nouvelles par e-mail.' },
  ],
};
const multi: NoticeVersion = { ...v1, defaultLocale: 'en', translations: [fr, de] };

describe('noticeLocales', () => {
  it('lists the default locale first, then the translations in code-unit order', () => {
    expect(noticeLocales(multi)).toEqual(['en', 'de', 'fr']);
  });

  it('a notice published before 1.1 is in English only', () => {
    expect(noticeLocales(v1)).toEqual(['en']);
  });
});

describe('localizeNotice', () => {
  it('gives the texts of the locale asked, with the reconsent flags of the default texts', () => {
    const n = localizeNotice(multi, 'de-CH');
    expect(n).toMatchObject({
      locale: 'de',
      defaultLocale: 'en',
      availableLocales: ['en', 'de', 'fr'],
      summary: 'Hinweis Version 1',
    });
    expect(n.purposes.map((p) => [p.purposeKey, p.title, p.requiresReconsent])).toEqual([
      ['analytics', 'Analyse', false],
      ['marketing-email', 'Werbe-E-Mails', true],
    ]);
    expect(n.contentHash).toBe(multi.contentHash);
  });

  it('follows the q-values of an Accept-Language value', () => {
    expect(localizeNotice(multi, 'de;q=0.5, fr;q=0.9').locale).toBe('fr');
  });

  it('an unknown or absent locale gives the default texts', () => {
    expect(localizeNotice(multi, 'ja')).toMatchObject({ locale: 'en', summary: v1.summary });
    expect(localizeNotice(multi, undefined).purposes).toEqual(v1.purposes);
  });
});

describe('localizePurposes', () => {
  const purposes = [purpose({ key: 'analytics', title: 'Analytics' }), purpose({ key: 'retired', title: 'Old' })];

  it('words each purpose as the notice does in the locale asked; purposes it does not list keep their wording', () => {
    expect(localizePurposes(purposes, multi, 'fr').map((p) => p.title)).toEqual(['Statistiques', 'Old']);
  });

  it('without translations, the purposes are as stored', () => {
    expect(localizePurposes(purposes, v1, 'fr')).toEqual(purposes);
  });
});

describe('checkTranslations', () => {
  const purposes = v1.purposes;
  const fails = (translations: NoticeTranslation[], defaultLocale = 'en') => {
    try {
      checkTranslations({ defaultLocale, purposes, translations });
    } catch (e) {
      expect(e).toBeInstanceOf(AssentError);
      expect((e as AssentError).code).toBe('BAD_USER_INPUT');
      return (e as AssentError).message;
    }
    throw new Error('expected BAD_USER_INPUT');
  };

  it('complete translations pass', () => {
    expect(() => checkTranslations({ defaultLocale: 'en', purposes, translations: [de, fr] })).not.toThrow();
  });

  it('a translation missing a purpose is BAD_USER_INPUT naming the locale and the missing purposes', () => {
    const message = fails([de, { ...fr, purposes: [] }]);
    expect(message).toBe(
      "translations[1] (fr): the 'fr' translation must word every purpose of the notice; missing analytics, marketing-email",
    );
  });

  it('a translation of a purpose the notice does not list is BAD_USER_INPUT', () => {
    expect(
      fails([{ ...de, purposes: [...de.purposes, { purposeKey: 'research', title: 'F', description: 'F' }] }]),
    ).toContain('does not list: research');
  });

  it('the same locale twice, or the default locale as a translation, is BAD_USER_INPUT', () => {
    expect(fails([de, { ...fr, locale: 'de' }])).toContain("'de' is translated more than once");
    expect(fails([de], 'de')).toContain("'de' is the default locale");
  });
});

describe('recordLocale', () => {
  it("takes the notice's language of the locale the client says was shown", () => {
    expect(recordLocale({ given: 'fr', acceptLanguage: 'de', notice: multi })).toBe('fr');
    expect(recordLocale({ given: 'de-DE', notice: multi })).toBe('de');
    expect(recordLocale({ given: 'fr-CA', acceptLanguage: 'de', notice: multi })).toBe('fr');
    // A language the notice lacks: the subject was shown its default text.
    expect(recordLocale({ given: 'ja', notice: multi })).toBe('en');
  });

  it("else takes the notice's language the Accept-Language header picks", () => {
    expect(recordLocale({ acceptLanguage: 'de-DE,de;q=0.9,en;q=0.8', notice: multi })).toBe('de');
    expect(recordLocale({ acceptLanguage: 'ja', notice: multi })).toBe('en');
  });

  it('else is not known, also when the header names no language (the "*" of server-side clients)', () => {
    expect(recordLocale({ notice: multi })).toBeNull();
    expect(recordLocale({ acceptLanguage: '*', notice: multi })).toBeNull();
  });
});
