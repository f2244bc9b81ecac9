import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useFocusAfterRender } from '../../ui/focus-after-render';
import { useGraphQLClient } from '@assent/web-kit';
import { useSession } from '../../auth/session';
import { formatDateTime, localTimeZone } from '../../ui/format-date';
import { Forbidden } from '../../ui/forbidden';
import { MutationError, QueryError } from '../../ui/query-error';
import { noticeVersionsQueryOptions, purposesQueryOptions } from '../catalog/catalog.queries';
import {
  NOTE_MAX,
  OFFLINE_FIELD_ORDER,
  OFFLINE_SOURCES,
  REFERENCE_MAX,
  validateOfflineConsent,
  type OfflineConsentErrors,
  type OfflineConsentValues,
} from './offline-consent';
import { useRecordOnBehalf, type LedgerRecord, type OnBehalfRecord, type SubjectConsents } from './subject.queries';

/** The three decisions staff can record, in the words the form, the review and the confirmation use. */
const OFFLINE_ACTIONS = {
  GRANT: { label: 'Gave consent', verb: 'consent', recorded: 'consent given' },
  REFUSE: { label: 'Said no', verb: 'refusal', recorded: 'said no (refused)' },
  WITHDRAW: { label: 'Withdrew consent', verb: 'withdrawal', recorded: 'consent withdrawn' },
} as const;

const empty = (noticeVersionId: string): OfflineConsentValues => ({
  action: '',
  purposeKey: '',
  source: 'paper-form',
  noticeVersionId,
  reference: '',
  note: '',
  occurredAt: '',
});

/** The form is open only when staff need it; the subject page stays short otherwise. */
export function OfflineConsentForm({ subject }: { subject: SubjectConsents }) {
  const { role } = useSession();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <section className="card" aria-labelledby="offline-heading">
      <h2 id="offline-heading">Record an offline decision</h2>
      <p className="lead">
        When the person gave consent, said no, or withdrew consent by phone, letter, paper form or in person, record it
        here on their behalf.
      </p>
      {role === 'SERVICE' ? (
        <Forbidden what="Recording consent from the console" needs="Support or Admin" />
      ) : (
        <>
          <button
            type="button"
            className="button"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Close the form' : 'Record consent given or withdrawn offline'}
          </button>
          <div id={panelId} hidden={!open}>
            {open && <OfflineForm subject={subject} />}
          </div>
        </>
      )}
    </section>
  );
}

