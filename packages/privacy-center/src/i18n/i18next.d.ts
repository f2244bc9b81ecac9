import type { en } from './locales/en';

// Keys and placeholders of t() are checked against the English catalogue.
declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof en };
  }
}
