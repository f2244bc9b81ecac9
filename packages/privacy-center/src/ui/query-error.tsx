import { ErrorNotice } from '@assent/web-kit';
import { useTranslation } from 'react-i18next';
import { errorText } from './error-text';

export { Loading } from '@assent/web-kit';

/** A failed query: what could not be loaded, why, and a way to try again. */
export function QueryError({ what, error, onRetry }: { what: string; error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <ErrorNotice retry={{ label: t('app.retry'), onRetry }}>
      {t('errors.loadFailed', { what: what })} {errorText(t, error)}
    </ErrorNotice>
  );
}
