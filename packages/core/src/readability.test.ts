import { describe, expect, it } from 'vitest';
import {
  countSyllables,
  countText,
  DEFAULT_READABILITY_MIN,
  findJargon,
  findPassive,
  formulaFor,
  readingEase,
  scoreText,
  type ReadabilityFormula,
} from './readability';

const close = (n: number) => Math.round(n * 10) / 10;

describe('readingEase, against published worked examples', () => {
  // Flesch: the three example sentences of the Flesch reading-ease article (English Wikipedia), with its counts.
  it.each([
    ['"The cat sat on the mat." (6 words, 6 syllables)', { words: 6, sentences: 1, syllables: 6 }, 116.1],
    [
      '"This sentence, taken as a reading passage unto itself, is being used to prove a point." (16 words, 23 syllables)',
      { words: 16, sentences: 1, syllables: 23 },
      69,
    ],
    [
      '"The Australian platypus is seemingly a hybrid of a mammal and reptilian creature." (13 words, 26 syllables)',
      { words: 13, sentences: 1, syllables: 26 },
      24.4,
    ],
  ])('Flesch: %s', (_example, counts, expected) => {
    expect(close(readingEase('flesch', counts))).toBe(expected);
  });

  // The adaptations, worked by hand from their published coefficients: 100 words in 10 sentences of 150 syllables
  // (ASL 10, ASW 1.5), and 100 words in 5 sentences of 200 syllables (ASL 20, ASW 2).
  it.each<[ReadabilityFormula, string, number, number]>([
    ['amstad', '180 − ASL − 58.5 ASW', 82.3, 43],
    ['fernandez-huerta', '206.84 − 60 ASW − 1.02 ASL', 106.6, 66.4],
    ['kandel-moles', '207 − 1.015 ASL − 73.6 ASW', 86.5, 39.5],
    ['flesch-vacca', '206 − 65 ASW − ASL', 98.5, 56],
    ['douma', '206.835 − 0.93 ASL − 77 ASW', 82.0, 34.2],
    ['flesch', '206.835 − 1.015 ASL − 84.6 ASW', 69.8, 17.3],
    ['sentence-length', '110 − 2.5 ASL', 85, 60],
  ])('%s is %s', (formula, _definition, easy, hard) => {
    expect(close(readingEase(formula, { words: 100, sentences: 10, syllables: 150 }))).toBe(easy);
    expect(close(readingEase(formula, { words: 100, sentences: 5, syllables: 200 }))).toBe(hard);
  });

  it('an empty text is easy', () => {
    expect(readingEase('amstad', { words: 0, sentences: 0, syllables: 0 })).toBe(100);
  });
});

describe('formulaFor', () => {
  it.each([
    ['en-GB', 'flesch'],
    ['de-CH', 'amstad'],
    ['es', 'fernandez-huerta'],
    ['fr-CA', 'kandel-moles'],
    ['it', 'flesch-vacca'],
    ['nl', 'douma'],
    ['pl', 'sentence-length'],
  ])('%s is scored with %s', (locale, formula) => {
    expect(formulaFor(locale)).toBe(formula);
  });
});

describe('counting', () => {
  it('counts the published examples as Flesch did: "The cat sat on the mat." scores 116.1', () => {
    expect(countText('The cat sat on the mat.', 'en')).toEqual({ words: 6, sentences: 1, syllables: 6 });
    expect(scoreText('The cat sat on the mat.', 'en').score).toBe(116.1);
  });

  it('counts the platypus sentence as 13 words of 26 syllables, scoring 24.4', () => {
    const platypus = 'The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.';
    expect(countText(platypus, 'en')).toEqual({ words: 13, sentences: 1, syllables: 26 });
    expect(scoreText(platypus, 'en').score).toBe(24.4);
  });

  it.each([
    ['de', 'Einwilligung', 4],
    ['de', 'Zahlungen', 3],
    ['fr', 'données', 2],
    ['fr', 'entreprise', 3],
    ['es', 'país', 2],
    ['es', 'tiene', 2],
    ['it', 'aereo', 4],
  ])('%s: "%s" has %i syllables (vowel groups)', (locale, word, n) => {
    expect(countSyllables(word, locale)).toBe(n);
  });

  it("splits sentences and words with the locale's Unicode boundaries", () => {
    expect(countText('Wir zählen Seiten. Sie entscheiden!', 'de')).toMatchObject({ words: 5, sentences: 2 });
  });
});

