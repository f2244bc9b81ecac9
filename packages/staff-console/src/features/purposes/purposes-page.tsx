import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useGraphQLClient } from '@assent/web-kit';
import { useSession } from '../../auth/session';
import type { LegalBasis } from '../../gql/graphql';
import { Link } from '../../routing/router';
import { Forbidden } from '../../ui/forbidden';
import { LEGAL_BASES, LEGAL_BASIS_LABEL } from '../../ui/labels';
import { PageLayout } from '../../ui/page-layout';
import { Loading, MutationError, QueryError } from '../../ui/query-error';
import { purposesQueryOptions, type PurposeItem } from '../catalog/catalog.queries';
import { PurposeStatsSection } from './purpose-stats';
import { useDefinePurpose, useRetirePurpose } from './purposes.queries';

/** Purposes: the overview (when the server offers it), the list, and for admins define and retire. */
export function PurposesPage() {
  const { role } = useSession();
  return (
    <PageLayout title="Purposes" current="purposes">
      <PurposeStatsSection />
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
  return (
    <li className="purpose-row" data-purpose={purpose.key}>
      <div className="purpose-text">
        <h3>
          {purpose.title} <span className="key">{purpose.key}</span>
          {!purpose.active && <span className="tag">Retired</span>}
        </h3>
        <p>{purpose.description}</p>
        <p className="meta">{LEGAL_BASIS_LABEL[purpose.legalBasis]}</p>
      </div>
      {canRetire && purpose.active && (
        <div className="purpose-actions">
          {confirming ? (
            <div className="confirm" role="group" aria-label={`Retire ${purpose.title}?`}>
              <p>
                Retire “{purpose.title}”? It stays in every record and export but is no longer offered; decisions will say “purpose retired”. This cannot be
                undone.
              </p>
              <div className="actions">
                <button type="button" className="button button--danger" onClick={() => retire.mutate(purpose.key, { onSuccess: () => setConfirming(false) })} aria-disabled={retire.isPending}>
                  {retire.isPending ? 'Retiring…' : 'Retire purpose'}
                </button>
                <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <button type="button" className="button button--small" onClick={() => setConfirming(true)} aria-label={`Retire ${purpose.title}…`}>
              Retire…
            </button>
          )}
          {retire.isError && <MutationError what={`Retiring “${purpose.title}”`} error={retire.error} />}
        </div>
      )}
    </li>
  );
}

const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function DefinePurposeForm() {
  const define = useDefinePurpose();
  const ids = { key: useId(), title: useId(), description: useId(), legalBasis: useId() };
  const [key, setKey] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [legalBasis, setLegalBasis] = useState<LegalBasis>('CONSENT');
  const [errors, setErrors] = useState<Partial<Record<'key' | 'title' | 'description', string>>>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (define.isPending) return;
    const found: typeof errors = {};
    if (!KEY_PATTERN.test(key) || key.length > 64) found.key = 'Use lowercase letters and digits in words joined by “-”, e.g. marketing-email (at most 64).';
    if (!title.trim()) found.title = 'Give the purpose a short title.';
    if (!description.trim()) found.description = 'Explain in plain language what the data is used for.';
    setErrors(found);
    if (Object.keys(found).length > 0) {
      document.getElementById(ids[Object.keys(found)[0] as keyof typeof found])?.focus();
      return;
    }
    define.mutate(
      { key, title: title.trim(), description: description.trim(), legalBasis },
      {
        onSuccess: () => {
          setKey('');
          setTitle('');
          setDescription('');
        },
      },
    );
  };

  const error = (field: keyof typeof errors) =>
    errors[field] ? (
      <p id={`${ids[field]}-error`} className="field-error">
        {errors[field]}
      </p>
    ) : null;

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="define-heading">
      {define.isSuccess && (
        <p className="notice-box notice-box--success" role="status">
          Defined “{define.data.title}” ({define.data.key}). People are told about it, and can consent to it, once a notice version describes it:{' '}
          <Link to={{ page: 'notices' }}>draft the next notice</Link>.
        </p>
      )}
      {define.isError && <MutationError what="Defining the purpose" error={define.error} />}
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.key}>Key</label>
          <input
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
          <select id={ids.legalBasis} value={legalBasis} onChange={(event) => setLegalBasis(event.target.value as LegalBasis)}>
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
        <input id={ids.title} value={title} maxLength={200} onChange={(event) => setTitle(event.target.value)} aria-invalid={errors.title ? true : undefined} aria-describedby={errors.title ? `${ids.title}-error` : undefined} />
        {error('title')}
      </div>
      <div className="field">
        <label htmlFor={ids.description}>Plain-language description</label>
        <textarea
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
      <button type="submit" className="button button--primary" aria-disabled={define.isPending}>
        {define.isPending ? 'Defining…' : 'Define purpose'}
      </button>
    </form>
  );
}
