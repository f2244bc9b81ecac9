import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useGraphQLClient } from '@assent/web-kit';
import { Loading, QueryError } from '../../ui/query-error';
import { CurrentStatus } from './current-status';
import { EraseSubject } from './erase-subject';
import { ExportButtons } from './export-buttons';
import { LedgerBadge } from './ledger-badge';
import { OfflineConsentForm } from './offline-consent-form';
import { PointInTime } from './point-in-time';
import {
  subjectConsentsQueryOptions,
  subjectDecisionsQueryOptions,
  subjectLedgerQueryOptions,
} from './subject.queries';
import { Timeline } from './timeline';

/** Everything about one subject: chain check, status and decisions, offline recording, ledger, point in time, export. */
export function SubjectView({ subjectId }: { subjectId: string }) {
  const request = useGraphQLClient();
  const consents = useQuery(subjectConsentsQueryOptions(request, subjectId));
  // The unfiltered first page also tells whether the ledger knows this id at all.
  const ledger = useInfiniteQuery(subjectLedgerQueryOptions(request, subjectId, null));
  const total = ledger.data?.pages[0]?.consentHistory.totalCount;
  // The same decisions Current status shows (one request, shared): SUBJECT_ERASED on them means the person was erased.
  const keys = consents.data?.purposes.map((item) => item.purpose.key) ?? [];
  const decisions = useQuery({ ...subjectDecisionsQueryOptions(request, subjectId, keys), enabled: keys.length > 0 });
  const erased = decisions.data?.some((decision) => decision.reason === 'SUBJECT_ERASED') ?? false;

  if (consents.isPending) return <Loading>Loading the subject…</Loading>;
  if (consents.isError)
    return <QueryError what="this subject" error={consents.error} onRetry={() => void consents.refetch()} />;
  const subject = consents.data;

  return (
    <>
      <section className="card overview" aria-labelledby="overview-heading">
        <h2 id="overview-heading">Ledger</h2>
        {total === 0 && (
          <p className="notice-box notice-box--warning" role="status">
            There are no ledger entries for this ID. The API treats an unknown ID like a person who was never asked, so
            check the spelling (IDs are case-sensitive).
          </p>
        )}
        <div className="overview-row">
          <LedgerBadge subjectId={subjectId} />
          <ExportButtons subjectId={subjectId} />
        </div>
        <p className="meta">
          {total === undefined ? '' : `${total} ${total === 1 ? 'entry' : 'entries'} in the ledger. `}
          Entries are append-only: nobody can edit or delete them, here or through the API. A mistake is corrected by
          recording a new entry.
        </p>
      </section>
      {erased && (
        <p className="notice-box notice-box--warning" role="status">
          This person was erased: their identifier and evidence are gone from the ledger, every decision about this ID
          is “not allowed” (subject erased), and nothing more can be recorded under it. The entries below remain as
          proof, under “erased”.
        </p>
      )}
      <CurrentStatus subject={subject} />
      {!erased && <OfflineConsentForm subject={subject} />}
      <Timeline subjectId={subjectId} />
      <PointInTime subjectId={subjectId} />
      {total !== 0 && <EraseSubject subject={subject} entries={total} erased={erased} />}
    </>
  );
}
