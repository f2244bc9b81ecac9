import { describe, expect, it } from 'vitest';
import { diffWords } from './word-diff';

const join = (parts: { kind: string; text: string }[], keep: string) =>
  parts
    .filter((part) => part.kind !== keep)
    .map((part) => part.text)
    .join('');

describe('diffWords', () => {
  it('marks words added at the end', () => {
    expect(diffWords('A monthly email.', 'A monthly email. And offers.')).toEqual([
      { kind: 'same', text: 'A monthly email. ' },
      { kind: 'added', text: 'And offers.' },
    ]);
  });

  it('marks a replaced word as removed then added', () => {
    expect(diffWords('A monthly email about features.', 'A weekly email about features.')).toEqual([
      { kind: 'same', text: 'A ' },
      { kind: 'removed', text: 'monthly ' },
      { kind: 'added', text: 'weekly ' },
      { kind: 'same', text: 'email about features.' },
    ]);
  });

  it('gives back both texts exactly', () => {
    const before = 'We count pages you use.  Only totals.';
    const after = 'We count pages and features you use, linked to your account.';
    const parts = diffWords(before, after);
    expect(join(parts, 'added')).toBe(before);
    expect(join(parts, 'removed')).toBe(after);
  });

  it('finds nothing to mark in identical texts', () => {
    expect(diffWords('Same text.', 'Same text.')).toEqual([{ kind: 'same', text: 'Same text.' }]);
  });
});
