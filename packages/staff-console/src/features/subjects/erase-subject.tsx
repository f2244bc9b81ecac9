import { useId, useState, type FormEvent } from 'react';
import { useFocusAfterRender } from '../../ui/focus-after-render';
import { useSession } from '../../auth/session';
import { MutationError } from '../../ui/query-error';
import { useEraseSubject, type SubjectConsents } from './subject.queries';
import { ConfirmAction } from '../../ui/confirm-action';

/** The longest reason the API takes. */
const REASON_MAX = 500;

/**
 * "Erase this person" (GDPR Art. 17), for admins only: a reason is required, and before anything happens the console
 * says what will be lost; the API then deletes the person's key (crypto-shredding) and appends an ERASE entry.
 */
export function EraseSubject({
  subject,
  entries,
  erased = false,
}: {
  subject: SubjectConsents;
  entries: number | undefined;
  /** The person was erased already: nothing to offer, unless this panel is the one that just did it (its result). */
  erased?: boolean;
}) {
  const { role } = useSession();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  if (role !== 'ADMIN' || (erased && !open)) return null;
  return (
    <section className="card" aria-labelledby="erase-heading">
      <h2 id="erase-heading">Erase this person</h2>
      <p className="lead">
        When the person asks to be erased (GDPR Art. 17), erase them here. Their ID and evidence become unreadable for
        good; the ledger keeps that entries existed, so the chain still verifies.
      </p>
      <button
        type="button"
        className="button button--danger"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Close' : 'Erase this person…'}
      </button>
      <div id={panelId} hidden={!open}>
        {open && <EraseForm subject={subject} entries={entries} />}
      </div>
    </section>
  );
}

/** The reason, then a confirmation that names what will be lost, then the erasure. */
export function EraseForm({ subject, entries }: { subject: SubjectConsents; entries: number | undefined }) {
  const erase = useEraseSubject(subject.subjectId);
  const reasonId = useId();
  const errorId = useId();
  const focus = useFocusAfterRender<'confirm' | 'done' | 'review' | 'reason'>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const granted = subject.purposes.filter((p) => p.status === 'GRANTED').map((p) => p.purpose.title);

  if (erase.isSuccess)
    return (
      <div className="notice-box notice-box--success" role="status" ref={focus.target('done')} tabIndex={-1}>
        <p>
          <strong>{subject.subjectId}</strong> was erased. {erase.data.recordsShredded}{' '}
          {erase.data.recordsShredded === 1 ? 'entry' : 'entries'} can no longer be read; the ledger now shows them as
          “erased”, and every decision for this ID answers “not allowed”.
        </p>
      </div>
    );

  const review = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = reason.trim();
    const problem = !trimmed
      ? 'Say why this person is erased, e.g. “Art. 17 request, ticket 4711”.'
      : trimmed.length > REASON_MAX
        ? `Keep the reason to ${REASON_MAX} characters.`
        : null;
    if (problem) {
      // Focus on the field, once it is marked invalid and described by the message (after the render).
      setError(problem);
      focus.request('reason');
      return;
    }
    setError(null);
    setConfirming(true);
    focus.request('confirm');
  };

  return (
    <form className="form" onSubmit={review} noValidate>
      <div className="field">
        <label htmlFor={reasonId}>Reason (required)</label>
        <p className="hint" id={`${reasonId}-hint`}>
          Kept in clear in the ledger with the erasure entry, for good (it is not in the erasure event sent to your
          other systems); after the erasure the person’s history shows no evidence, this reason included. Do not write
          the person’s name, email, phone or ID.
        </p>
        <textarea
          ref={focus.target('reason')}
          id={reasonId}
          rows={2}
          value={reason}
          maxLength={REASON_MAX + 50}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${reasonId}-hint${error ? ` ${errorId}` : ''}`}
          onChange={(e) => {
            setReason(e.target.value);
            setConfirming(false);
          }}
        />
        {error && (
          <p className="field-error" id={errorId} role="alert">
            {error}
          </p>
        )}
      </div>
      {!confirming && (
        <button type="submit" className="button" ref={focus.target('review')}>
          Review the erasure
        </button>
      )}
      {confirming && (
        <ConfirmAction
          label={`Erase ${subject.subjectId}? This cannot be undone.`}
          heading
          action="Erase for good"
          pendingAction="Erasing…"
          pending={erase.isPending}
          onConfirm={() => erase.mutate(reason.trim(), { onSuccess: () => focus.request('done') })}
          onCancel={() => {
            setConfirming(false);
            focus.request('review');
          }}
          error={erase.isError && <MutationError what="Erasing" error={erase.error} />}
          focusTarget={focus.target('confirm')}
        >
          <p>What will be lost:</p>
          <ul>
            <li>
              The person’s ID and the evidence of {entries === undefined ? 'every entry' : `all ${entries} entries`} in
              the ledger (phone notes, form references, scans). The entries stay, shown as “erased”.
            </li>
            <li>
              {granted.length > 0 ? `Their consent to ${granted.join(', ')}: ` : 'Their current choices: '}
              every product asking about this ID will be told “not allowed” (SUBJECT_ERASED), for every purpose.
            </li>
            <li>Nothing more can be recorded under this ID. If the person comes back, they need a new ID.</li>
            <li>Connected systems are told (event assent.subject.erased) so that they erase the person too.</li>
          </ul>
        </ConfirmAction>
      )}
    </form>
  );
}
