import { describe, expect, it } from 'vitest';
import { createI18n, INTERFACE_LANGUAGES, interfaceLanguage } from './i18n';
import { en } from './locales/en';

const files = import.meta.glob<Record<string, unknown>>('./locales/*.ts', { eager: true });
const catalogues = Object.fromEntries(
  Object.entries(files).map(([path, module]) => {
    const language = /\/(\w+)\.ts$/.exec(path)![1]!;
    return [language, module[language] as object];
  }),
);

/** Every leaf of a catalogue as "section.key" → text. */
function leaves(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of leaves(value as object, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const english = leaves(en);
/** Keys that are plural in English (their base, without the category). */
const pluralBases = new Set([...english.keys()].filter((key) => PLURAL.test(key)).map((k) => k.replace(PLURAL, '')));
const baseOf = (key: string) => (pluralBases.has(key.replace(PLURAL, '')) ? key.replace(PLURAL, '') : key);
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]).sort();

describe('message files', () => {
  it('there is one file per interface language, exporting a catalogue named after it', () => {
    expect(Object.keys(catalogues).sort()).toEqual([...INTERFACE_LANGUAGES].sort());
    for (const catalogue of Object.values(catalogues)) expect(catalogue).toBeTypeOf('object');
  });

  describe.each(INTERFACE_LANGUAGES.filter((language) => language !== 'en'))('%s', (language) => {
    const texts = leaves(catalogues[language]!);

    it('has every key of English and no other', () => {
      const bases = (keys: Iterable<string>) => [...new Set([...keys].map(baseOf))].sort();
      expect(bases(texts.keys())).toEqual(bases(english.keys()));
      for (const [key, text] of texts) expect(text.trim(), key).not.toBe('');
    });

    it('has exactly the plural forms the language needs (Intl.PluralRules)', () => {
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      for (const base of pluralBases) {
        const forms = [...texts.keys()].filter((key) => key.replace(PLURAL, '') === base && PLURAL.test(key));
        expect(forms.map((key) => PLURAL.exec(key)![1]).sort(), base).toEqual([...categories].sort());
      }
    });

    it('uses the same {{placeholders}} as English in every text', () => {
      for (const [key, text] of texts) {
        const reference = english.get(key) ?? english.get(`${baseOf(key)}_other`);
        expect(placeholders(text), key).toEqual(placeholders(reference!));
      }
    });
  });
});

describe('interfaceLanguage', () => {
  it('takes the first language with a catalogue, by its primary subtag, and English when none has one', () => {
    expect(interfaceLanguage(['pl-PL', 'en'])).toBe('pl');
    expect(interfaceLanguage(['ja', 'pt-BR;q=0.9'])).toBe('pt');
    expect(interfaceLanguage([' FR-ca'])).toBe('fr');
    expect(interfaceLanguage(['ja', 'zh'])).toBe('en');
    expect(interfaceLanguage([])).toBe('en');
  });
});

describe('createI18n', () => {
  it('is ready in English at once and loads another language when asked', async () => {
    const i18n = createI18n();
    expect(i18n.t('consents.acceptAll')).toBe('Accept all');
    await i18n.changeLanguage('fr');
    expect(i18n.resolvedLanguage).toBe('fr');
    expect(i18n.t('consents.acceptAll')).toBe('Tout accepter');
    expect(i18n.t('history.recordedBy.ADMIN', { how: 'Par e-mail' })).toBe(
      'Par e-mail, enregistré par un administrateur',
    );
  });

  it('chooses the plural form by the language’s rules', async () => {
    const i18n = createI18n();
    expect(i18n.t('history.shown', { shown: 1, count: 1 })).toBe('Showing 1 of 1 entry');
    expect(i18n.t('history.shown', { shown: 2, count: 2 })).toBe('Showing 2 of 2 entries');
    await i18n.changeLanguage('pl');
    expect(i18n.t('history.shown', { shown: 1, count: 1 })).toBe('Wyświetlono 1 z 1 wpisu');
    expect(i18n.t('history.shown', { shown: 3, count: 22 })).toBe('Wyświetlono 3 z 22 wpisów');
    expect(i18n.t('history.shown', { shown: 3, count: 25 })).toBe('Wyświetlono 3 z 25 wpisów');
  });

  it('falls back to English for a language without a message file', async () => {
    const i18n = createI18n();
    await i18n.changeLanguage(interfaceLanguage(['ja']));
    expect(i18n.t('prompt.allow')).toBe('Allow');
  });
});
