import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { AssentError } from '@assent/core';
import { formatError, httpStatusOfErrors, unexpectedCause } from './format-error.ts';

/** A resolver's error as graphql-js reports it: wrapped, with a path. */
const fromResolver = (cause: Error) => new GraphQLError(cause.message, { path: ['decide'], originalError: cause });

describe('formatError and unexpectedCause', () => {
  it('an unexpected resolver error is masked for the client, and its cause is what gets logged', () => {
    const cause = new Error('SQLITE_IOERR: disk I/O error');
    const error = fromResolver(cause);
    expect(
      formatError({ message: cause.message, path: ['decide'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error),
    ).toEqual({
      message: 'Unexpected error.',
      locations: undefined,
      path: ['decide'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(unexpectedCause(error)).toBe(cause);
  });

  it('an AssentError keeps its code and message and is not logged as unexpected', () => {
    const error = fromResolver(new AssentError('NOT_FOUND', 'No purpose with key x.'));
    expect(formatError({ message: 'No purpose with key x.', path: ['decide'] }, error).extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect(unexpectedCause(error)).toBeUndefined();
  });

  it('GraphQL refusing a request (parse, validation, armor limits) is not logged as unexpected', () => {
    expect(
      unexpectedCause(new GraphQLError('Syntax Error', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })),
    ).toBeUndefined();
    const armor = new GraphQLError('Syntax Error: Query Cost limit of 20000 exceeded.');
    expect(unexpectedCause(armor)).toBeUndefined();
    expect(formatError({ message: armor.message }, armor).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('RATE_LIMITED carries retryAfterSeconds to the client and calls for HTTP 429 with Retry-After; other errors keep the status', () => {
    const error = fromResolver(
      new AssentError('RATE_LIMITED', 'Too many requests: try again in 7 s.', {
        details: { retryAfterSeconds: 7, secret: 'not for clients' },
      }),
    );
    const formatted = formatError({ message: error.message, path: ['startVisitorSession'] }, error);
    expect(formatted.extensions).toEqual({ code: 'RATE_LIMITED', userMessage: error.message, retryAfterSeconds: 7 });
    expect(httpStatusOfErrors([formatted])).toEqual({ status: 429, retryAfterSeconds: 7 });
    expect(httpStatusOfErrors([{ message: 'x', extensions: { code: 'FORBIDDEN' } }])).toBeUndefined();
    expect(httpStatusOfErrors(undefined)).toBeUndefined();
  });
});
