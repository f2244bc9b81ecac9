import { useId, useState } from 'react';
import { type DiffPart, diffWords } from '@assent/web-kit';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../ui/error-text';
import { focusPageTitle } from '../../ui/page-layout';
import {
  declineAction,
  usePendingConsentKeys,
  useSetConsent,
  type ConsentDecision,
  type Me,
  type PurposeConsentItem,
} from '../consents/consent.queries';

/** sessionStorage key: the notice id for which the person chose "Decide later". */
export const PROMPT_DEFERRED_KEY = 'assent.promptDeferredFor';

type Answer = ConsentDecision;

function deferredFor(): string | null {
  try {
    return sessionStorage.getItem(PROMPT_DEFERRED_KEY);
  } catch {
    return null;
  }
}

/**
 * Asks again after a notice change: for each purpose that needs it, the new
 * text, what changed since the version the person answered under, and an
 * explicit choice with nothing pre-selected. "Decide later" records nothing.
 */
export function ReconsentPrompt({ me }: { me: Me }) {
  const { t } = useTranslation();
  const setConsent = useSetConsent();
  const pending = usePendingConsentKeys();
  const headingId = useId();
  // The purposes as they were when the prompt opened: answering one must not
  // make it (or its old-vs-new text) vanish from under the person's focus.
  const [asked] = useState<PurposeConsentItem[]>(() =>
    me.needsPrompt ? me.purposes.filter((item) => item.needsPrompt) : [],
  );
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [hidden, setHidden] = useState(() => deferredFor() === me.currentNotice.id);

  const askedKeys = new Set(asked.map((item) => item.purpose.key));
  const items = [
    ...asked,
    ...(me.needsPrompt ? me.purposes.filter((item) => item.needsPrompt && !askedKeys.has(item.purpose.key)) : []),
  ];
  if (hidden || items.length === 0) return null;

  const allAnswered = items.every((item) => answers[item.purpose.key] !== undefined);
  const close = () => {
    setHidden(true);
    focusPageTitle();
  };
  const decideLater = () => {
    try {
      sessionStorage.setItem(PROMPT_DEFERRED_KEY, me.currentNotice.id);
    } catch {
      // Without storage the prompt comes back on reload, which is the safe side.
    }
    close();
  };
  const choose = (item: PurposeConsentItem, allow: boolean) => {
    if (pending.has(item.purpose.key)) return;
    setFailure(null);
    // "Don't allow" takes back a lapsed grant (WITHDRAW); for a purpose never granted it is a refusal.
    const now = me.purposes.find((candidate) => candidate.purpose.key === item.purpose.key) ?? item;
    const answer: Answer = allow ? 'GRANT' : declineAction(now.status);
    setConsent.mutate(
      {
        purposeKey: item.purpose.key,
        action: answer,
        noticeVersionId: me.currentNotice.id,
        method: 'privacy-center/prompt',
      },
      {
        onSuccess: () => setAnswers((previous) => ({ ...previous, [item.purpose.key]: answer })),
        onError: (error) =>
          setFailure(t('consents.saveFailed', { title: item.purpose.title, reason: errorText(t, error) })),
      },
    );
  };

  // "The notice has changed" only when it did for one of these: a grant that lapsed or will, or a decision made under
  // an earlier version that a notice asks again. Otherwise these are purposes the person has not answered yet.
  const answeredEarlier = (item: PurposeConsentItem) =>
    item.lastRecord != null && item.lastRecord.noticeVersion.version < me.currentNotice.version;
  const noticeChanged = items.some(
    (item) =>
      item.status === 'RECONSENT_REQUIRED' ||
      answeredEarlier(item) ||
      // A purpose added since the person answered the others.
      (item.lastRecord == null && me.purposes.some(answeredEarlier)),
  );
  return (
    <section aria-labelledby={headingId} className="card prompt">
      <h2 id={headingId}>{noticeChanged ? t('prompt.heading') : t('prompt.openHeading')}</h2>
      <p className="lead">
        {noticeChanged ? t('prompt.intro', { version: me.currentNotice.version }) : t('prompt.openIntro')}
      </p>
      {failure && (
        <div role="alert" className="notice-box notice-box--error">
          <p>{failure}</p>
        </div>
      )}
      <ul className="prompt-list">
        {items.map((item) => (
          <PromptItem key={item.purpose.key} item={item} me={me} answer={answers[item.purpose.key]} onChoose={choose} />
        ))}
      </ul>
      {allAnswered ? (
        <div className="prompt-actions">
          <p role="status">{t('prompt.allDecided')}</p>
          <button type="button" className="button" onClick={close}>
            {t('prompt.close')}
          </button>
        </div>
      ) : (
        <div className="prompt-actions">
          <button
            type="button"
            className="button button--quiet"
            onClick={decideLater}
            aria-describedby={`${headingId}later`}
          >
            {t('prompt.decideLater')}
          </button>
          <p id={`${headingId}later`} className="meta">
            {t('prompt.decideLaterHint')}
          </p>
        </div>
      )}
    </section>
  );
}

