import { describe, expect, it } from 'vitest';
import { textsFor } from './texts';

describe('textsFor', () => {
  it.each(['en', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'pt'])('speaks %s, with every text written', (lang) => {
    const { lang: picked, text } = textsFor(`${lang}-XX`);
    expect(picked).toBe(lang);
    for (const [key, value] of Object.entries(text)) expect(value.trim(), `${lang}.${key}`).not.toBe('');
    if (lang !== 'en') expect(text.acceptAll).not.toBe(textsFor('en').text.acceptAll);
  });

  it('reads the first language of an Accept-Language value, and falls back to English', () => {
    expect(textsFor('pl-PL,pl;q=0.9,en;q=0.8').lang).toBe('pl');
    expect(textsFor('fi').lang).toBe('en');
    expect(textsFor(null).lang).toBe('en');
  });
});
