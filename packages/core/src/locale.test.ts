import { describe, expect, it } from 'vitest';
import { canonicalLocale, matchLocale, requestedLocales } from './locale';

const AVAILABLE = ['en', 'de', 'fr'];

describe('matchLocale', () => {
  it.each([
    ['an exact tag picks that locale', 'de', 'de'],
    ['tags match whatever their case', 'FR', 'fr'],
    ['a regional tag falls back to its language', 'de-CH', 'de'],
    ['a tag no locale is close to falls back to the default', 'ja', 'en'],
    ['no locale asked gives the default', undefined, 'en'],
    ['an empty value gives the default', '', 'en'],
    ['a malformed tag gives the default', 'not a tag!', 'en'],
    ['an Accept-Language value picks its most wanted available language', 'ja, fr;q=0.9, de;q=0.8', 'fr'],
    ['q-values order the tags, not their position', 'en;q=0.2, de;q=0.9, fr;q=0.5', 'de'],
    ['q=0 means "not this one"', 'de;q=0, fr;q=0.1', 'fr'],
    ['the wildcard alone gives the default', '*', 'en'],
    ['a German browser (de-DE,de;q=0.9,en;q=0.8) gets German', 'de-DE,de;q=0.9,en;q=0.8', 'de'],
  ])('%s (%s → %s)', (_rule, requested, expected) => {
    expect(matchLocale(requested, AVAILABLE, 'en')).toBe(expected);
  });

  it('an exact regional match wins over the language-only text', () => {
    expect(matchLocale('de-CH', ['en', 'de', 'de-CH'], 'en')).toBe('de-CH');
  });

  it('the language-only text wins over another region of the language', () => {
    expect(matchLocale('de-AT', ['en', 'de-DE', 'de'], 'en')).toBe('de');
  });

  it('without a language-only text, best fit picks another region of the language', () => {
    expect(matchLocale('de-AT', ['en', 'de-DE'], 'en')).toBe('de-DE');
    expect(matchLocale('de', ['en', 'de-DE'], 'en')).toBe('de-DE');
  });

  it('the default is returned even when it is not among the available locales', () => {
    expect(matchLocale('ja', ['de', 'fr'], 'de')).toBe('de');
  });
});

describe('requestedLocales', () => {
  it('canonicalizes tags, drops malformed entries and keeps equal q-values in the order sent', () => {
    expect(requestedLocales('en-us, x!, de;q=0.5, fr;q=0.5, *;q=0.1')).toEqual(['en-US', 'de', 'fr']);
  });
});

describe('canonicalLocale', () => {
  it('gives the canonical case of a tag, or null for a malformed one', () => {
    expect(canonicalLocale('PT-br')).toBe('pt-BR');
    expect(canonicalLocale('12')).toBeNull();
  });
});