function PromptItem({
  item,
  me,
  answer,
  onChoose,
}: {
  item: PurposeConsentItem;
  me: Me;
  answer: Answer | undefined;
  onChoose: (item: PurposeConsentItem, allow: boolean) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const key = item.purpose.key;
  const now = me.currentNotice.purposes.find((text) => text.purposeKey === key) ?? item.purpose;
  const previousVersion = item.lastRecord?.noticeVersion;
  const before = previousVersion?.purposes.find((text) => text.purposeKey === key);
  const changed = before !== undefined && (before.title !== now.title || before.description !== now.description);
  // New to this person since their other decisions: never answered, and listed by none of the earlier notice versions
  // they answered others under (a purpose they saw then and left unanswered is not new to them).
  const seenVersions = me.purposes
    .map((other) => other.lastRecord?.noticeVersion)
    .filter((v): v is NonNullable<typeof v> => v != null && v.version < me.currentNotice.version);
  const isNew =
    !before && seenVersions.length > 0 && !seenVersions.some((v) => v.purposes.some((text) => text.purposeKey === key));

  return (
    <li className="prompt-item">
      <h3 id={`${id}title`}>
        {now.title}
        {changed && (
          <>
            {' '}
            <span className="badge">{t('prompt.changedPurpose')}</span>
          </>
        )}
        {isNew && (
          <>
            {' '}
            <span className="badge">{t('prompt.newPurpose')}</span>
          </>
        )}
      </h3>
      {changed && previousVersion ? (
        <div className="compare">
          <div className="compare-old">
            <p className="compare-label">
              {item.lastRecord?.action === 'GRANT'
                ? t('prompt.beforeAgreed', { version: previousVersion.version })
                : t('prompt.before', { version: previousVersion.version })}
            </p>
            <p className="compare-title">
              <Diff parts={diffWords(before.title, now.title)} side="old" />
            </p>
            <p>
              <Diff parts={diffWords(before.description, now.description)} side="old" />
            </p>
          </div>
          <div className="compare-new">
            <p className="compare-label">{t('prompt.now', { version: me.currentNotice.version })}</p>
            <p className="compare-title">
              <Diff parts={diffWords(before.title, now.title)} side="new" />
            </p>
            <p>
              <Diff parts={diffWords(before.description, now.description)} side="new" />
            </p>
          </div>
        </div>
      ) : (
        <p>{now.description}</p>
      )}
      <div role="group" aria-label={t('prompt.choice', { title: now.title })} className="choice">
        <button type="button" className="button" aria-pressed={answer === 'GRANT'} onClick={() => onChoose(item, true)}>
          {t('prompt.allow')}
        </button>
        <button
          type="button"
          className="button"
          aria-pressed={answer !== undefined && answer !== 'GRANT'}
          onClick={() => onChoose(item, false)}
        >
          {t('prompt.deny')}
        </button>
      </div>
      <p role="status" className="meta">
        {answer ? t(`prompt.saved.${answer}`) : ''}
      </p>
    </li>
  );
}

/** One side of a word diff: removed words marked on the old side, added ones on the new side. */
function Diff({ parts, side }: { parts: DiffPart[]; side: 'old' | 'new' }) {
  return (
    <>
      {parts.map((part, index) => {
        if (part.kind === 'same') return part.text;
        if (side === 'old' && part.kind === 'removed') return <del key={index}>{part.text}</del>;
        if (side === 'new' && part.kind === 'added') return <ins key={index}>{part.text}</ins>;
        return null;
      })}
    </>
  );
}
