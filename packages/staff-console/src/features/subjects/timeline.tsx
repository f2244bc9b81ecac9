import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useGraphQLClient } from '@assent/web-kit';
import { formatDate, formatDateTime } from '../../ui/format-date';
import { ACTOR_LABEL, CHANNEL_LABEL, describeAction } from '../../ui/labels';
import { Loading, QueryError } from '../../ui/query-error';
import { noticeVersionsQueryOptions, purposesQueryOptions, purposeTextIn } from '../catalog/catalog.queries';
import { PurposeTextCompare, textChanged } from '../catalog/diff-view';
import { subjectLedgerQueryOptions, type LedgerRecord } from './subject.queries';
import { ReceiptButton } from './receipt-button';

/** "3 days", "2 h 5 min", "40 s": how far apart two instants are, roughly. */
export function describeGap(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 120) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 120) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.round(h / 24)} days`;
}

/** Which key (or token) acted, for staff and services; the subject's own id adds nothing here. */
function actorDetail(actor: LedgerRecord['actor']): string | null {
  if (!actor.id || actor.kind === 'SUBJECT' || actor.kind === 'SYSTEM') return null;
  if (actor.id === 'bootstrap-admin') return 'bootstrap admin token';
  // Staff accounts (local or single sign-on) act under their account id; API keys under theirs.
  return actor.id.startsWith('staff_') ? `staff account ${actor.id}` : `API key ${actor.id}`;
}

/** The subject's ledger, newest first, page by page, optionally for one purpose. */
export function Timeline({ subjectId }: { subjectId: string }) {
  const request = useGraphQLClient();
  const filterId = useId();
  const [purposeKey, setPurposeKey] = useState<string | null>(null);
  const ledger = useInfiniteQuery(subjectLedgerQueryOptions(request, subjectId, purposeKey));
  const purposes = useQuery(purposesQueryOptions(request));
  const titleOf = (key: string) => purposes.data?.find((purpose) => purpose.key === key)?.title ?? key;

  let body;
  if (ledger.isPending) {
    body = <Loading>Loading the ledger…</Loading>;
  } else if (ledger.isError && !ledger.data) {
    body = <QueryError what="the ledger" error={ledger.error} onRetry={() => void ledger.refetch()} />;
  } else {
    const entries = ledger.data.pages.flatMap((page) => page.consentHistory.edges.map((edge) => edge.node));
    const total = ledger.data.pages.at(-1)?.consentHistory.totalCount ?? entries.length;
    body =
      entries.length === 0 ? (
        <p>{purposeKey ? 'No entries for this purpose.' : 'No entries yet.'}</p>
      ) : (
        <>
          <ol className="timeline" aria-label="Ledger entries, newest first">
            {entries.map((entry) => (
              <TimelineEntry key={entry.id} entry={entry} title={titleOf(entry.purposeKey)} />
            ))}
          </ol>
          <div className="list-footer">
            <p className="meta" role="status">
              Showing {entries.length} of {total} {total === 1 ? 'entry' : 'entries'}.
            </p>
            {ledger.hasNextPage && (
              <button
                type="button"
                className="button"
                onClick={() => !ledger.isFetchingNextPage && void ledger.fetchNextPage()}
              >
                {ledger.isFetchingNextPage ? 'Loading more…' : 'Load more'}
              </button>
            )}
          </div>
          {ledger.isFetchNextPageError && (
            <QueryError what="more entries" error={ledger.error} onRetry={() => void ledger.fetchNextPage()} />
          )}
        </>
      );
  }

  return (
    <section className="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <div className="field field--inline">
        <label htmlFor={filterId}>Show purpose</label>
        <select id={filterId} value={purposeKey ?? ''} onChange={(event) => setPurposeKey(event.target.value || null)}>
          <option value="">All purposes</option>
          {purposes.data?.map((purpose) => (
            <option key={purpose.key} value={purpose.key}>
              {purpose.title} ({purpose.key}){purpose.active ? '' : ' — retired'}
            </option>
          ))}
        </select>
      </div>
      {body}
    </section>
  );
}

/** The subjectId history shows for an erased person's records (contract 1.1, "Erasure"). */
const ERASED_SUBJECT_ID = 'erased';

function TimelineEntry({ entry, title }: { entry: LedgerRecord; title: string }) {
  const gap = new Date(entry.recordedAt).getTime() - new Date(entry.occurredAt).getTime();
  return (
    <li
      id={`record-${entry.id}`}
      tabIndex={-1}
      className={`timeline-entry timeline-entry--${entry.action.toLowerCase()}`}
      data-testid="timeline-entry"
    >
      <h3 className="timeline-what">
        {describeAction(entry.action, title)}
        {entry.action !== 'ERASE' && (
          <>
            {' '}
            <span className="key">{entry.purposeKey}</span>
          </>
        )}
      </h3>
      <dl className="facts">
        <div>
          <dt>Actor</dt>
          <dd data-testid="actor">
            {ACTOR_LABEL[entry.actor.kind]}
            {actorDetail(entry.actor) && <span className="meta"> · {actorDetail(entry.actor)}</span>}
          </dd>
        </div>
        <div>
          <dt>Channel · method</dt>
          <dd>
            {CHANNEL_LABEL[entry.channel]} · <code>{entry.method}</code>
          </dd>
        </div>
        <div>
          <dt>Happened</dt>
          <dd>
            <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time>
          </dd>
        </div>
        <div>
          <dt>Recorded</dt>
          <dd>
            <time dateTime={entry.recordedAt}>{formatDateTime(entry.recordedAt)}</time>
            {gap > 1000 && <span className="tag">recorded {describeGap(gap)} after it happened</span>}
          </dd>
        </div>
        <div>
          <dt>Notice</dt>
          <dd>
            Version {entry.noticeVersion.version}{' '}
            <NoticeTextDisclosure
              noticeVersionId={entry.noticeVersion.id}
              version={entry.noticeVersion.version}
              purposeKey={entry.purposeKey}
            />
          </dd>
        </div>
        <div>
          <dt>Evidence</dt>
          <dd>
            <Evidence value={entry.evidence} />
          </dd>
        </div>
        <div>
          <dt>Record</dt>
          <dd className="meta">
            <code>{entry.id}</code> · hash <code title={entry.hash}>{entry.hash.slice(0, 12)}…</code>
          </dd>
        </div>
      </dl>
      {/* An erased person's records stay as proof, but their receipts can no longer be issued (CONFLICT). */}
      {entry.action !== 'ERASE' && entry.subjectId !== ERASED_SUBJECT_ID && <ReceiptButton recordId={entry.id} />}
    </li>
  );
}

/** Evidence as staff read it: a flat object as a list, anything else as JSON. */
export function Evidence({ value }: { value: unknown }) {
  if (value == null) return <span className="meta">None</span>;
  if (
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => item === null || typeof item !== 'object')
  ) {
    return (
      <dl className="evidence">
        {Object.entries(value as Record<string, unknown>).map(([key, item]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{String(item)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  if (typeof value === 'string') return <span>{value}</span>;
  return <pre className="evidence-json">{JSON.stringify(value, null, 2)}</pre>;
}

/** One click to the exact text the person saw for this purpose, and what the next version changed. */
function NoticeTextDisclosure({
  noticeVersionId,
  version,
  purposeKey,
}: {
  noticeVersionId: string;
  version: number;
  purposeKey: string;
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <>
      <button
        type="button"
        className="link-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide the text' : `Show the text seen in v${version}`}
      </button>
      <div id={panelId} hidden={!open}>
        {open && <NoticeText noticeVersionId={noticeVersionId} purposeKey={purposeKey} />}
      </div>
    </>
  );
}

function NoticeText({ noticeVersionId, purposeKey }: { noticeVersionId: string; purposeKey: string }) {
  const request = useGraphQLClient();
  const versions = useQuery(noticeVersionsQueryOptions(request));
  if (versions.isPending) return <Loading>Loading the notice…</Loading>;
  if (versions.isError)
    return <QueryError what="the notice versions" error={versions.error} onRetry={() => void versions.refetch()} />;

  const notice = versions.data.find((candidate) => candidate.id === noticeVersionId);
  if (!notice) return <p className="notice-box">This notice version is not among the published ones.</p>;
  const seen = purposeTextIn(notice, purposeKey);
  const next = versions.data.find((candidate) => candidate.version === notice.version + 1);
  const nextText = purposeTextIn(next, purposeKey);

  return (
    <div className="notice-text">
      <p className="meta">
        Version {notice.version}, published {formatDate(notice.publishedAt)}, in force from{' '}
        {formatDate(notice.effectiveAt)}.
      </p>
      {seen ? (
        <blockquote className="quote">
          <p className="compare-title">{seen.title}</p>
          <p>{seen.description}</p>
        </blockquote>
      ) : (
        <p>This version does not describe the purpose.</p>
      )}
      {!next ? (
        <p className="meta">This is the latest version; nothing has changed since.</p>
      ) : !textChanged(seen, nextText) ? (
        <p className="meta">Unchanged in version {next.version}.</p>
      ) : (
        <>
          <p>
            <strong>Changed in version {next.version}</strong> (published {formatDate(next.publishedAt)})
            {nextText?.requiresReconsent
              ? ', marked as needing fresh consent.'
              : ', not marked as needing fresh consent.'}
          </p>
          <PurposeTextCompare
            oldLabel={`Version ${notice.version}`}
            newLabel={`Version ${next.version}`}
            before={seen}
            after={nextText}
          />
        </>
      )}
    </div>
  );
}
