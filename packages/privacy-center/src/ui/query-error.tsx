import { ErrorNotice } from '@assent/web-kit';
import { useMessages } from '../i18n/messages';
import { errorText } from './error-text';

export { Loading } from '@assent/web-kit';

/** A failed query: what could not be loaded, why, and a way to try again. */
export function QueryError({ what, error, onRetry }: { what: string; error: unknown; onRetry: () => void }) {
  const m = useMessages();
  return (
    <ErrorNotice retry={{ label: m.app.retry, onRetry }}>
      {m.errors.loadFailed(what)} {errorText(m, error)}
    </ErrorNotice>
  );
}
