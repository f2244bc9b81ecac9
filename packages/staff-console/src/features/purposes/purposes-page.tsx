import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useGraphQLClient } from '@assent/web-kit';
import { useSession } from '../../auth/session';
import type { LegalBasis } from '../../gql/graphql';
import { Link } from '../../routing/router';
import { Forbidden } from '../../ui/forbidden';
import { useFocusAfterRender } from '../../ui/focus-after-render';
import { LEGAL_BASES, LEGAL_BASIS_LABEL } from '../../ui/labels';
import { PageLayout } from '../../ui/page-layout';
import { Loading, MutationError, QueryError } from '../../ui/query-error';
import { purposesQueryOptions, type PurposeItem } from '../catalog/catalog.queries';
import { OverviewSection } from '../overview/overview-section';
import { PurposeStatsSection } from './purpose-stats';
import { useDefinePurpose, useRetirePurpose } from './purposes.queries';
import { ConfirmAction } from '../../ui/confirm-action';

/** Purposes: the overview (when the server offers it), the list, and for admins define and retire. */
export function PurposesPage() {
  const { role } = useSession();
  return (
    <PageLayout title="Purposes" current="purposes">
      <PurposeStatsSection />
      <OverviewSection />
      <PurposeList />
      <section className="card" aria-labelledby="define-heading">
        <h2 id="define-heading">Define a purpose</h2>
        {role === 'ADMIN' ? <DefinePurposeForm /> : <Forbidden what="Defining and retiring purposes" />}
      </section>
    </PageLayout>
  );
}

