import { describe, expect, it } from 'vitest';
import { markIssues, parseIssue } from './readability-issues';

describe('parseIssue', () => {
  it('reads long sentences, jargon with its suggestion, passives, and keeps anything else as text', () => {
    expect(parseIssue('sentence of 31 words (at most 25): "We use the pages you read …"')).toMatchObject({
      kind: 'long-sentence',
      words: 31,
      start: 'We use the pages you read',
    });
    expect(parseIssue('jargon: "third parties"; instead: "other companies" (name them)')).toMatchObject({
      kind: 'jargon',
      term: 'third parties',
      suggestion: '"other companies" (name them)',
    });
    expect(parseIssue('passive voice: "is shared"; say who does it')).toMatchObject({
      kind: 'passive',
      phrase: 'is shared',
    });
    expect(parseIssue('reading ease 41 is below 60 (flesch): use shorter words and sentences').kind).toBe('other');
  });
});

describe('markIssues', () => {
  it('marks the long sentence from its first words to its full stop, and the jargon term', () => {
    const text = 'We email you. We use the pages you read, and more, to pick offers. We tell third parties.';
    const stretches = markIssues(text, [
      parseIssue('sentence of 30 words (at most 25): "We use the pages you read …"'),
      parseIssue('jargon: "third parties"; instead: "other companies"'),
    ]);
    expect(stretches.filter((s) => s.marked).map((s) => s.text)).toEqual([
      'We use the pages you read, and more, to pick offers.',
      'third parties',
    ]);
    expect(stretches.map((s) => s.text).join('')).toBe(text);
  });
});
