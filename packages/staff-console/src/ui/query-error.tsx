import type { ReactNode } from 'react';
import { ErrorNotice } from '@assent/web-kit';
import { errorText } from './error-text';

export { Loading } from '@assent/web-kit';

/** A failed query: what could not be loaded, why, and a way to try again. */
export function QueryError({
  what,
  error,
  onRetry,
  hint,
}: {
  what: string;
  error: unknown;
  onRetry?: () => void;
  hint?: ReactNode;
}) {
  return (
    <ErrorNotice hint={hint} retry={onRetry && { label: 'Try again', onRetry }}>
      Could not load {what}. {errorText(error)}
    </ErrorNotice>
  );
}

/** A failed mutation: what was not done and why. */
export function MutationError({ what, error }: { what: string; error: unknown }) {
  return (
    <ErrorNotice>
      {what} failed. {errorText(error)}
    </ErrorNotice>
  );
}
