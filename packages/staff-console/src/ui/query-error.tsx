import type { ReactNode } from 'react';
import { errorText } from './error-text';

/** A failed query: what could not be loaded, why, and a way to try again. */
export function QueryError({ what, error, onRetry, hint }: { what: string; error: unknown; onRetry?: () => void; hint?: ReactNode }) {
  return (
    <div className="notice-box notice-box--error" role="alert">
      <p>
        Could not load {what}. {errorText(error)}
      </p>
      {hint}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A failed mutation: what was not done and why. */
export function MutationError({ what, error }: { what: string; error: unknown }) {
  return (
    <div className="notice-box notice-box--error" role="alert">
      <p>
        {what} failed. {errorText(error)}
      </p>
    </div>
  );
}

/** A query on its way: announced politely, shown plainly. */
export function Loading({ children }: { children: string }) {
  return (
    <p className="loading" role="status">
      {children}
    </p>
  );
}