/** The offline form: validated here (evidence required), then reviewed, then appended to the ledger. */
export function OfflineForm({ subject }: { subject: SubjectConsents }) {
  const request = useGraphQLClient();
  const purposes = useQuery(purposesQueryOptions(request));
  const notices = useQuery(noticeVersionsQueryOptions(request));
  const record = useRecordOnBehalf(subject.subjectId);
  const ids = {
    action: useId(),
    purposeKey: useId(),
    source: useId(),
    noticeVersionId: useId(),
    reference: useId(),
    note: useId(),
    occurredAt: useId(),
  } satisfies Record<keyof OfflineConsentValues, string>;
  const form = useRef<HTMLFormElement>(null);
  const focus = useFocusAfterRender<'review' | 'saved' | 'form'>();
  const [values, setValues] = useState<OfflineConsentValues>(() => empty(subject.currentNotice.id));
  const [errors, setErrors] = useState<OfflineConsentErrors>({});
  const [review, setReview] = useState<OnBehalfRecord | null>(null);
  const [saved, setSaved] = useState<LedgerRecord | null>(null);

  if (purposes.isError)
    return <QueryError what="the purposes" error={purposes.error} onRetry={() => void purposes.refetch()} />;
  if (notices.isError)
    return <QueryError what="the notice versions" error={notices.error} onRetry={() => void notices.refetch()} />;

  // Only consent purposes take consent; a retired one can still be withdrawn but not granted.
  const choosable = (purposes.data ?? []).filter(
    (purpose) => purpose.requiresConsent && (purpose.active || values.action === 'WITHDRAW'),
  );
  const versions = (notices.data ?? []).filter(
    (notice) => !values.purposeKey || notice.purposes.some((text) => text.purposeKey === values.purposeKey),
  );
  const titleOf = (key: string) => purposes.data?.find((purpose) => purpose.key === key)?.title ?? key;
  const versionOf = (id: string) => notices.data?.find((notice) => notice.id === id)?.version;

  const set = <K extends keyof OfflineConsentValues>(field: K, value: OfflineConsentValues[K]) => {
    setValues((previous) => {
      const next = { ...previous, [field]: value };
      // A purpose the chosen notice does not describe cannot rest on it: fall back to the newest that does.
      if (
        field === 'purposeKey' &&
        value &&
        notices.data &&
        !notices.data.find((n) => n.id === next.noticeVersionId)?.purposes.some((text) => text.purposeKey === value)
      ) {
        next.noticeVersionId =
          notices.data.find((notice) => notice.purposes.some((text) => text.purposeKey === value))?.id ?? '';
      }
      return next;
    });
    setErrors((previous) => ({ ...previous, [field]: undefined }));
    setSaved(null);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = validateOfflineConsent(values, { subjectId: subject.subjectId, now: new Date() });
    if (!result.ok) {
      setErrors(result.errors);
      const first = OFFLINE_FIELD_ORDER.find((field) => result.errors[field]);
      if (first) form.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    setErrors({});
    record.reset();
    setReview(result.record);
    focus.request('review');
  };

  const confirm = () => {
    if (!review || record.isPending) return;
    record.mutate(review, {
      onSuccess: (stored) => {
        setSaved(stored);
        setReview(null);
        setValues(empty(subject.currentNotice.id));
        focus.request('saved');
      },
    });
  };

  const describedBy = (field: keyof OfflineConsentValues, hint?: string) =>
    [hint, errors[field] ? `${ids[field]}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: keyof OfflineConsentValues) =>
    errors[field] ? (
      <p id={`${ids[field]}-error`} className="field-error">
        {errors[field]}
      </p>
    ) : null;
  const errorList = OFFLINE_FIELD_ORDER.filter((field) => errors[field]);

  if (review) {
    const latest = subject.purposes.find((item) => item.purpose.key === review.input.purposeKey)?.lastRecord;
    const backdatedBehind =
      review.input.occurredAt && latest && new Date(review.input.occurredAt) < new Date(latest.occurredAt);
    const evidence = review.input.evidence as { reference: string; note: string };
    const verb = OFFLINE_ACTIONS[review.action].verb;
    return (
      <div className="review" data-testid="offline-review">
        <h3 ref={focus.target('review')} tabIndex={-1}>
          Check before recording
        </h3>
        <dl className="facts">
          <div>
            <dt>Subject</dt>
            <dd>{subject.subjectId}</dd>
          </div>
          <div>
            <dt>Decision</dt>
            <dd>
              {OFFLINE_ACTIONS[review.action].label} for {titleOf(String(review.input.purposeKey))}
            </dd>
          </div>
          <div>
            <dt>How</dt>
            <dd>
              Offline · <code>{review.input.method}</code>
            </dd>
          </div>
          <div>
            <dt>Notice seen</dt>
            <dd>Version {versionOf(String(review.input.noticeVersionId ?? ''))}</dd>
          </div>
          <div>
            <dt>Happened</dt>
            <dd>{review.input.occurredAt ? formatDateTime(review.input.occurredAt) : 'Now (when you record it)'}</dd>
          </div>
          <div>
            <dt>Reference</dt>
            <dd>{evidence.reference}</dd>
          </div>
          <div>
            <dt>Note</dt>
            <dd className="pre-line">{evidence.note}</dd>
          </div>
        </dl>
        {backdatedBehind && (
          <p className="notice-box notice-box--warning">
            This is older than the latest entry for this purpose ({formatDateTime(latest.occurredAt)}). It will be kept
            as evidence but will not change the current status.
          </p>
        )}
        <p className="notice-box">
          Ledger entries cannot be edited or deleted. If something is wrong later, record a new entry.
        </p>
        {record.isError && <MutationError what="Recording" error={record.error} />}
        <div className="actions">
          <button type="button" className="button button--primary" onClick={confirm} aria-disabled={record.isPending}>
            {record.isPending ? 'Recording…' : `Record ${verb}`}
          </button>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => {
              setReview(null);
              focus.request('form');
            }}
            disabled={record.isPending}
          >
            Change
          </button>
        </div>
      </div>
    );
  }

  return (
    <form ref={form} className="form" onSubmit={submit} noValidate aria-label="Offline decision">
      {saved && (
        <p className="notice-box notice-box--success" role="status" ref={focus.target('saved')} tabIndex={-1}>
          Recorded:{' '}
          {saved.action === 'GRANT' || saved.action === 'REFUSE' || saved.action === 'WITHDRAW'
            ? OFFLINE_ACTIONS[saved.action].recorded
            : saved.action}{' '}
          for {titleOf(saved.purposeKey)} (record <code>{saved.id}</code>). It is now in the timeline.
        </p>
      )}
      {errorList.length > 0 && (
        <div className="notice-box notice-box--error" role="alert">
          <p>Please correct {errorList.length === 1 ? 'this' : `these ${errorList.length} fields`}:</p>
          <ul>
            {errorList.map((field) => (
              <li key={field}>{errors[field]}</li>
            ))}
          </ul>
        </div>
      )}

      <fieldset className="field" aria-describedby={errors.action ? `${ids.action}-error` : undefined}>
        <legend>What did the person decide?</legend>
        <div className="radio-row">
          {(['GRANT', 'REFUSE', 'WITHDRAW'] as const).map((action, index) => (
            <label key={action}>
              <input
                type="radio"
                name="action"
                value={action}
                data-field={index === 0 ? 'action' : undefined}
                checked={values.action === action}
                onChange={() => set('action', action)}
              />
              {OFFLINE_ACTIONS[action].label}
            </label>
          ))}
        </div>
        {fieldError('action')}
      </fieldset>

      <div className="field">
        <label htmlFor={ids.purposeKey}>Purpose</label>
        <select
          id={ids.purposeKey}
          data-field="purposeKey"
          value={values.purposeKey}
          onChange={(event) => set('purposeKey', event.target.value)}
          aria-invalid={errors.purposeKey ? true : undefined}
          aria-describedby={describedBy('purposeKey')}
        >
          <option value="">Choose a purpose</option>
          {choosable.map((purpose) => (
            <option key={purpose.key} value={purpose.key}>
              {purpose.title} ({purpose.key}){purpose.active ? '' : ' — retired'}
            </option>
          ))}
        </select>
        {fieldError('purposeKey')}
      </div>

      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.source}>How it reached us</label>
          <select
            id={ids.source}
            data-field="source"
            value={values.source}
            onChange={(event) => set('source', event.target.value as OfflineConsentValues['source'])}
          >
            {OFFLINE_SOURCES.map((source) => (
              <option key={source.value} value={source.value}>
                {source.label}
              </option>
            ))}
          </select>
          {fieldError('source')}
        </div>
        <div className="field">
          <label htmlFor={ids.noticeVersionId}>Notice version the person saw</label>
          <select
            id={ids.noticeVersionId}
            data-field="noticeVersionId"
            value={values.noticeVersionId}
            onChange={(event) => set('noticeVersionId', event.target.value)}
            aria-invalid={errors.noticeVersionId ? true : undefined}
            aria-describedby={describedBy('noticeVersionId', `${ids.noticeVersionId}-hint`)}
          >
            <option value="">Choose a version</option>
            {versions.map((notice) => (
              <option key={notice.id} value={notice.id}>
                Version {notice.version}
                {notice.id === subject.currentNotice.id ? ' (current)' : ''}
              </option>
            ))}
          </select>
          <p id={`${ids.noticeVersionId}-hint`} className="hint">
            For a paper form, the version printed on it.
          </p>
          {fieldError('noticeVersionId')}
        </div>
      </div>

      <div className="field">
        <label htmlFor={ids.reference}>Reference number (evidence)</label>
        <input
          id={ids.reference}
          data-field="reference"
          type="text"
          maxLength={REFERENCE_MAX}
          autoComplete="off"
          value={values.reference}
          onChange={(event) => set('reference', event.target.value)}
          aria-invalid={errors.reference ? true : undefined}
          aria-describedby={describedBy('reference', `${ids.reference}-hint`)}
          required
        />
        <p id={`${ids.reference}-hint`} className="hint">
          The number on the form or letter, or the ticket of the call.
        </p>
        {fieldError('reference')}
      </div>

      <div className="field">
        <label htmlFor={ids.note}>Note (evidence)</label>
        <textarea
          id={ids.note}
          data-field="note"
          rows={3}
          maxLength={NOTE_MAX}
          value={values.note}
          onChange={(event) => set('note', event.target.value)}
          aria-invalid={errors.note ? true : undefined}
          aria-describedby={describedBy('note', `${ids.note}-hint`)}
          required
        />
        <p id={`${ids.note}-hint`} className="hint">
          What the person said or wrote, and how you checked it was them. It is stored in the ledger and included in
          their data export.
        </p>
        {fieldError('note')}
      </div>

      <div className="field">
        <label htmlFor={ids.occurredAt}>When it happened (optional)</label>
        <input
          id={ids.occurredAt}
          data-field="occurredAt"
          type="datetime-local"
          value={values.occurredAt}
          onChange={(event) => set('occurredAt', event.target.value)}
          aria-invalid={errors.occurredAt ? true : undefined}
          aria-describedby={describedBy('occurredAt', `${ids.occurredAt}-hint`)}
        />
        <p id={`${ids.occurredAt}-hint`} className="hint">
          Your local time ({localTimeZone()}). Leave empty if it happened just now.
        </p>
        {fieldError('occurredAt')}
      </div>

      <button type="submit" className="button button--primary" ref={focus.target('form')}>
        Review
      </button>
    </form>
  );
}
