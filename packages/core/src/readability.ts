import { syllable } from 'syllable';

/**
 * The reading-ease formula used for a language. All but 'sentence-length' are published adaptations of Flesch's
 * reading ease to one language and share its scale (0 = very hard … 100 = very easy; 60 = plain), so one threshold
 * serves them all.
 */
export type ReadabilityFormula =
  'flesch' | 'amstad' | 'fernandez-huerta' | 'kandel-moles' | 'flesch-vacca' | 'douma' | 'sentence-length';

/** What the formulas count in a text. */
export interface TextCounts {
  words: number;
  sentences: number;
  syllables: number;
}

/** The default threshold of reading ease, on Flesch's scale: 60 is "plain English" (ASSENT_READABILITY_MIN). */
export const DEFAULT_READABILITY_MIN = 60;
/** A sentence longer than this many words is flagged. */
export const LONG_SENTENCE_WORDS = 25;
/**
 * Below this many words a formula's score says little (they are calibrated on passages, and a two-word title of
 * long words scores below zero), so short texts such as titles are judged on jargon and sentence length only.
 */
export const MIN_WORDS_FOR_SCORE = 10;

const FORMULA_BY_LANGUAGE: Readonly<Record<string, ReadabilityFormula>> = {
  en: 'flesch',
  de: 'amstad',
  es: 'fernandez-huerta',
  fr: 'kandel-moles',
  it: 'flesch-vacca',
  nl: 'douma',
};

/** The formula for a BCP 47 tag: by its language; 'sentence-length' where no adaptation of Flesch is listed. */
export function formulaFor(locale: string): ReadabilityFormula {
  return FORMULA_BY_LANGUAGE[language(locale)] ?? 'sentence-length';
}

/**
 * Reading ease from counts, by formula (ASL: words per sentence; ASW: syllables per word):
 * - flesch (Flesch 1948): 206.835 − 1.015 ASL − 84.6 ASW
 * - amstad (Amstad 1978, German): 180 − ASL − 58.5 ASW
 * - fernandez-huerta (Fernández Huerta 1959, Spanish, with Law's 2011 correction of the sentence term):
 *   206.84 − 60 ASW − 1.02 ASL
 * - kandel-moles (Kandel & Moles 1958, French): 207 − 1.015 ASL − 73.6 ASW
 * - flesch-vacca (Franchina & Vacca 1986, Italian): 206 − 65 ASW − ASL
 * - douma (Douma 1960, Dutch): 206.835 − 0.93 ASL − 77 ASW
 * - sentence-length (no published adaptation for the language): 110 − 2.5 ASL, so that 20 words a sentence, the
 *   usual plain-language ceiling, scores 60
 * An empty text scores 100 (nothing in it is hard to read).
 */
export function readingEase(formula: ReadabilityFormula, c: TextCounts): number {
  if (c.words === 0) return 100;
  const asl = c.words / Math.max(1, c.sentences);
  const asw = c.syllables / c.words;
  switch (formula) {
    case 'flesch':
      return 206.835 - 1.015 * asl - 84.6 * asw;
    case 'amstad':
      return 180 - asl - 58.5 * asw;
    case 'fernandez-huerta':
      return 206.84 - 60 * asw - 1.02 * asl;
    case 'kandel-moles':
      return 207 - 1.015 * asl - 73.6 * asw;
    case 'flesch-vacca':
      return 206 - 65 * asw - asl;
    case 'douma':
      return 206.835 - 0.93 * asl - 77 * asw;
    case 'sentence-length':
      return 110 - 2.5 * asl;
  }
}

function language(locale: string): string {
  return locale.split(/[-_]/)[0]!.toLowerCase();
}

// Vowel letters per language for the vowel-group counter; the fallback covers Latin-script languages.
const VOWELS: Readonly<Record<string, string>> = {
  de: 'aeiouyäöü',
  fr: 'aeiouyàâæéèêëîïôœùûü',
  es: 'aeiouáéíóúü',
  it: 'aeiouàèéìíòóùú',
  nl: 'aeiouyëïéèáóú',
};
const FALLBACK_VOWELS = 'aeiouyàáâãäåæèéêëìíîïòóôõöøœùúûüýÿąęėįųůěőű';

/**
 * Syllables of one word. English: the `syllable` package (wooorm's, a maintained port of the heuristics behind
 * textstat and text-statistics). Other languages have no maintained counter on npm: runs of vowels are counted, with
 * two corrections where the spelling says so (Spanish and Italian: two strong vowels or an accented weak one split;
 * French: a final silent -e/-es is not a syllable). Every word has at least one.
 */