function PurposeList() {
  const request = useGraphQLClient();
  const { role } = useSession();
  const purposes = useQuery(purposesQueryOptions(request));
  return (
    <section className="card" aria-labelledby="purposes-heading">
      <h2 id="purposes-heading">All purposes</h2>
      {purposes.isPending ? (
        <Loading>Loading purposes…</Loading>
      ) : purposes.isError ? (
        <QueryError what="the purposes" error={purposes.error} onRetry={() => void purposes.refetch()} />
      ) : (
        <ul className="purpose-list">
          {purposes.data.map((purpose) => (
            <PurposeRow key={purpose.key} purpose={purpose} canRetire={role === 'ADMIN'} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PurposeRow({ purpose, canRetire }: { purpose: PurposeItem; canRetire: boolean }) {
  const retire = useRetirePurpose();
  const [confirming, setConfirming] = useState(false);
  const focus = useFocusAfterRender<'title' | 'confirm' | 'retire'>();
  return (
    <li className="purpose-row" data-purpose={purpose.key}>
      <div className="purpose-text">
        <h3 ref={focus.target('title')} tabIndex={-1}>
          {purpose.title} <span className="key">{purpose.key}</span>
          {!purpose.active && <span className="tag">Retired</span>}
        </h3>
        <p>{purpose.description}</p>
        <p className="meta">{LEGAL_BASIS_LABEL[purpose.legalBasis]}</p>
        <PurposeSignals purpose={purpose} />
      </div>
      {canRetire && purpose.active && (
        <div className="purpose-actions">
          {confirming ? (
            <ConfirmAction
              label={`Retire ${purpose.title}?`}
              action="Retire purpose"
              pendingAction="Retiring…"
              pending={retire.isPending}
              onConfirm={() =>
                retire.mutate(purpose.key, {
                  onSuccess: () => {
                    setConfirming(false);
                    // The actions are gone with the purpose's activity: focus on the purpose, now marked Retired.
                    focus.request('title');
                  },
                })
              }
              onCancel={() => {
                setConfirming(false);
                focus.request('retire');
              }}
              focusTarget={focus.target('confirm')}
            >
              <p>
                Retire “{purpose.title}”? It stays in every record and export but is no longer offered; decisions will
                say “purpose retired”. This cannot be undone.
              </p>
            </ConfirmAction>
          ) : (
            <button
              type="button"
              className="button button--small"
              ref={focus.target('retire')}
              onClick={() => {
                setConfirming(true);
                focus.request('confirm');
              }}
              aria-label={`Retire ${purpose.title}…`}
            >
              Retire…
            </button>
          )}
          {retire.isError && <MutationError what={`Retiring “${purpose.title}”`} error={retire.error} />}
        </div>
      )}
    </li>
  );
}

/** What else a purpose carries: GPC opt-out, its DPV term, the Consent Mode types it governs. */
function PurposeSignals({ purpose }: { purpose: PurposeItem }) {
  if (!purpose.gpcOptOut && !purpose.dpvPurpose && purpose.consentMode.length === 0) return null;
  return (
    <dl className="purpose-signals">
      {purpose.gpcOptOut && (
        <div>
          <dt>Global Privacy Control</dt>
          <dd>The signal opts people out</dd>
        </div>
      )}
      {purpose.dpvPurpose && (
        <div>
          <dt>DPV purpose</dt>
          <dd>
            <code className="purpose-iri">{purpose.dpvPurpose}</code>
          </dd>
        </div>
      )}
      {purpose.consentMode.length > 0 && (
        <div>
          <dt>Consent Mode</dt>
          <dd>
            {purpose.consentMode.map((type, index) => (
              <span key={type}>
                {index > 0 && ', '}
                <code>{type}</code>
              </span>
            ))}
          </dd>
        </div>
      )}
    </dl>
  );
}

const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Google Consent Mode v2 storage types a purpose can govern, with what each one means. */
export const CONSENT_MODE_TYPES = [
  { value: 'ad_storage', label: 'storage (cookies) for advertising' },
  { value: 'analytics_storage', label: 'storage (cookies) for analytics' },
  { value: 'ad_user_data', label: 'sending personal data to Google for advertising' },
  { value: 'ad_personalization', label: 'personalised advertising' },
] as const;

/** True for an absolute http(s) IRI, the form DPV terms take (https://w3id.org/dpv#Marketing). */
function isHttpIri(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function DefinePurposeForm() {
  const define = useDefinePurpose();
  const ids = {
    key: useId(),
    title: useId(),
    description: useId(),
    legalBasis: useId(),
    dpvPurpose: useId(),
    gpcOptOut: useId(),
    consentMode: useId(),
  };
  const [key, setKey] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [legalBasis, setLegalBasis] = useState<LegalBasis>('CONSENT');
  const [gpcOptOut, setGpcOptOut] = useState(false);
  const [dpvPurpose, setDpvPurpose] = useState('');
  const [consentMode, setConsentMode] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Partial<Record<'key' | 'title' | 'description' | 'dpvPurpose', string>>>({});
  const focus = useFocusAfterRender<keyof typeof errors>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (define.isPending) return;
    const found: typeof errors = {};
    if (!KEY_PATTERN.test(key) || key.length > 64)
      found.key = 'Use lowercase letters and digits in words joined by “-”, e.g. marketing-email (at most 64).';
    if (!title.trim()) found.title = 'Give the purpose a short title.';
    if (!description.trim()) found.description = 'Explain in plain language what the data is used for.';
    if (dpvPurpose.trim() && !isHttpIri(dpvPurpose.trim()))
      found.dpvPurpose = 'Enter a full IRI such as https://w3id.org/dpv#Marketing, or leave it empty.';
    setErrors(found);
    if (Object.keys(found).length > 0) {
      // After the render that marks the field invalid and points it at its message, so both are read.
      focus.request(Object.keys(found)[0] as keyof typeof found);
      return;
    }
    define.mutate(
      {
        key,
        title: title.trim(),
        description: description.trim(),
        legalBasis,
        gpcOptOut,
        // In the order Google documents them, whatever order they were ticked in.
        consentMode: CONSENT_MODE_TYPES.map((type) => type.value).filter((type) => consentMode.has(type)),
        ...(dpvPurpose.trim() ? { dpvPurpose: dpvPurpose.trim() } : {}),
      },
      {
        onSuccess: () => {
          setKey('');
          setTitle('');
          setDescription('');
          setGpcOptOut(false);
          setDpvPurpose('');
          setConsentMode(new Set());
        },
      },
    );
  };

  const error = (field: keyof typeof errors) =>
    errors[field] ? (
      <p id={`${ids[field]}-error`} className="field-error" role="alert">
        {errors[field]}
      </p>
    ) : null;

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="define-heading">
      {define.isSuccess && (
        <p className="notice-box notice-box--success" role="status">
          Defined “{define.data.title}” ({define.data.key}). People are told about it, and can consent to it, once a
          notice version describes it: <Link to={{ page: 'notices' }}>draft the next notice</Link>.
        </p>
      )}
      {define.isError && <MutationError what="Defining the purpose" error={define.error} />}
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.key}>Key</label>
          <input
            ref={focus.target('key')}
            id={ids.key}
            value={key}
            onChange={(event) => setKey(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={errors.key ? true : undefined}
            aria-describedby={`${ids.key}-hint${errors.key ? ` ${ids.key}-error` : ''}`}
          />
          <p id={`${ids.key}-hint`} className="hint">
            Stable slug product teams use in decide calls; it cannot change later.
          </p>
          {error('key')}
        </div>
        <div className="field">
          <label htmlFor={ids.legalBasis}>Legal basis</label>
          <select
            id={ids.legalBasis}
            value={legalBasis}
            onChange={(event) => setLegalBasis(event.target.value as LegalBasis)}
          >
            {LEGAL_BASES.map((basis) => (
              <option key={basis} value={basis}>
                {LEGAL_BASIS_LABEL[basis]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={ids.title}>Title</label>
        <input
          ref={focus.target('title')}
          id={ids.title}
          value={title}
          maxLength={200}
          onChange={(event) => setTitle(event.target.value)}
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={errors.title ? `${ids.title}-error` : undefined}
        />
        {error('title')}
      </div>
      <div className="field">
        <label htmlFor={ids.description}>Plain-language description</label>
        <textarea
          ref={focus.target('description')}
          id={ids.description}
          rows={3}
          maxLength={5000}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={errors.description ? `${ids.description}-error` : undefined}
        />
        {error('description')}
      </div>
      <div className="field">
        <label htmlFor={ids.dpvPurpose}>DPV purpose (optional)</label>
        <input
          ref={focus.target('dpvPurpose')}
          id={ids.dpvPurpose}
          type="url"
          inputMode="url"
          value={dpvPurpose}
          maxLength={500}
          autoComplete="off"
          spellCheck={false}
          placeholder="https://w3id.org/dpv#Marketing"
          onChange={(event) => setDpvPurpose(event.target.value)}
          aria-invalid={errors.dpvPurpose ? true : undefined}
          aria-describedby={`${ids.dpvPurpose}-hint${errors.dpvPurpose ? ` ${ids.dpvPurpose}-error` : ''}`}
        />
        <p id={`${ids.dpvPurpose}-hint`} className="hint">
          The W3C Data Privacy Vocabulary term for this purpose; signed consent receipts name it. Leave empty when none
          fits.
        </p>
        {error('dpvPurpose')}
      </div>
      <div className="field field--check">
        <input
          id={ids.gpcOptOut}
          type="checkbox"
          checked={gpcOptOut}
          onChange={(event) => setGpcOptOut(event.target.checked)}
          aria-describedby={`${ids.gpcOptOut}-hint`}
        />
        <label htmlFor={ids.gpcOptOut}>A Global Privacy Control signal opts people out of this purpose</label>
        <p id={`${ids.gpcOptOut}-hint`} className="hint">
          For selling or sharing personal data and targeted advertising. When a browser sends the signal, Assent records
          a refusal (or a withdrawal) for this purpose unless the person later allows it explicitly.
        </p>
      </div>
      <fieldset className="field" aria-describedby={`${ids.consentMode}-hint`}>
        <legend>Google Consent Mode v2 (optional)</legend>
        <p id={`${ids.consentMode}-hint`} className="hint">
          Which Consent Mode storage types this purpose governs. The consent banner tells Google tags “granted” for them
          only when the person allows this purpose.
        </p>
        <div className="check-grid">
          {CONSENT_MODE_TYPES.map((type) => (
            <label key={type.value}>
              <input
                type="checkbox"
                checked={consentMode.has(type.value)}
                onChange={(event) => {
                  const next = new Set(consentMode);
                  if (event.target.checked) next.add(type.value);
                  else next.delete(type.value);
                  setConsentMode(next);
                }}
              />
              <span>
                <code>{type.value}</code> — {type.label}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" className="button button--primary" aria-disabled={define.isPending}>
        {define.isPending ? 'Defining…' : 'Define purpose'}
      </button>
    </form>
  );
}
