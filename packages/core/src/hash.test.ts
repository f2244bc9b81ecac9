import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from './hash';

describe('canonicalJson', () => {
  const rows: Array<[string, unknown, string]> = [
    ['sorts keys by UTF-16 code units', { b: 1, a: 2, A: 3, é: 4 }, '{"A":3,"a":2,"b":1,"é":4}'],
    [
      'sorts nested keys and keeps array order',
      { z: [{ y: 1, x: 2 }, 3], a: null },
      '{"a":null,"z":[{"x":2,"y":1},3]}',
    ],
    ['writes numbers the ECMAScript way (RFC 8785)', [1.0, 1e21, 0.000001, 1e-7, -0], '[1,1e+21,0.000001,1e-7,0]'],
    ['drops undefined properties like JSON.stringify', { a: undefined, b: 1 }, '{"b":1}'],
    ['writes a Date through toJSON', { at: new Date('2026-01-01T00:00:00Z') }, '{"at":"2026-01-01T00:00:00.000Z"}'],
  ];
  it.each(rows)('%s', (_rule, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each([
    ['an unpaired surrogate', '\ud800'],
    ['NaN', Number.NaN],
    ['undefined', undefined],
  ])('refuses %s', (_what, value) => {
    expect(() => canonicalJson(value)).toThrow();
  });
});

describe('sha256Hex', () => {
  it('hashes UTF-8 text to lowercase hex (test vector "abc")', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