export function countSyllables(word: string, locale: string): number {
  const lang = language(locale);
  const w = word.toLowerCase();
  if (lang === 'en') return Math.max(1, syllable(w));
  const vowels = VOWELS[lang] ?? FALLBACK_VOWELS;
  let groups = 0;
  let previous = '';
  for (const ch of w) {
    const isVowel = vowels.includes(ch);
    if (isVowel && (previous === '' || (lang === 'es' || lang === 'it' ? splitsFrom(previous, ch) : false)))
      groups += 1;
    previous = isVowel ? ch : '';
  }
  if (lang === 'fr' && groups > 1 && /[^aeiouyéè]es?$/.test(w)) groups -= 1;
  return Math.max(1, groups);
}

// Spanish and Italian hiatus: two strong vowels (a, e, o) are two syllables, and so is an accented i or u next to a vowel.
const STRONG = 'aeoáéóàèò';
const ACCENTED_WEAK = 'íúìù';
function splitsFrom(previous: string, ch: string): boolean {
  return (
    (STRONG.includes(previous) && STRONG.includes(ch)) || ACCENTED_WEAK.includes(previous) || ACCENTED_WEAK.includes(ch)
  );
}

/** The sentences of a text and their words (Intl.Segmenter: Unicode's sentence and word boundaries for the locale). */
export function splitText(text: string, locale: string): string[][] {
  const segLocale = safeLocale(locale);
  const sentences = new Intl.Segmenter(segLocale, { granularity: 'sentence' });
  const words = new Intl.Segmenter(segLocale, { granularity: 'word' });
  const out: string[][] = [];
  for (const s of sentences.segment(text)) {
    const ws = [...words.segment(s.segment)].filter((w) => w.isWordLike).map((w) => w.segment);
    if (ws.length) out.push(ws);
  }
  return out;
}

function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** Words, sentences and syllables of a text, as the formulas count them. */
export function countText(text: string, locale: string): TextCounts {
  const sentences = splitText(text, locale);
  const words = sentences.flat();
  return {
    words: words.length,
    sentences: sentences.length,
    syllables: words.reduce((n, w) => n + countSyllables(w, locale), 0),
  };
}

/** A listed term and the plainer wording to suggest instead. */
export interface JargonEntry {
  term: string;
  suggestion: string;
}

