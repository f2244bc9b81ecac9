import { useMessages } from '../i18n/messages';
import { errorText } from './error-text';

/** A failed query: what could not be loaded, why, and a way to try again. */
export function QueryError({ what, error, onRetry }: { what: string; error: unknown; onRetry: () => void }) {
  const m = useMessages();
  return (
    <div className="notice-box notice-box--error" role="alert">
      <p>
        {m.errors.loadFailed(what)} {errorText(m, error)}
      </p>
      <button type="button" className="button" onClick={onRetry}>
        {m.app.retry}
      </button>
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
