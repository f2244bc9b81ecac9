import { createInstance, type i18n as I18n } from 'i18next';
import resourcesToBackend from 'i18next-resources-to-backend';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { requestedNoticeLocale } from './notice-locale';

/** The languages the interface has a catalogue for; any other falls back to English. */
export const INTERFACE_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'pt'] as const;
export type InterfaceLanguage = (typeof INTERFACE_LANGUAGES)[number];

/** The interface language for a list of BCP 47 tags in order of preference: the first we have, else English. */
export function interfaceLanguage(tags: readonly string[]): InterfaceLanguage {
  for (const tag of tags) {
    const primary = tag.trim().toLowerCase().split(/[-_;]/)[0];
    const found = INTERFACE_LANGUAGES.find((language) => language === primary);
    if (found) return found;
  }
  return 'en';
}

/**
 * An i18next instance, ready in English at once (English is bundled and is the fallback). Every other catalogue is its
 * own chunk, loaded by `changeLanguage` when that language is first used.
 */
export function createI18n(): I18n {
  const i18n = createInstance()
    .use(initReactI18next)
    .use(
      resourcesToBackend(async (language: string) =>
        language === 'en' ? en : ((await import(`./locales/${language}.ts`)) as Record<string, unknown>)[language],
      ),
    );
  void i18n.init({
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: INTERFACE_LANGUAGES,
    load: 'languageOnly',
    partialBundledLanguages: true,
    resources: { en: { translation: en } },
    initAsync: false,
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
  return i18n;
}

/** The interface language on load: the notice language chosen in this tab, else the browser's languages. */
export function initialInterfaceLanguage(): InterfaceLanguage {
  return interfaceLanguage((requestedNoticeLocale() ?? '').split(','));
}
