import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isAssentError, type ErrorCode } from '@assent/core';
import { ScalarInputError } from './scalars.ts';

/** Codes GraphQL itself produces for requests that are not valid GraphQL, kept as they are. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Our error codes → extensions.code, one table (exhaustive over ErrorCode). */
const CODE: Record<ErrorCode, string> = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  CONSENT_NOT_APPLICABLE: 'CONSENT_NOT_APPLICABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
};

/**
 * Whether an error is one we did not expect (a bug, a database failure): not ours (AssentError), not
 * GraphQL's own refusal of a request (PASS_THROUGH codes), not graphql-armor's limits (a GraphQLError
 * without a path). formatError masks these; graphql/apollo.ts logs them once, with the request id.
 */
function isUnexpected(original: unknown, code: unknown, path: unknown): boolean {
  if (isAssentError(original)) return false;
  if (typeof code === 'string' && PASS_THROUGH.has(code)) return false;
  // Armor (depth/cost/alias limits) reports as GraphQLError without our code: a bad request, not a crash.
  return !(
    original &&
    typeof original === 'object' &&
    (original as { name?: string }).name === 'GraphQLError' &&
    !path
  );
}

/** The cause of an error as Apollo reports it (didEncounterErrors), when it is unexpected; undefined otherwise. */
export function unexpectedCause(error: { extensions?: Record<string, unknown>; path?: unknown }): unknown {
  const original = assentOrigin(unwrapResolverError(error));
  return isUnexpected(original, error.extensions?.code, error.path) ? (original ?? error) : undefined;
}

/** An AssentError a plugin threw (a rate limit) reaches formatError wrapped in a GraphQLError without a path. */
function assentOrigin(error: unknown): unknown {
  if (isAssentError(error)) return error;
  const inner = (error as { originalError?: unknown } | null)?.originalError;
  return isAssentError(inner) ? inner : error;
}

/**
 * Whether a validation error is a scalar refusing a literal written in the document (an impossible date inline): the
 * scalar's ScalarInputError is somewhere down the error's originalError chain (armor's refusals, also coded
 * BAD_USER_INPUT by armor, stay validation failures). Such input is bad
 * input, as the same value sent as a variable is, not an invalid document.
 */
export function scalarRefusal(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (e instanceof ScalarInputError) return true;
    e = (e as { originalError?: unknown }).originalError;
  }
  return false;
}

/**
 * Expected errors carry their code and message; everything else is masked, so no stack trace, SQL
 * or driver message reaches a client (the cause is logged by graphql/apollo.ts, with the request id).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = assentOrigin(unwrapResolverError(error));
  if (isAssentError(original)) {
    // Only the details a client acts on: which fields were wrong, which texts a notice lacks, and when to try again.
    // A rule that names one field (details.field) reads as one issue at that path, like the schema's own checks, so a
    // client finds the field to fix the same way for every BAD_USER_INPUT.
    const field = original.details?.field;
    const details = {
      ...(original.details && 'issues' in original.details
        ? { issues: original.details.issues }
        : typeof field === 'string' && original.code === 'BAD_USER_INPUT'
          ? { issues: [{ path: field, message: original.message }] }
          : {}),
      ...(original.details && 'problems' in original.details ? { problems: original.details.problems } : {}),
      ...(original.details && 'retryAfterSeconds' in original.details
        ? { retryAfterSeconds: original.details.retryAfterSeconds }
        : {}),
    };
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: CODE[original.code], userMessage: original.userMessage, ...details },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PASS_THROUGH.has(code)) {
    const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
    if (code === 'GRAPHQL_VALIDATION_FAILED' && scalarRefusal(error))
      return { ...formatted, extensions: { ...extensions, code: 'BAD_USER_INPUT' } };
    return { ...formatted, extensions };
  }
  if (!isUnexpected(original, code, formatted.path)) {
    return {
      message: formatted.message,
      locations: formatted.locations,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    };
  }
  return {
    message: 'Unexpected error.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/**
 * The HTTP answer a response's errors call for: RATE_LIMITED is HTTP 429 with Retry-After (seconds); anything else
 * keeps Apollo's status. Read from the formatted errors, so both HTTP paths (they share Apollo's answer) agree.
 */
export function httpStatusOfErrors(
  errors: readonly GraphQLFormattedError[] | undefined,
): { status: number; retryAfterSeconds: number } | undefined {
  const limited = errors?.find((e) => e.extensions?.code === 'RATE_LIMITED');
  if (limited === undefined) return undefined;
  const retry = limited.extensions?.retryAfterSeconds;
  return { status: 429, retryAfterSeconds: typeof retry === 'number' && retry > 0 ? Math.ceil(retry) : 1 };
}
