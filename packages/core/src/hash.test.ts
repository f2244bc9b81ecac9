import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalFlatJson, canonicalJson, sha256Hex } from './hash';

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

describe('canonicalFlatJson', () => {
  it('writes exactly what canonicalJson writes for any object of primitive values', () => {
    const value = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), value), (o) => {
        let expected: string | Error;
        try {
          expected = canonicalJson(o);
        } catch (e) {
          expected = e as Error;
        }
        if (expected instanceof Error) expect(() => canonicalFlatJson(o)).toThrow();
        else expect(canonicalFlatJson(o)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['an unpaired surrogate', { a: '\ud800' }],
    ['an unpaired surrogate in a key', { '\udc00': 1 }],
    ['NaN', { a: Number.NaN }],
    ['Infinity', { a: Number.POSITIVE_INFINITY }],
  ])('refuses %s, as canonicalJson does', (_what, value) => {
    expect(() => canonicalJson(value)).toThrow();
    expect(() => canonicalFlatJson(value)).toThrow();
  });
});

describe('sha256Hex', () => {
  it('hashes UTF-8 text to lowercase hex (test vector "abc")', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