describe('scoreText', () => {
  it('a plain English text is ok', () => {
    const r = scoreText('We send you news by email, at most twice a month. You can stop them at any time.', 'en');
    expect(r).toMatchObject({ formula: 'flesch', ok: true, issues: [] });
    expect(r.score).toBeGreaterThanOrEqual(DEFAULT_READABILITY_MIN);
  });

  it('a hard text is not ok and says its score is below the threshold', () => {
    const r = scoreText(
      'Notwithstanding contractual obligations, organisational considerations occasionally necessitate comprehensive documentation of administrative procedures.',
      'en',
      { min: 60 },
    );
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([
      expect.stringMatching(/^reading ease -?\d+(\.\d)? is below 60 \(flesch\): use shorter words and sentences$/),
    ]);
  });

  it('flags a sentence of more than 25 words and quotes its start', () => {
    const long = `We ${'use it and '.repeat(8)}stop.`;
    const r = scoreText(long, 'en');
    expect(r.ok).toBe(false);
    expect(r.issues).toContain('sentence of 26 words (at most 25): "We use it and use it …"');
  });

  it('flags jargon with a plainer suggestion, in each language', () => {
    expect(scoreText('We rely on our legitimate interests.', 'en').issues).toContain(
      'jargon: "legitimate interest"; instead: say what we need it for, e.g. "to stop fraud"',
    );
    expect(scoreText('Wir geben Daten an Dritte.', 'de').issues.join()).toContain('jargon: "Dritte"');
    expect(scoreText('Nous partageons avec des tiers.', 'fr').issues.join()).toContain('jargon: "tiers"');
    expect(scoreText('Usamos sus datos.', 'es').ok).toBe(true);
  });

  it('jargon lists can be extended', () => {
    const r = scoreText('We use cookies.', 'en', { jargon: [{ term: 'cookies', suggestion: '"small files"' }] });
    expect(r).toMatchObject({ ok: false, issues: ['jargon: "cookies"; instead: "small files"'] });
  });

  it('reports English passive voice as a hint that alone does not make a text not ok', () => {
    const r = scoreText('Your data is shared with partners.', 'en');
    expect(r.issues).toEqual(['passive voice: "is shared"; say who does it']);
    expect(r.ok).toBe(true);
  });

  it('judges texts under 10 words (titles) on jargon and sentence length only', () => {
    const r = scoreText('Product analytics', 'en');
    expect(r.score).toBeLessThan(DEFAULT_READABILITY_MIN);
    expect(r.ok).toBe(true);
  });

  it('the threshold is configurable', () => {
    const text = 'We keep your invoices and payment records for as long as tax law requires, usually ten years.';
    expect(scoreText(text, 'en', { min: 60 }).ok).toBe(true);
    expect(scoreText(text, 'en', { min: 90 }).ok).toBe(false);
  });
});

describe('findPassive', () => {
  it.each([
    ['Your data was collected.', ['was collected']],
    ['They were quickly sold.', ['were quickly sold']],
    ['It has been shown.', ['been shown']],
    ['We collect your data.', []],
    ['Sie werden informiert.', []],
  ])('%s', (text, expected) => {
    expect(findPassive(text, text.startsWith('Sie') ? 'de' : 'en')).toEqual(expected);
  });
});

describe('findJargon', () => {
  it('matches whole words in any case with a short inflection, not inside other words', () => {
    const list = [{ term: 'tiers', suggestion: 'x' }];
    expect(findJargon('Des Tiers.', list)).toHaveLength(1);
    expect(findJargon('Les entiers.', list)).toHaveLength(0);
    expect(findJargon('tiers-payant', list)).toHaveLength(0);
  });
});
