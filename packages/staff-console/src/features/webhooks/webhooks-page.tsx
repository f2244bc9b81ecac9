import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { isApiError, useGraphQLClient } from '@assent/web-kit';
import type { DeliveryStatus, EventType } from '../../gql/graphql';
import { formatDate, formatDateTime, fromLocalInputValue, localTimeZone } from '../../ui/format-date';
import { Forbidden } from '../../ui/forbidden';
import { PageLayout } from '../../ui/page-layout';
import { Loading, MutationError, QueryError } from '../../ui/query-error';
import { SecretOnce } from '../../ui/secret-once';
import { useFocusAfterRender } from '../../ui/focus-after-render';
import { purposesQueryOptions } from '../catalog/catalog.queries';
import {
  useRegisterWebhook,
  useReplayDeliveries,
  useSetWebhookEnabled,
  webhookDeliveriesQueryOptions,
  webhooksQueryOptions,
  type WebhookItem,
} from './webhooks.queries';

const EVENT_LABEL: Record<EventType, string> = {
  CONSENT_GRANTED: 'Consent granted',
  CONSENT_WITHDRAWN: 'Consent withdrawn',
  CONSENT_REFUSED: 'Consent refused (asked and said no)',
  NOTICE_PUBLISHED: 'Notice published',
  SUBJECT_ERASED: 'Subject erased',
};
const EVENT_TYPES = Object.keys(EVENT_LABEL) as EventType[];

const DELIVERY_LABEL: Record<DeliveryStatus, string> = {
  PENDING: 'Pending',
  SUCCEEDED: 'Delivered',
  FAILED: 'Failed, will retry',
  DEAD: 'Gave up (dead)',
};

/** Webhooks (ADMIN): register (secret shown once), list, delivery log, replay, disable and enable. */
export function WebhooksPage() {
  const request = useGraphQLClient();
  const webhooks = useQuery(webhooksQueryOptions(request));

  let body;
  if (webhooks.isPending) body = <Loading>Loading webhooks…</Loading>;
  else if (isApiError(webhooks.error, 'FORBIDDEN')) body = <Forbidden what="Managing webhooks" />;
  else if (webhooks.isError)
    body = <QueryError what="the webhooks" error={webhooks.error} onRetry={() => void webhooks.refetch()} />;
  else
    body = (
      <>
        <section className="card" aria-labelledby="register-heading">
          <h2 id="register-heading">Register a webhook</h2>
          <RegisterForm />
        </section>
        <section className="card" aria-labelledby="webhooks-heading">
          <h2 id="webhooks-heading">Webhooks</h2>
          {webhooks.data.length === 0 ? (
            <p>No webhooks yet.</p>
          ) : (
            <ul className="webhook-list">
              {webhooks.data.map((webhook) => (
                <WebhookRow key={webhook.id} webhook={webhook} />
              ))}
            </ul>
          )}
        </section>
      </>
    );

  return (
    <PageLayout title="Webhooks" current="webhooks">
      <p className="lead">
        Each committed ledger event is POSTed, signed with the webhook’s secret (Standard Webhooks), and retried on
        failure for about three days.
      </p>
      {body}
    </PageLayout>
  );
}

