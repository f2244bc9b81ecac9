import { useMutation } from '@tanstack/react-query';
import { useGraphQLClient } from '../../api/graphql-client-context';
import { useMessages } from '../../i18n/messages';
import { errorText } from '../../ui/error-text';
import { buildSubjectRecord } from './export.queries';

/** Hands `content` to the browser as a file download. */
function saveJson(fileName: string, content: unknown): void {
  const blob = new Blob([JSON.stringify(content, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Download my record": current consents and the full history as a JSON file. */
export function DownloadRecord() {
  const m = useMessages();
  const request = useGraphQLClient();
  const download = useMutation({
    mutationFn: async () => {
      const now = new Date();
      const record = await buildSubjectRecord(request, now);
      saveJson(m.download.fileName(now.toISOString().slice(0, 10)), record);
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
