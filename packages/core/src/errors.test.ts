import { describe, expect, it } from 'vitest';
import { AssentError, ERROR_CODE_DESCRIPTIONS, ERROR_CODES, isAssentError } from './errors';

describe('AssentError', () => {
  it('carries its code, and userMessage defaults to the message', () => {
    const e = new AssentError('NOT_FOUND', 'no purpose with key x');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('AssentError');
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toBe('no purpose with key x');
    expect(e.userMessage).toBe('no purpose with key x');
    expect(e.details).toBeUndefined();
    expect(e.cause).toBeUndefined();
  });

  it('keeps userMessage, details and cause when given', () => {
    const cause = new Error('db down');
    const e = new AssentError('INTERNAL_SERVER_ERROR', 'append failed', {
      userMessage: 'Try again.',
      details: { a: 1 },
      cause,
    });
    expect(e.userMessage).toBe('Try again.');
    expect(e.details).toEqual({ a: 1 });
    expect(e.cause).toBe(cause);
  });

  it('documents every error code in one line', () => {
    expect(Object.keys(ERROR_CODE_DESCRIPTIONS).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) expect(ERROR_CODE_DESCRIPTIONS[code]).toMatch(/^[^\n]+\.$/);
  });
});

describe('isAssentError', () => {
  const lookalike = Object.assign(new Error('x'), { name: 'AssentError', code: 'CONFLICT', userMessage: 'x' });
  const rows: Array<[string, unknown, boolean]> = [
    ['an AssentError', new AssentError('CONFLICT', 'x'), true],
    ['an AssentError from another copy of the package', lookalike, true],
    ['a plain Error', new Error('x'), false],
    [
      'an Error named AssentError with an unknown code',
      Object.assign(new Error('x'), { name: 'AssentError', code: 'NOPE', userMessage: 'x' }),
      false,
    ],
    [
      'a plain object shaped like one',
      { name: 'AssentError', code: 'CONFLICT', message: 'x', userMessage: 'x' },
      false,
    ],
    ['null', null, false],
    ['a string', 'CONFLICT', false],
  ];
  it.each(rows)('recognises %s: %s', (_name, value, expected) => {
    expect(isAssentError(value)).toBe(expected);
  });
});
