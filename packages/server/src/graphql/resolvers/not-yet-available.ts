import { AssentError } from '@assent/core';

/**
 * Contract 1.1 operations this server does not provide yet: a clear, coded error naming what is missing, instead
 * of a null where the schema promises a value (which reads as a masked crash and logs as one).
 */
export function notYetAvailable(operation: string, what: string): () => never {
  return () => {
    throw new AssentError(
      'INTERNAL_SERVER_ERROR',
      `${operation} is not available on this server yet: ${what} has not been built.`,
      {
        userMessage: `This server cannot do that yet (${what}).`,
      },
    );
  };
}
