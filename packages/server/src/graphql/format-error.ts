import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isAssentError, type ErrorCode } from '@assent/core';
import type { Logger } from 'pino';

/** Codes GraphQL itself produces for requests that are not valid GraphQL, kept as they are. */
const PASS_THROUGH = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);

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
 * Expected errors carry their code and message; everything else is logged with the request id and
 * masked, so no stack trace, SQL or driver message reaches a client.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (isAssentError(original)) {
      const details = original.details && 'issues' in original.details ? { issues: original.details.issues } : {};
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { code: CODE[original.code], userMessage: original.userMessage, ...details } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code)) {
      const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    // Armor (depth/cost/alias limits) reports as GraphQLError without our code: a bad request, not a crash.
    if (original && typeof original === 'object' && (original as { name?: string }).name === 'GraphQLError' && !formatted.path) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    }
    const requestId = (formatted.extensions?.requestId as string | undefined) ?? undefined;
    logger.error({ err: original, path: formatted.path, requestId }, 'unexpected error in resolver');
    return { message: 'Unexpected error.', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
