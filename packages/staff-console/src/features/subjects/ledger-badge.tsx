import { useQuery } from '@tanstack/react-query';
import { isApiError, useGraphQLClient } from '@assent/web-kit';
import { errorText } from '../../ui/error-text';
import { verifySubjectLedgerQueryOptions } from './subject.queries';

/** Scrolls to a timeline entry and focuses it, if it is among the entries loaded. */
function showRecord(recordId: string): void {
  const entry = document.getElementById(`record-${recordId}`);
  if (!entry) {
    document.getElementById('timeline-heading')?.scrollIntoView();
    return;
  }
  entry.scrollIntoView({ block: 'center' });
  entry.focus();
}

/** The result of recomputing this subject's hash chain: verified, or broken at a named record. */
export function LedgerBadge({ subjectId }: { subjectId: string }) {
  const request = useGraphQLClient();
  const verify = useQuery(verifySubjectLedgerQueryOptions(request, subjectId));

  if (verify.isPending) {
    return (
      <p className="ledger-badge ledger-badge--pending" role="status">
        Checking the hash chain…
      </p>
    );
  }
  if (verify.isError) {
    return (
      <div className="ledger-badge ledger-badge--unknown" role="alert">
        <p>
          <strong>Hash chain not checked.</strong>{' '}
          {isApiError(verify.error, 'FORBIDDEN')
            ? 'Your key’s role may not run the chain check (Support or Admin needed).'
            : errorText(verify.error)}
        </p>
        <button type="button" className="button button--small" onClick={() => void verify.refetch()}>
          Check again
        </button>
      </div>
    );
  }
  const { ok, recordsChecked, firstBrokenRecordId } = verify.data;
  if (ok) {
    return (
      <p className="ledger-badge ledger-badge--ok" data-testid="ledger-badge">
        <span aria-hidden="true">✓ </span>
        <strong>Verified</strong>: hash chain intact over {recordsChecked} {recordsChecked === 1 ? 'record' : 'records'}
        .
      </p>
    );
  }
  return (
    <div className="ledger-badge ledger-badge--broken" role="alert" data-testid="ledger-badge">
      <p>
        <span aria-hidden="true">✗ </span>
        <strong>Broken</strong>: the hash chain does not match
        {firstBrokenRecordId ? (
          <>
            {' '}
            from record <code>{firstBrokenRecordId}</code> (
            <button type="button" className="link-button" onClick={() => showRecord(firstBrokenRecordId)}>
              show in the timeline
            </button>
            )
          </>
        ) : null}
        . {recordsChecked} records checked. The ledger was changed outside the application: tell an administrator; do
        not record anything until it is explained.
      </p>
    </div>
  );
}