function RegisterForm() {
  const request = useGraphQLClient();
  const purposes = useQuery(purposesQueryOptions(request));
  const register = useRegisterWebhook();
  const urlId = useId();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<Set<EventType>>(() => new Set(EVENT_TYPES));
  const [purposeKeys, setPurposeKeys] = useState<Set<string>>(() => new Set());
  const [errors, setErrors] = useState<{ url?: string; events?: string }>({});
  const focus = useFocusAfterRender<'url' | 'events'>();
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);

  const toggle = <T,>(set: Set<T>, value: T, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(value);
    else next.delete(value);
    return next;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (register.isPending) return;
    const found: typeof errors = {};
    try {
      const parsed = new URL(url.trim());
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') found.url = 'Use an http or https address.';
    } catch {
      found.url = 'Enter the full address, e.g. https://crm.example.com/hooks/assent.';
    }
    if (events.size === 0) found.events = 'Choose at least one event type.';
    setErrors(found);
    // Focus on the first field to fix, after the render that marks it and points it at its message.
    if (found.url) return focus.request('url');
    if (found.events) return focus.request('events');
    register.mutate(
      { url: url.trim(), eventTypes: EVENT_TYPES.filter((type) => events.has(type)), purposeKeys: [...purposeKeys] },
      {
        onSuccess: (created) => {
          setSecret({ url: created.webhook.url, secret: created.secret });
          setUrl('');
          setPurposeKeys(new Set());
          setEvents(new Set(EVENT_TYPES));
        },
      },
    );
  };

  if (secret)
    return (
      <SecretOnce
        label={`signing secret for ${secret.url}`}
        secret={secret.secret}
        onDone={() => {
          setSecret(null);
          focus.request('url');
        }}
        kept="It is shown only this once; the server keeps it encrypted to sign each delivery, and never shows it again. If it is lost, rotate it (rotateWebhookSecret): the old one keeps working for a grace period."
      />
    );

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="register-heading">
      {register.isError && <MutationError what="Registering the webhook" error={register.error} />}
      <div className="field">
        <label htmlFor={urlId}>URL</label>
        <input
          ref={focus.target('url')}
          id={urlId}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          aria-invalid={errors.url ? true : undefined}
          aria-describedby={`${urlId}-hint${errors.url ? ` ${urlId}-error` : ''}`}
        />
        <p id={`${urlId}-hint`} className="hint">
          http or https. Link-local and cloud-metadata addresses are refused; private networks are fine.
        </p>
        {errors.url && (
          <p id={`${urlId}-error`} className="field-error" role="alert">
            {errors.url}
          </p>
        )}
      </div>
      <fieldset className="field">
        <legend>Events</legend>
        <div className="check-grid">
          {EVENT_TYPES.map((type, i) => (
            <label key={type}>
              <input
                ref={i === 0 ? focus.target('events') : undefined}
                type="checkbox"
                aria-describedby={errors.events ? `${urlId}-events-error` : undefined}
                checked={events.has(type)}
                onChange={(event) => setEvents(toggle(events, type, event.target.checked))}
              />{' '}
              {EVENT_LABEL[type]}
            </label>
          ))}
        </div>
        {errors.events && (
          <p id={`${urlId}-events-error`} className="field-error" role="alert">
            {errors.events}
          </p>
        )}
      </fieldset>
      <fieldset className="field">
        <legend>Purposes (none ticked means every purpose)</legend>
        {purposes.isError ? (
          <QueryError what="the purposes" error={purposes.error} onRetry={() => void purposes.refetch()} />
        ) : (
          <div className="check-grid">
            {purposes.data
              ?.filter((purpose) => purpose.active)
              .map((purpose) => (
                <label key={purpose.key}>
                  <input
                    type="checkbox"
                    checked={purposeKeys.has(purpose.key)}
                    onChange={(event) => setPurposeKeys(toggle(purposeKeys, purpose.key, event.target.checked))}
                  />{' '}
                  {purpose.title}
                </label>
              ))}
          </div>
        )}
      </fieldset>
      <button type="submit" className="button button--primary" aria-disabled={register.isPending}>
        {register.isPending ? 'Registering…' : 'Register webhook'}
      </button>
    </form>
  );
}

