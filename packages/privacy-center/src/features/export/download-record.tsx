import { useMutation } from '@tanstack/react-query';
import { saveFile, useGraphQLClient } from '@assent/web-kit';
import { useMessages } from '../../i18n/messages';
import { errorText } from '../../ui/error-text';
import { buildSubjectRecord } from './export.queries';

/** "Download my record": current consents and the full history as a JSON file. */
export function DownloadRecord() {
  const m = useMessages();
  const request = useGraphQLClient();
  const download = useMutation({
    mutationFn: async () => {
      const now = new Date();
      const record = await buildSubjectRecord(request, now);
      saveFile(
        m.download.fileName(now.toISOString().slice(0, 10)),
        JSON.stringify(record, null, 2),
        'application/json',
      );
    },
  });
  return (
    <section aria-labelledby="download-heading" className="card">
      <h2 id="download-heading">{m.download.heading}</h2>
      <p className="lead">{m.download.intro}</p>
      <button type="button" className="button button--primary" onClick={() => !download.isPending && download.mutate()}>
        {m.download.button}
      </button>
      <p role="status" className="meta">
        {download.isPending ? m.download.preparing : download.isSuccess ? m.download.done : ''}
      </p>
      {download.isError && (
        <p role="alert" className="notice-box notice-box--error">
          {m.download.failed(errorText(m, download.error))}
        </p>
      )}
    </section>
  );
}
