import { useQuery } from '@tanstack/react-query';
import { isApiError, useGraphQLClient } from '@assent/web-kit';
import { formatDateTime } from '../../ui/format-date';
import { Forbidden } from '../../ui/forbidden';
import { Loading, QueryError } from '../../ui/query-error';
import { purposeStatsQueryOptions, queryFieldsQueryOptions } from './purposes.queries';

/** The per-purpose overview, shown only when the server's schema has purposeStats. */
export function PurposeStatsSection() {
  const request = useGraphQLClient();
  const fields = useQuery(queryFieldsQueryOptions(request));
  if (!fields.data?.has('purposeStats')) return null;
  return <PurposeStats />;
}

function PurposeStats() {
  const request = useGraphQLClient();
  const stats = useQuery(purposeStatsQueryOptions(request));
  let body;
  if (stats.isPending) body = <Loading>Counting…</Loading>;
  else if (isApiError(stats.error, 'FORBIDDEN')) body = <Forbidden what="The overview" needs="Support or Admin" />;
  else if (stats.isError)
    body = <QueryError what="the overview" error={stats.error} onRetry={() => void stats.refetch()} />;
  else {
    const report = stats.data;
    body = (
      <>
        <p className="meta">
          {report.subjects} {report.subjects === 1 ? 'subject' : 'subjects'} with at least one ledger entry; counted{' '}
          {formatDateTime(report.computedAt)}.
        </p>
        <div className="table-scroll" role="region" aria-label="Overview table" tabIndex={0}>
          <table className="table table--numbers">
            <thead>
              <tr>
                <th scope="col">Purpose</th>
                <th scope="col">Granted</th>
                <th scope="col">Withdrew</th>
                <th scope="col">Refused</th>
                <th scope="col">Never asked</th>
                <th scope="col">Re-consent required</th>
                <th scope="col">Being asked again</th>
              </tr>
            </thead>
            <tbody>
              {report.purposes.map((row) => (
                <tr key={row.purpose.key}>
                  <th scope="row">
                    {row.purpose.title}
                    <span className="key">{row.purpose.key}</span>
                  </th>
                  <td>{row.granted}</td>
                  <td>{row.withdrawn}</td>
                  <td>{row.refused}</td>
                  <td>{row.notGiven}</td>
                  <td>{row.reconsentRequired}</td>
                  <td>{row.awaitingReconsent}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="meta">
          “Refused”: asked and said no (never granted since). “Re-consent required”: grants that stopped counting after
          a notice change. “Being asked again”: grants that still count until the new notice takes effect.
        </p>
      </>
    );
  }
  return (
    <section className="card" aria-labelledby="stats-heading">
      <h2 id="stats-heading">Overview</h2>
      {body}
    </section>
  );
}