function WebhookRow({ webhook }: { webhook: WebhookItem }) {
  const setEnabled = useSetWebhookEnabled();
  const [showLog, setShowLog] = useState(false);
  const logId = useId();
  const active = webhook.status === 'ACTIVE';
  return (
    <li className="webhook">
      <h3 className="webhook-url">{webhook.url}</h3>
      <p>
        <span className={`status ${active ? 'status--granted' : 'status--withdrawn'}`}>
          {active ? 'Active' : 'Disabled'}
        </span>
        {webhook.disabledReason && <span className="meta"> — {webhook.disabledReason}</span>}
      </p>
      <p className="meta">
        {webhook.eventTypes.map((type) => EVENT_LABEL[type]).join(', ')} ·{' '}
        {webhook.purposeKeys.length === 0 ? 'every purpose' : webhook.purposeKeys.join(', ')} · registered{' '}
        {formatDate(webhook.createdAt)}
      </p>
      <div className="actions">
        <button
          type="button"
          className="button button--small"
          aria-disabled={setEnabled.isPending}
          onClick={() => !setEnabled.isPending && setEnabled.mutate({ id: webhook.id, enabled: !active })}
        >
          {active ? 'Disable' : 'Enable (pending deliveries first)'}
        </button>
        <button
          type="button"
          className="button button--small button--quiet"
          aria-expanded={showLog}
          aria-controls={logId}
          onClick={() => setShowLog(!showLog)}
        >
          {showLog ? 'Hide delivery log' : 'Delivery log'}
        </button>
      </div>
      {setEnabled.isError && <MutationError what={active ? 'Disabling' : 'Enabling'} error={setEnabled.error} />}
      <div id={logId} hidden={!showLog}>
        {showLog && <DeliveryLog webhook={webhook} />}
      </div>
    </li>
  );
}

function DeliveryLog({ webhook }: { webhook: WebhookItem }) {
  const request = useGraphQLClient();
  const deliveries = useQuery(webhookDeliveriesQueryOptions(request, webhook.id));
  const captionId = useId();
  return (
    <div className="delivery-log">
      <ReplayForm webhook={webhook} />
      {deliveries.isPending ? (
        <Loading>Loading deliveries…</Loading>
      ) : deliveries.isError ? (
        <QueryError what="the delivery log" error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : deliveries.data.length === 0 ? (
        <p>No deliveries yet.</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
          <table className="table">
            <caption id={captionId}>Latest {deliveries.data.length} deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last attempt</th>
                <th scope="col">Next attempt</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.map((delivery) => (
                <tr key={delivery.id}>
                  <th scope="row">
                    {EVENT_LABEL[delivery.eventType]}
                    <span className="key">{delivery.eventId}</span>
                  </th>
                  <td>
                    <span className={`status status--delivery-${delivery.status.toLowerCase()}`}>
                      {DELIVERY_LABEL[delivery.status]}
                    </span>
                  </td>
                  <td>{delivery.attempts}</td>
                  <td>
                    {delivery.lastAttemptAt ? formatDateTime(delivery.lastAttemptAt) : '—'}
                    {delivery.lastResponseStatus != null && (
                      <span className="meta"> · HTTP {delivery.lastResponseStatus}</span>
                    )}
                  </td>
                  <td>{delivery.nextAttemptAt ? formatDateTime(delivery.nextAttemptAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function ReplayForm({ webhook }: { webhook: WebhookItem }) {
  const replay = useReplayDeliveries(webhook.id);
  const sinceId = useId();
  const [since, setSince] = useState('');
  const [error, setError] = useState<string | null>(null);
  const disabled = webhook.status !== 'ACTIVE';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (replay.isPending) return;
    const instant = fromLocalInputValue(since);
    if (!instant) {
      setError('Enter the date and time to replay from.');
      return;
    }
    setError(null);
    replay.mutate(instant);
  };

  return (
    <form className="search-form" onSubmit={submit} noValidate aria-label={`Replay deliveries to ${webhook.url}`}>
      <div className="field">
        <label htmlFor={sinceId}>Replay events since</label>
        <input
          id={sinceId}
          type="datetime-local"
          value={since}
          onChange={(event) => setSince(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${sinceId}-hint${error ? ` ${sinceId}-error` : ''}`}
        />
        <p id={`${sinceId}-hint`} className="hint">
          Your local time ({localTimeZone()}). Every matching event since then is sent again, dead ones included.
          {disabled ? ' Enable the webhook first: a disabled one cannot replay.' : ''}
        </p>
        {error && (
          <p id={`${sinceId}-error`} className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <button type="submit" className="button button--small" aria-disabled={replay.isPending}>
        {replay.isPending ? 'Queueing…' : 'Replay'}
      </button>
      <p role="status" className="meta">
        {replay.isSuccess ? `Queued ${replay.data} ${replay.data === 1 ? 'delivery' : 'deliveries'} again.` : ''}
      </p>
      {replay.isError && <MutationError what="Replaying" error={replay.error} />}
    </form>
  );
}
