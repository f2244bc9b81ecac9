import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { JSONResolver } from 'graphql-scalars';
import { ZDateTimeText } from '@assent/core';

// What DateTime serializes to; a string already in this form (a snapshot's raw rows) goes out as it is.
const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

// ZDateTimeText wants seconds; the scalar has always accepted minute precision (…T15:34Z).
const withSeconds = (s: string) => s.replace(/(T\d{2}:\d{2})(?=Z|[+-])/, '$1:00');

/**
 * A scalar refusing a value: BAD_USER_INPUT, sent as a variable or written in the document (format-error.ts keeps the
 * code when GraphQL's validation reports a literal this refused).
 */
export class ScalarInputError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'BAD_USER_INPUT' } });
  }
}

function parseDate(value: unknown): Date {
  // ZDateTimeText checks the calendar: Date.parse alone reads 2026-02-30 as March 2nd.
  if (typeof value !== 'string' || !ISO.test(value) || !ZDateTimeText.safeParse(withSeconds(value)).success) {
    throw new ScalarInputError(
      `DateTime must be an ISO-8601 string with a time zone, e.g. 2026-11-29T15:34:55.123Z, naming a real date and time; got ${JSON.stringify(value)}.`,
    );
  }
  return new Date(value);
}

/** ISO-8601 UTC date-times in, JS Dates inside, ISO strings out. */
export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO-8601 UTC string, e.g. 2026-11-29T15:34:55.123Z',
  serialize: (v) =>
    typeof v === 'string' && ISO_UTC_MS.test(v) ? v : (v instanceof Date ? v : new Date(v as string)).toISOString(),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

/** Any JSON value. */
export const JSONScalar = JSONResolver;
