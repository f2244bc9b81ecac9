import { useMutation, useQueryClient } from '@tanstack/react-query';
import { saveFile, useGraphQLClient } from '@assent/web-kit';
import { MutationError } from '../../ui/query-error';
import { noticeVersionsQueryOptions, purposesQueryOptions } from '../catalog/catalog.queries';
import { exportFileName, ledgerToCsv, ledgerToJson } from './export';
import { fetchWholeLedger, subjectConsentsQueryOptions } from './subject.queries';

/** Downloads the subject's whole ledger (every page) as JSON or CSV, for a data-subject access request. */
export function ExportButtons({ subjectId }: { subjectId: string }) {
  const request = useGraphQLClient();
  const queryClient = useQueryClient();
  const download = useMutation({
    mutationFn: async (format: 'json' | 'csv') => {
      const now = new Date();
      // Fetched afresh: an export must not come from a stale cache.
      const [records, subject, notices, purposes] = await Promise.all([
        fetchWholeLedger(request, subjectId),
        queryClient.fetchQuery({ ...subjectConsentsQueryOptions(request, subjectId), staleTime: 0 }),
        queryClient.fetchQuery(noticeVersionsQueryOptions(request)),
        queryClient.fetchQuery(purposesQueryOptions(request)),
      ]);
      if (format === 'json') {
        saveFile(
          exportFileName(subjectId, 'json', now),
          JSON.stringify(ledgerToJson({ subject, records, notices, exportedAt: now }), null, 2),
          'application/json',
        );
      } else {
        const titleOf = (key: string) => purposes.find((purpose) => purpose.key === key)?.title ?? key;
        saveFile(exportFileName(subjectId, 'csv', now), ledgerToCsv(records, titleOf), 'text/csv;charset=utf-8');
      }
      return records.length;
    },
  });

  return (
    <div className="export">
      <div className="actions">
        <button type="button" className="button" onClick={() => !download.isPending && download.mutate('json')}>
          Export JSON
        </button>
        <button type="button" className="button" onClick={() => !download.isPending && download.mutate('csv')}>
          Export CSV
        </button>
      </div>
      <p role="status" className="meta">
        {download.isPending
          ? 'Preparing the export (all pages)…'
          : download.isSuccess
            ? `Exported ${download.data} entries.`
            : ''}
      </p>
      {download.isError && <MutationError what="The export" error={download.error} />}
    </div>
  );
}
