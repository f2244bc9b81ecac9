import { useId, useState } from 'react';
import { useMessages } from '../../i18n/messages';
import { errorText } from '../../ui/error-text';
import { formatDateTime } from '../../ui/format-date';
import { usePendingConsentKeys, useSetConsent, type Me, type PurposeConsentItem } from './consent.queries';

/** "Choices that need your consent": one switch per consent purpose, nothing pre-ticked. */
export function ConsentList({ me }: { me: Me }) {
  const m = useMessages();
  const setConsent = useSetConsent();
  const pending = usePendingConsentKeys();
  const [failure, setFailure] = useState<string | null>(null);
  const items = me.purposes.filter((item) => item.purpose.requiresConsent);

  const toggle = (item: PurposeConsentItem, allow: boolean) => {
    // One request per purpose at a time; React puts the switch back meanwhile.
    if (pending.has(item.purpose.key)) return;
    setFailure(null);
    setConsent.mutate(
      { purposeKey: item.purpose.key, allow, noticeVersionId: me.currentNotice.id, method: 'privacy-center/toggle' },
      { onError: (error) => setFailure(m.consents.saveFailed(item.purpose.title, errorText(m, error))) },
    );
  };

  return (
    <section aria-labelledby="consents-heading" className="card">
      <h2 id="consents-heading">{m.consents.heading}</h2>
      <p className="lead">{m.consents.intro}</p>
      {failure && (
        <div role="alert" className="notice-box notice-box--error">
          <p>{failure}</p>
          <button type="button" className="button button--quiet" onClick={() => setFailure(null)}>
            {m.consents.dismiss}
          </button>
        </div>
      )}
      {items.length === 0 ? (
        <p>{m.consents.none}</p>
      ) : (
        <ul className="purpose-list">
          {items.map((item) => (
            <ConsentSwitch key={item.purpose.key} item={item} saving={pending.has(item.purpose.key)} onToggle={toggle} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ConsentSwitch({ item, saving, onToggle }: { item: PurposeConsentItem; saving: boolean; onToggle: (item: PurposeConsentItem, allow: boolean) => void }) {
  const m = useMessages();
  const id = useId();
  const granted = item.status === 'GRANTED';
  return (
    <li className="purpose">
      <div className="purpose-text">
        <h3 id={`${id}title`}>{item.purpose.title}</h3>
        <p id={`${id}desc`}>{item.purpose.description}</p>
      </div>
      <div className="purpose-control">
        <input
          type="checkbox"
          role="switch"
          className="switch"
          checked={granted}
          aria-labelledby={`${id}title`}
          aria-describedby={`${id}state ${id}desc`}
          onChange={(event) => onToggle(item, event.currentTarget.checked)}
        />
        <p id={`${id}state`} className={`purpose-state purpose-state--${granted ? 'on' : 'off'}`}>
          <span className="purpose-status">{saving ? m.consents.saving : m.consents.status[item.status]}</span>
          <span className="meta">
            {item.lastRecord ? (
              <>
                {m.consents.lastChanged(formatDateTime(m.lang, item.lastRecord.occurredAt))}
              </>
            ) : (
              m.consents.neverChanged
            )}
          </span>
        </p>
      </div>
    </li>
  );
}
