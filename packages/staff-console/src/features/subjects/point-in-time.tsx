import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useGraphQLClient } from '@assent/web-kit';
import { formatDateTime, fromLocalInputValue, localTimeZone } from '../../ui/format-date';
import { ACTION_LABEL, REASON_LABEL } from '../../ui/labels';
import { Loading, QueryError } from '../../ui/query-error';
import { purposesQueryOptions } from '../catalog/catalog.queries';
import { subjectDecisionsQueryOptions } from './subject.queries';

/** "What did this person allow on <date>?": decideMany(at:) for every purpose, retired ones included. */
export function PointInTime({ subjectId }: { subjectId: string }) {
  const inputId = useId();
  const errorId = useId();
  const hintId = useId();
  const [value, setValue] = useState('');
  const [at, setAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const instant = fromLocalInputValue(value);
    // An answer for another moment must not stay on screen under a refused one.
    if (!instant) {
      setError('Enter a date and time.');
      setAt(null);
      return;
    }
    if (new Date(instant).getTime() > Date.now()) {
      setError('Choose a moment in the past: the ledger cannot say what someone will allow.');
      setAt(null);
      return;
    }
    setError(null);
    setAt(instant);
  };

  return (
    <section className="card" aria-labelledby="pit-heading">
      <h2 id="pit-heading">Point in time</h2>
      <p className="lead">
        What did this person allow at a given moment? Answered from the ledger as it stood then, under the notice in
        force then.
      </p>
      <form className="search-form" onSubmit={submit} noValidate aria-label="Point in time">
        <div className="field">
          <label htmlFor={inputId}>Date and time</label>
          <input
            id={inputId}
            type="datetime-local"
            value={value}
            onChange={(event) => setValue(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          />
          <p id={hintId} className="hint">
            Your local time ({localTimeZone()}).
          </p>
          {error && (
            <p id={errorId} className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <button type="submit" className="button">
          Show what was allowed
        </button>
      </form>
      {at && <DecisionsAt subjectId={subjectId} at={at} />}
    </section>
  );
}

function DecisionsAt({ subjectId, at }: { subjectId: string; at: string }) {
  const request = useGraphQLClient();
  const purposes = useQuery(purposesQueryOptions(request));
  const keys = purposes.data?.map((purpose) => purpose.key) ?? [];
  const decisions = useQuery(subjectDecisionsQueryOptions(request, subjectId, keys, at));
  const titleOf = (key: string) => purposes.data?.find((purpose) => purpose.key === key)?.title ?? key;

  if (purposes.isError)
    return <QueryError what="the purposes" error={purposes.error} onRetry={() => void purposes.refetch()} />;
  if (decisions.isError)
    return <QueryError what="the decisions" error={decisions.error} onRetry={() => void decisions.refetch()} />;
  if (!decisions.data) return <Loading>Asking the ledger…</Loading>;

  const caption = `Allowed on ${formatDateTime(at)}`;
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="table" data-testid="point-in-time">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Purpose</th>
            <th scope="col">Allowed?</th>
            <th scope="col">Why</th>
            <th scope="col">Based on</th>
          </tr>
        </thead>
        <tbody>
          {decisions.data.map((decision) => (
            <tr key={decision.purposeKey}>
              <th scope="row">
                {titleOf(decision.purposeKey)}
                <span className="key">{decision.purposeKey}</span>
              </th>
              <td>
                <span className={decision.allowed ? 'decision decision--allowed' : 'decision decision--denied'}>
                  {decision.allowed ? 'Allowed' : 'Not allowed'}
                </span>
              </td>
              <td>{REASON_LABEL[decision.reason]}</td>
              <td>
                {decision.record ? (
                  <>
                    {ACTION_LABEL[decision.record.action]} on{' '}
                    <time dateTime={decision.record.occurredAt}>{formatDateTime(decision.record.occurredAt)}</time>{' '}
                    <span className="meta">(notice v{decision.record.noticeVersion.version})</span>
                  </>
                ) : (
                  <span className="meta">No entry</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
