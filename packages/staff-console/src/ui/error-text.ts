import { isApiError } from '@assent/web-kit';

/**
 * What went wrong and what to do, for staff. Expected errors (bad input, not
 * found, conflict) carry a precise server message worth showing; unexpected
 * ones are masked by the server, so we say so instead of echoing "Unexpected error."
 */
export function errorText(error: unknown): string {
  if (!isApiError(error)) return 'Something went wrong in the console. Reload the page and try again.';
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return 'Your key is not valid (any more). Sign in again with a current key.';
    case 'FORBIDDEN':
      return `Your key’s role may not do this (the server answered FORBIDDEN: ${error.message})`;
    case 'NETWORK_ERROR':
      return 'The server could not be reached. Check the connection and try again.';
    case 'RATE_LIMITED':
      return 'Too many requests. Wait a moment and try again.';
    case 'GRAPHQL_VALIDATION_FAILED':
      return 'This server’s API does not offer this yet (GRAPHQL_VALIDATION_FAILED).';
    case 'INTERNAL_SERVER_ERROR':
      return 'The server hit an unexpected error (INTERNAL_SERVER_ERROR). Try again; if it persists, tell an administrator.';
    default: {
      const userMessage = error.extensions.userMessage;
      const message = typeof userMessage === 'string' && userMessage ? userMessage : error.message;
      return `${message} (${error.code})`;
    }
  }
}
