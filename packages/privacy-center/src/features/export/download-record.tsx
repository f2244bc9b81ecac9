import { useMutation } from '@tanstack/react-query';
import { saveFile, useGraphQLClient } from '@assent/web-kit';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../ui/error-text';
import { buildSubjectRecord } from './export.queries';

/** "Download my record": current consents and the full history as a JSON file. */
export function DownloadRecord() {
  const { t } = useTranslation();
  const request = useGraphQLClient();
  const download = useMutation({
    mutationFn: async () => {
      const now = new Date();
      const record = await buildSubjectRecord(request, now);
      saveFile(
        t('download.fileName', { date: now.toISOString().slice(0, 10) }),
        JSON.stringify(record, null, 2),
        'application/json',
      );
    },
  });
  return (
    <section aria-labelledby="download-heading" className="card">
      <h2 id="download-heading">{t('download.heading')}</h2>
      <p className="lead">{t('download.intro')}</p>
      <button type="button" className="button button--primary" onClick={() => !download.isPending && download.mutate()}>
        {t('download.button')}
      </button>
      <p role="status" className="meta">
        {download.isPending ? t('download.preparing') : download.isSuccess ? t('download.done') : ''}
      </p>
      {download.isError && (
        <p role="alert" className="notice-box notice-box--error">
          {t('download.failed', { reason: errorText(t, download.error) })}
        </p>
      )}
    </section>
  );
}
