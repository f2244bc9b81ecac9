import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { isApiError, useGraphQLClient } from '@assent/web-kit';
import type { Role } from '../../gql/graphql';
import { formatDate, formatDateTime } from '../../ui/format-date';
import { Forbidden } from '../../ui/forbidden';
import { ROLE_LABEL } from '../../ui/labels';
import { PageLayout } from '../../ui/page-layout';
import { Loading, MutationError, QueryError } from '../../ui/query-error';
import { SecretOnce } from '../../ui/secret-once';
import { useFocusAfterRender } from '../../ui/focus-after-render';
import { apiKeysQueryOptions, useCreateApiKey, useRevokeApiKey, type ApiKeyItem } from './api-keys.queries';
import { ConfirmAction } from '../../ui/confirm-action';

const ROLE_HELP: Record<Exclude<Role, 'SUBJECT'>, string> = {
  SUPPORT: 'Support staff: read any subject, check the ledger, record offline consent with evidence.',
  SERVICE: 'A product or system: decisions, consent through the API, privacy-center links.',
  ADMIN: 'Everything, including purposes, notices, keys and webhooks.',
};

/** API keys (ADMIN): create (secret shown once), list, revoke. */
export function ApiKeysPage() {
  const request = useGraphQLClient();
  const keys = useQuery(apiKeysQueryOptions(request));

  let body;
  if (keys.isPending) body = <Loading>Loading API keys…</Loading>;
  else if (isApiError(keys.error, 'FORBIDDEN')) body = <Forbidden what="Managing API keys" />;
  else if (keys.isError)
    body = <QueryError what="the API keys" error={keys.error} onRetry={() => void keys.refetch()} />;
  else
    body = (
      <>
        <section className="card" aria-labelledby="create-key-heading">
          <h2 id="create-key-heading">Create a key</h2>
          <CreateKeyForm />
        </section>
        <section className="card" aria-labelledby="keys-heading">
          <h2 id="keys-heading">Keys</h2>
          <KeyTable keys={keys.data} />
        </section>
      </>
    );

  return (
    <PageLayout title="API keys" current="api-keys">
      {body}
    </PageLayout>
  );
}

function CreateKeyForm() {
  const create = useCreateApiKey();
  const nameId = useId();
  const roleId = useId();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Exclude<Role, 'SUBJECT'>>('SUPPORT');
  const [error, setError] = useState<string | null>(null);
  const focus = useFocusAfterRender<'name'>();
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    if (!name.trim()) {
      setError('Name the key after who or what uses it, e.g. “Support — Anna” or “billing-service”.');
      // After the render that marks the field invalid and points it at the message, so both are read.
      focus.request('name');
      return;
    }
    setError(null);
    create.mutate(
      { role, name: name.trim() },
      {
        onSuccess: (created) => {
          setSecret({ name: created.name, secret: created.secret });
          setName('');
        },
      },
    );
  };

  if (secret)
    return (
      <SecretOnce
        label={`API key “${secret.name}”`}
        secret={secret.secret}
        onDone={() => {
          setSecret(null);
          focus.request('name');
        }}
      />
    );

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="create-key-heading">
      {create.isError && <MutationError what="Creating the key" error={create.error} />}
      <div className="field-row">
        <div className="field">
          <label htmlFor={nameId}>Name</label>
          <input
            ref={focus.target('name')}
            id={nameId}
            value={name}
            maxLength={100}
            autoComplete="off"
            onChange={(event) => setName(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${nameId}-error` : undefined}
          />
          {error && (
            <p id={`${nameId}-error`} className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select
            id={roleId}
            value={role}
            onChange={(event) => setRole(event.target.value as Exclude<Role, 'SUBJECT'>)}
            aria-describedby={`${roleId}-hint`}
          >
            <option value="SUPPORT">Support</option>
            <option value="SERVICE">Service</option>
            <option value="ADMIN">Admin</option>
          </select>
          <p id={`${roleId}-hint`} className="hint">
            {ROLE_HELP[role]}
          </p>
        </div>
      </div>
      <button type="submit" className="button button--primary" aria-disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create key'}
      </button>
    </form>
  );
}

function KeyTable({ keys }: { keys: ApiKeyItem[] }) {
  if (keys.length === 0) return <p>No API keys yet. The server’s admin token works without one.</p>;
  return (
    <div className="table-scroll" role="region" aria-label="Keys table" tabIndex={0}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <KeyRow key={key.id} apiKey={key} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function KeyRow({ apiKey }: { apiKey: ApiKeyItem }) {
  const revoke = useRevokeApiKey();
  const [confirming, setConfirming] = useState(false);
  const focus = useFocusAfterRender<'confirm' | 'revoke' | 'status'>();
  return (
    <tr data-key-id={apiKey.id}>
      <th scope="row">
        {apiKey.name}
        <span className="key">{apiKey.id}</span>
      </th>
      <td>{ROLE_LABEL[apiKey.role]}</td>
      <td>{formatDate(apiKey.createdAt)}</td>
      <td>{apiKey.lastUsedAt ? formatDateTime(apiKey.lastUsedAt) : <span className="meta">Never</span>}</td>
      <td>
        {apiKey.revokedAt ? (
          <span className="status status--withdrawn" ref={focus.target('status')} tabIndex={-1}>
            Revoked {formatDate(apiKey.revokedAt)}
          </span>
        ) : confirming ? (
          <ConfirmAction
            label={`Revoke ${apiKey.name}?`}
            action="Revoke key"
            pendingAction="Revoking…"
            pending={revoke.isPending}
            onConfirm={() => revoke.mutate(apiKey.id, { onSuccess: () => focus.request('status') })}
            onCancel={() => {
              setConfirming(false);
              focus.request('revoke');
            }}
            error={revoke.isError && <MutationError what="Revoking" error={revoke.error} />}
            small
            focusTarget={focus.target('confirm')}
          >
            <p>Revoke “{apiKey.name}”? It stops working at once, for every request. This cannot be undone.</p>
          </ConfirmAction>
        ) : (
          <>
            <span className="status status--granted">Active</span>{' '}
            <button
              type="button"
              className="button button--small"
              ref={focus.target('revoke')}
              onClick={() => {
                setConfirming(true);
                focus.request('confirm');
              }}
              aria-label={`Revoke ${apiKey.name}…`}
            >
              Revoke…
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
