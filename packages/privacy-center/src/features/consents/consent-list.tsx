import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../ui/error-text';
import { formatDateTime } from '../../ui/format-date';
import {
  declineAction,
  usePendingConsentKeys,
  useRecordChoices,
  useSetConsent,
  type ChoicesMethod,
  type ConsentDecision,
  type Me,
  type PurposeConsentItem,
} from './consent.queries';

/**
 * "Choices that need your consent": one switch per consent purpose, nothing
 * pre-ticked. On a first visit (`welcome`) it comes first on the page, with a
 * neutral intro and "Accept all" / "Reject all" side by side.
 */
/** Allowed now, so Withdraw all takes it back. */
const isGranted = (status: string) => status === 'GRANTED';

export function ConsentList({ me, welcome = false }: { me: Me; welcome?: boolean }) {
  const { t } = useTranslation();
  const setConsent = useSetConsent();
  const recordChoices = useRecordChoices();
  const pending = usePendingConsentKeys();
  const headingId = useId();
  const [failure, setFailure] = useState<string | null>(null);
  const [allSaved, setAllSaved] = useState<ChoicesMethod | null>(null);
  const savedStatus = useRef<HTMLParagraphElement>(null);
  // The button that was pressed is gone once every choice is saved (Withdraw all when nothing is allowed any more,
  // Accept all and Reject all when the welcome ends): focus goes to the message that says what happened.
  useEffect(() => {
    if (allSaved && !savedStatus.current?.contains(document.activeElement)) savedStatus.current?.focus();
  }, [allSaved]);
  const items = me.purposes.filter((item) => item.purpose.requiresConsent);

  const decide = (
    item: PurposeConsentItem,
    action: ConsentDecision,
    method: 'privacy-center/toggle' | 'privacy-center/say-no',
  ) => {
    // One request per purpose at a time; React puts the switch back meanwhile.
    if (pending.has(item.purpose.key)) return;
    setFailure(null);
    setAllSaved(null);
    setConsent.mutate(
      { purposeKey: item.purpose.key, action, noticeVersionId: me.currentNotice.id, method },
      {
        onError: (error) =>
          setFailure(t('consents.saveFailed', { title: item.purpose.title, reason: errorText(t, error) })),
      },
    );
  };
  const toggle = (item: PurposeConsentItem, allow: boolean) =>
    decide(item, allow ? 'GRANT' : declineAction(item.status), 'privacy-center/toggle');

  const decideAll = (method: ChoicesMethod) => {
    if (recordChoices.isPending || items.some((item) => pending.has(item.purpose.key))) return;
    setFailure(null);
    setAllSaved(null);
    // Withdraw all takes back what is allowed now and leaves the rest as it is; Accept all and Reject all answer
    // every purpose.
    const choices = items
      .filter((item) => method !== 'privacy-center/withdraw-all' || isGranted(item.status))
      .map((item) => ({
        purposeKey: item.purpose.key,
        action: method === 'privacy-center/accept-all' ? ('GRANT' as const) : declineAction(item.status),
      }));
    recordChoices.mutate(
      { choices, noticeVersionId: me.currentNotice.id, method },
      {
        onSuccess: () => setAllSaved(method),
        onError: (error) => setFailure(t('consents.saveAllFailed', { reason: errorText(t, error) })),
      },
    );
  };

  return (
    <section aria-labelledby={headingId} className={welcome ? 'card welcome' : 'card'}>
      <h2 id={headingId}>{t('consents.heading')}</h2>
      <p className="lead">{welcome ? t('consents.welcomeIntro') : t('consents.intro')}</p>
      {welcome && items.length > 0 && (
        <div className="all-choices">
          {/* Equally prominent on purpose: same size, same style, side by side. */}
          <button
            type="button"
            className="button button--primary"
            onClick={() => decideAll('privacy-center/accept-all')}
          >
            {t('consents.acceptAll')}
          </button>
          <button
            type="button"
            className="button button--primary"
            onClick={() => decideAll('privacy-center/reject-all')}
          >
            {t('consents.rejectAll')}
          </button>
        </div>
      )}
      {!welcome && items.some((item) => isGranted(item.status)) && (
        <div className="all-choices">
          {/* Taking consent back is as easy as giving it all was: one click. */}
          <button
            type="button"
            className="button button--primary"
            onClick={() => decideAll('privacy-center/withdraw-all')}
          >
            {t('consents.withdrawAll')}
          </button>
        </div>
      )}
      <p role="status" className="meta" ref={savedStatus} tabIndex={-1}>
        {recordChoices.isPending
          ? t('consents.saving')
          : allSaved
            ? t(
                allSaved === 'privacy-center/accept-all'
                  ? 'consents.acceptedAll'
                  : allSaved === 'privacy-center/withdraw-all'
                    ? 'consents.withdrewAll'
                    : 'consents.rejectedAll',
              )
            : ''}
      </p>
      {failure && (
        <div role="alert" className="notice-box notice-box--error">
          <p>{failure}</p>
          <button type="button" className="button button--quiet" onClick={() => setFailure(null)}>
            {t('consents.dismiss')}
          </button>
        </div>
      )}
      {items.length === 0 ? (
        <p>{t('consents.none')}</p>
      ) : (
        <ul className="purpose-list">
          {items.map((item) => (
            <ConsentSwitch
              key={item.purpose.key}
              item={item}
              saving={pending.has(item.purpose.key)}
              textLang={me.currentNotice.locale}
              onToggle={toggle}
              onSayNo={(target) => decide(target, 'REFUSE', 'privacy-center/say-no')}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function ConsentSwitch({
  item,
  saving,
  textLang,
  onToggle,
  onSayNo,
}: {
  item: PurposeConsentItem;
  saving: boolean;
  /** The language of the purpose's texts (the notice's), which may differ from the interface's. */
  textLang: string;
  onToggle: (item: PurposeConsentItem, allow: boolean) => void;
  onSayNo: (item: PurposeConsentItem) => void;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const switchRef = useRef<HTMLInputElement>(null);
  const granted = item.status === 'GRANTED';
  // A switch that is off cannot be switched off: "no" to an open question gets its own button.
  const undecided = item.status === 'NOT_GIVEN';
  return (
    <li className="purpose">
      <div className="purpose-text">
        <h3 id={`${id}title`} lang={textLang}>
          {item.purpose.title}
        </h3>
        <p id={`${id}desc`} lang={textLang}>
          {item.purpose.description}
        </p>
        {item.purpose.gpcOptOut && (
          <p id={`${id}gpc`} className="meta gpc-hint">
            {t('consents.gpcHint')}
          </p>
        )}
      </div>
      <div className="purpose-control">
        <input
          type="checkbox"
          role="switch"
          ref={switchRef}
          className="switch"
          checked={granted}
          aria-labelledby={`${id}title`}
          aria-describedby={`${id}state ${id}desc${item.purpose.gpcOptOut ? ` ${id}gpc` : ''}`}
          onChange={(event) => onToggle(item, event.currentTarget.checked)}
        />
        <div className="purpose-state-wrap">
          <p id={`${id}state`} className={`purpose-state purpose-state--${granted ? 'on' : 'off'}`}>
            <span className="purpose-status">
              {saving ? t('consents.saving') : t(`consents.status.${item.status}`)}
            </span>
            <span className="meta">
              {item.lastRecord
                ? t('consents.lastChanged', { date: formatDateTime(i18n.language, item.lastRecord.occurredAt) })
                : t('consents.neverChanged')}
            </span>
          </p>
          {undecided && !saving && (
            <button
              type="button"
              className="button button--quiet say-no"
              aria-label={t('consents.sayNoTo', { title: item.purpose.title })}
              onClick={() => {
                // The button goes away once answered; keep the keyboard in this row.
                switchRef.current?.focus();
                onSayNo(item);
              }}
            >
              {t('consents.sayNo')}
            </button>
          )}
        </div>
      </div>
    </li>
  );
}