/** Jargon per language (by language subtag); extend by passing your own list to {@link scoreText}. */
export const JARGON: Readonly<Record<string, readonly JargonEntry[]>> = {
  en: [
    { term: 'legitimate interest', suggestion: 'say what we need it for, e.g. "to stop fraud"' },
    { term: 'processing', suggestion: '"use"' },
    { term: 'process your data', suggestion: '"use your data"' },
    { term: 'third parties', suggestion: '"other companies" (name them)' },
    { term: 'data controller', suggestion: '"we" (with the company name)' },
    { term: 'data processor', suggestion: '"a company that works for us"' },
    { term: 'data subject', suggestion: '"you"' },
    { term: 'profiling', suggestion: '"building a picture of your interests"' },
    { term: 'lawful basis', suggestion: '"why we are allowed to"' },
    { term: 'legal basis', suggestion: '"why we are allowed to"' },
    { term: 'pursuant to', suggestion: '"under"' },
    { term: 'in accordance with', suggestion: '"under" or "as"' },
    { term: 'hereinafter', suggestion: 'leave it out' },
    { term: 'aforementioned', suggestion: '"this"' },
    { term: 'pseudonymised', suggestion: '"with your name taken out"' },
    { term: 'retention period', suggestion: '"how long we keep it"' },
  ],
  de: [
    { term: 'berechtigtes Interesse', suggestion: 'sagen Sie, wofür, z. B. "um Betrug zu verhindern"' },
    { term: 'berechtigten Interesse', suggestion: 'sagen Sie, wofür, z. B. "um Betrug zu verhindern"' },
    { term: 'Verarbeitung', suggestion: '"Nutzung"' },
    { term: 'verarbeiten', suggestion: '"nutzen"' },
    { term: 'Dritte', suggestion: '"andere Firmen" (nennen Sie sie)' },
    { term: 'Verantwortliche', suggestion: '"wir" (mit Firmennamen)' },
    { term: 'Auftragsverarbeiter', suggestion: '"eine Firma, die für uns arbeitet"' },
    { term: 'betroffene Person', suggestion: '"Sie"' },
    { term: 'Profiling', suggestion: '"ein Bild Ihrer Interessen erstellen"' },
    { term: 'Profilbildung', suggestion: '"ein Bild Ihrer Interessen erstellen"' },
    { term: 'Rechtsgrundlage', suggestion: '"warum wir das dürfen"' },
    { term: 'gemäß', suggestion: '"nach"' },
  ],
  fr: [
    { term: 'intérêt légitime', suggestion: 'dites pourquoi, par exemple « pour éviter la fraude »' },
    { term: 'traitement', suggestion: '« utilisation »' },
    { term: 'traiter vos données', suggestion: '« utiliser vos données »' },
    { term: 'tiers', suggestion: '« d’autres entreprises » (nommez-les)' },
    { term: 'responsable du traitement', suggestion: '« nous » (avec le nom de l’entreprise)' },
    { term: 'sous-traitant', suggestion: '« une entreprise qui travaille pour nous »' },
    { term: 'personne concernée', suggestion: '« vous »' },
    { term: 'profilage', suggestion: '« dresser un portrait de vos centres d’intérêt »' },
    { term: 'base légale', suggestion: '« pourquoi nous en avons le droit »' },
    { term: 'base juridique', suggestion: '« pourquoi nous en avons le droit »' },
    { term: 'conformément à', suggestion: '« selon »' },
  ],
  es: [
    { term: 'interés legítimo', suggestion: 'diga para qué, por ejemplo «para evitar el fraude»' },
    { term: 'tratamiento', suggestion: '«uso»' },
    { term: 'terceros', suggestion: '«otras empresas» (nómbrelas)' },
    { term: 'responsable del tratamiento', suggestion: '«nosotros» (con el nombre de la empresa)' },
    { term: 'elaboración de perfiles', suggestion: '«hacernos una idea de sus intereses»' },
    { term: 'base jurídica', suggestion: '«por qué podemos hacerlo»' },
  ],
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The listed terms a text uses: a term matches as whole words, in any case, with up to two letters of inflection,
 * and not as part of a hyphenated compound or identifier (a purpose key such as 'third-parties-x' is not prose).
 */
export function findJargon(text: string, entries: readonly JargonEntry[]): JargonEntry[] {
  return entries.filter((e) =>
    new RegExp(`(?<![\\p{L}-])${escapeRegExp(e.term)}\\p{L}{0,2}(?![\\p{L}-])`, 'iu').test(text),
  );
}

// "be" forms followed by a past participle: regular -ed, or a common irregular one; an adverb may sit in between.
const IRREGULAR_PARTICIPLES =
  'known|given|shown|taken|made|seen|done|kept|sent|held|told|sold|bought|built|paid|found|left|put|set|read|written|chosen|spent|brought|thought|meant|understood|hidden|stolen|drawn|driven';
const ENGLISH_PASSIVE = new RegExp(
  `\\b(?:am|is|are|was|were|be|been|being)\\s+(?:\\w+ly\\s+)?(?:\\w+ed|${IRREGULAR_PARTICIPLES})\\b`,
  'gi',
);

/**
 * English passive voice by a simple heuristic ("was/were/is/are/been/be" + past participle); other languages are not
 * checked (German and French passives need a parser to tell them from adjectives and perfect tenses).
 */
export function findPassive(text: string, locale: string): string[] {
  if (language(locale) !== 'en') return [];
  return [...text.matchAll(ENGLISH_PASSIVE)].map((m) => m[0]);
}

/** How readable one text is. */
export interface TextScore {
  /** Reading ease on Flesch's scale (rounded to one decimal): higher is easier. */
  score: number;
  formula: ReadabilityFormula;
  /** False when the score is below the threshold (texts of at least MIN_WORDS_FOR_SCORE words), a sentence is too long, or jargon is used. */
  ok: boolean;
  /** Plain-language reasons, e.g. 'sentence of 41 words', 'jargon: "legitimate interest"'; passive voice is listed but alone does not make a text not ok. */
  issues: string[];
}

/** Options of {@link scoreText}. */
export interface ScoreOptions {
  /** Threshold of reading ease (default {@link DEFAULT_READABILITY_MIN}). */
  min?: number;
  /** Jargon to flag (default: {@link JARGON} for the text's language). */
  jargon?: readonly JargonEntry[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const quote = (words: readonly string[]) => `"${words.slice(0, 6).join(' ')}${words.length > 6 ? ' …' : ''}"`;

/** Scores one text in one language: reading ease by the language's formula, long sentences, English passives, jargon. */
export function scoreText(text: string, locale: string, opts: ScoreOptions = {}): TextScore {
  const min = opts.min ?? DEFAULT_READABILITY_MIN;
  const formula = formulaFor(locale);
  const sentences = splitText(text, locale);
  const words = sentences.flat();
  const counts = {
    words: words.length,
    sentences: sentences.length,
    syllables: words.reduce((n, w) => n + countSyllables(w, locale), 0),
  };
  const score = round1(readingEase(formula, counts));
  const hard: string[] = [];
  if (counts.words >= MIN_WORDS_FOR_SCORE && score < min)
    hard.push(`reading ease ${score} is below ${min} (${formula}): use shorter words and sentences`);
  for (const s of sentences) {
    if (s.length > LONG_SENTENCE_WORDS)
      hard.push(`sentence of ${s.length} words (at most ${LONG_SENTENCE_WORDS}): ${quote(s)}`);
  }
  for (const j of findJargon(text, opts.jargon ?? JARGON[language(locale)] ?? []))
    hard.push(`jargon: "${j.term}"; instead: ${j.suggestion}`);
  const hints = findPassive(text, locale).map((p) => `passive voice: "${p}"; say who does it`);
  return { score, formula, ok: hard.length === 0, issues: [...hard, ...hints] };
}
