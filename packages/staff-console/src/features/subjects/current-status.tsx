import { useQuery } from '@tanstack/react-query';
import { useGraphQLClient } from '@assent/web-kit';
import { formatDateTime } from '../../ui/format-date';
import { ACTION_LABEL, CHANNEL_LABEL, LEGAL_BASIS_LABEL, REASON_LABEL, STATUS_LABEL } from '../../ui/labels';
import { QueryError } from '../../ui/query-error';
import { subjectDecisionsQueryOptions, type Decision, type SubjectConsents } from './subject.queries';

/** Every active purpose: the subject's status, and what a product team's decide call answers right now. */
export function CurrentStatus({ subject }: { subject: SubjectConsents }) {
  const request = useGraphQLClient();
  const keys = subject.purposes.map((item) => item.purpose.key);
  const decisions = useQuery(subjectDecisionsQueryOptions(request, subject.subjectId, keys));
  const decisionOf = new Map<string, Decision>(decisions.data?.map((decision) => [decision.purposeKey, decision]));

  return (
    <section className="card" aria-labelledby="status-heading">
      <h2 id="status-heading">Current status</h2>
      <p className="lead">
        Under notice version {subject.currentNotice.version}.{' '}
        {subject.needsPrompt
          ? 'The privacy center will ask this person again (see “Will be asked”).'
          : 'Nothing is waiting for the person’s answer.'}
      </p>
      {decisions.isError && (
        <QueryError what="the decisions" error={decisions.error} onRetry={() => void decisions.refetch()} />
      )}
      <div className="table-scroll" role="region" aria-label="Current status table" tabIndex={0}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Purpose</th>
              <th scope="col">Legal basis</th>
              <th scope="col">Status</th>
              <th scope="col">Decision a product gets now</th>
              <th scope="col">Last change</th>
            </tr>
          </thead>
          <tbody>
            {subject.purposes.map((item) => {
              const decision = decisionOf.get(item.purpose.key);
              return (
                <tr key={item.purpose.key} data-purpose={item.purpose.key}>
                  <th scope="row">
                    {item.purpose.title}
                    <span className="key">{item.purpose.key}</span>
                  </th>
                  <td>{LEGAL_BASIS_LABEL[item.purpose.legalBasis]}</td>
                  <td>
                    <span className={`status status--${item.status.toLowerCase()}`}>{STATUS_LABEL[item.status]}</span>
                    {item.needsPrompt && <span className="tag">Will be asked</span>}
                  </td>
                  <td>
                    {decision ? (
                      <>
                        <span className={decision.allowed ? 'decision decision--allowed' : 'decision decision--denied'}>
                          {decision.allowed ? 'Allowed' : 'Not allowed'}
                        </span>
                        <span className="meta"> — {REASON_LABEL[decision.reason]}</span>
                      </>
                    ) : decisions.isPending ? (
                      <span className="meta">Loading…</span>
                    ) : (
                      <span className="meta">Unknown</span>
                    )}
                  </td>
                  <td>
                    {item.lastRecord ? (
                      <>
                        {ACTION_LABEL[item.lastRecord.action]} · {CHANNEL_LABEL[item.lastRecord.channel]}
                        <br />
                        <time className="meta" dateTime={item.lastRecord.occurredAt}>
                          {formatDateTime(item.lastRecord.occurredAt)}
                        </time>
                        <span className="meta"> · notice v{item.lastRecord.noticeVersion.version}</span>
                      </>
                    ) : (
                      <span className="meta">Nothing recorded</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
