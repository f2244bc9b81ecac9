import { useQueries, useQuery } from '@tanstack/react-query';
import { memo, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useFocusAfterRender } from '../../ui/focus-after-render';
import { isApiError, useGraphQLClient } from '@assent/web-kit';
import { useSession } from '../../auth/session';
import { formatDate, formatDateTime, localTimeZone } from '../../ui/format-date';
import { Forbidden } from '../../ui/forbidden';
import { LEGAL_BASIS_LABEL } from '../../ui/labels';
import { languageLabel, nativeLanguageName, NOTICE_LANGUAGES } from '../../ui/language-names';
import { PageLayout } from '../../ui/page-layout';
import { Loading, MutationError, QueryError } from '../../ui/query-error';
import {
  noticeVersionsInQueryOptions,
  noticeVersionsQueryOptions,
  purposesQueryOptions,
  purposeTextIn,
  type Notice,
  type PurposeItem,
} from '../catalog/catalog.queries';
import { PurposeTextCompare, textChanged } from '../catalog/diff-view';
import {
  addLanguage,
  changeOf,
  draftCompleteness,
  draftFrom,
  fieldKey,
  publishedIn,
  removeLanguage,
  suggestsReconsent,
  validateDraft,
  type DraftErrors,
  type DraftPurposeText,
  type LanguageCompleteness,
  type NoticeDraft,
} from './notice-draft';
import { usePublishNotice } from './notices.queries';
import { ReadabilityPanel } from './readability-panel';
import type { PublishNoticeInput } from '../../gql/graphql';

/** Notices: admins draft and publish the next version; every published version is listed read-only. */
export function NoticesPage() {
  const request = useGraphQLClient();
  const { role } = useSession();
  const versions = useQuery(noticeVersionsQueryOptions(request));
  const purposes = useQuery(purposesQueryOptions(request));
  const [published, setPublished] = useState<Notice | null>(null);
  const focus = useFocusAfterRender<'published'>();

  let draft;
  if (role !== 'ADMIN') draft = <Forbidden what="Drafting and publishing notices" />;
  else if (versions.isPending || purposes.isPending) draft = <Loading>Loading the current notice…</Loading>;
  else if (versions.isError)
    draft = <QueryError what="the notice versions" error={versions.error} onRetry={() => void versions.refetch()} />;
  else if (purposes.isError)
    draft = <QueryError what="the purposes" error={purposes.error} onRetry={() => void purposes.refetch()} />;
  else
    draft = (
      <DraftSection
        latest={versions.data[0]}
        purposes={purposes.data}
        onPublished={(notice) => {
          setPublished(notice);
          // The draft and its buttons are gone: focus on what happened.
          focus.request('published');
        }}
      />
    );

  return (
    <PageLayout title="Notices" current="notices">
      {published && (
        <p className="notice-box notice-box--success" role="status" ref={focus.target('published')} tabIndex={-1}>
          Version {published.version} is published, in force from {formatDateTime(published.effectiveAt)}. The privacy
          center now shows it.
        </p>
      )}
      <section className="card" aria-labelledby="draft-heading">
        <h2 id="draft-heading">Next version</h2>
        {draft}
      </section>
      <section className="card" aria-labelledby="versions-heading">
        <h2 id="versions-heading">Published versions</h2>
        <p className="lead">
          Published versions are read-only: records point at them, and their content hash is part of the evidence.
        </p>
        {versions.isPending ? (
          <Loading>Loading versions…</Loading>
        ) : versions.isError ? (
          <QueryError what="the notice versions" error={versions.error} onRetry={() => void versions.refetch()} />
        ) : (
          <ol className="version-list" reversed>
            {versions.data.map((notice) => (
              <PublishedVersion
                key={notice.id}
                notice={notice}
                previous={versions.data.find((candidate) => candidate.version === notice.version - 1)}
                titles={purposes.data}
              />
            ))}
          </ol>
        )}
      </section>
    </PageLayout>
  );
}

function DraftSection({
  latest,
  purposes,
  onPublished,
}: {
  latest: Notice | undefined;
  purposes: PurposeItem[];
  onPublished: (notice: Notice) => void;
}) {
  const [open, setOpen] = useState(false);
  const focus = useFocusAfterRender<'draft'>();
  const request = useGraphQLClient();
  const next = (latest?.version ?? 0) + 1;
  // The latest version's texts in each of its languages (noticeVersions without a locale follows this browser's).
  const localized = useQueries({
    queries: (open ? (latest?.availableLocales ?? []) : []).map((locale) =>
      noticeVersionsInQueryOptions(request, locale),
    ),
  });
  if (open && localized.some((q) => q.isPending))
    return <Loading>Loading the current notice in every language…</Loading>;
  const failed = localized.find((q) => q.isError);
  if (open && failed)
    return <QueryError what="the notice’s translations" error={failed.error} onRetry={() => void failed.refetch()} />;
  if (!open) {
    return (
      <>
        <p>
          Version {latest?.version ?? '—'} is the latest. The draft starts from its text for every active purpose;
          nothing is saved until you publish.
        </p>
        <button
          type="button"
          className="button button--primary"
          ref={focus.target('draft')}
          onClick={() => setOpen(true)}
        >
          Draft version {next}
        </button>
      </>
    );
  }
  const inLocales = localized.flatMap((q) => (q.data?.[0] && q.data[0].id === latest?.id ? [q.data[0]] : []));
  return (
    <DraftEditor
      latest={latest && (publishedIn(inLocales, latest.defaultLocale) ?? latest)}
      localized={inLocales}
      purposes={purposes}
      onCancel={() => {
        setOpen(false);
        focus.request('draft');
      }}
      onPublished={(notice) => {
        setOpen(false);
        onPublished(notice);
      }}
    />
  );
}

function DraftEditor({
  latest,
  localized,
  purposes,
  onCancel,
  onPublished,
}: {
  latest: Notice | undefined;
  /** The latest version in each of its languages. */
  localized: Notice[];
  purposes: PurposeItem[];
  onCancel: () => void;
  onPublished: (notice: Notice) => void;
}) {
  const publish = usePublishNotice();
  const summaryId = useId();
  const effectiveId = useId();
  const form = useRef<HTMLFormElement>(null);
  const editorFocus = useFocusAfterRender<'confirm' | 'review'>();
  // Opened with "Draft version N", which is gone now: the draft starts at its summary.
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('textarea')?.focus();
  }, []);
  const [draft, setDraft] = useState<NoticeDraft>(() => draftFrom(latest, purposes, localized));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [confirming, setConfirming] = useState<PublishNoticeInput | null>(null);
  const [acceptIssues, setAcceptIssues] = useState(false);
  const next = (latest?.version ?? 0) + 1;
  const purposeOf = (key: string) => purposes.find((purpose) => purpose.key === key);
  const retiredInLatest = (latest?.purposes ?? []).filter((text) => !purposeOf(text.purposeKey)?.active);

  const setText = (key: string, patch: Partial<DraftPurposeText>) => {
    setDraft((previous) => ({
      ...previous,
      purposes: previous.purposes.map((text) => (text.purposeKey === key ? { ...text, ...patch } : text)),
    }));
    setConfirming(null);
  };
  /** Edits a text in one language: the default's in summary/purposes, a translation's in its own entry. */
  const setTextIn = (
    locale: string,
    key: string | null,
    patch: { summary?: string; title?: string; description?: string },
  ) => {
    // A field's error goes as soon as it is edited; the rest stay until the next review.
    const touched = Object.keys(patch).map((field) =>
      fieldKey(draft, locale, key === null ? 'summary' : `${key}.${field}`),
    );
    if (touched.some((k) => errors[k]))
      setErrors((previous) => Object.fromEntries(Object.entries(previous).filter(([k]) => !touched.includes(k))));
    if (locale === draft.defaultLocale) {
      if (key === null) setDraft((previous) => ({ ...previous, summary: patch.summary ?? previous.summary }));
      else setText(key, patch);
      setConfirming(null);
      return;
    }
    setDraft((previous) => ({
      ...previous,
      translations: previous.translations.map((t) =>
        t.locale !== locale
          ? t
          : key === null
            ? { ...t, summary: patch.summary ?? t.summary }
            : { ...t, purposes: t.purposes.map((p) => (p.purposeKey === key ? { ...p, ...patch } : p)) },
      ),
    }));
    setConfirming(null);
  };
  const locales = [draft.defaultLocale, ...draft.translations.map((t) => t.locale)];
  const completeness = draftCompleteness(draft);
  const summaryIn = (locale: string) =>
    locale === draft.defaultLocale
      ? draft.summary
      : (draft.translations.find((t) => t.locale === locale)?.summary ?? '');
  const textIn = (locale: string, key: string) =>
    locale === draft.defaultLocale
      ? draft.purposes.find((p) => p.purposeKey === key)
      : draft.translations.find((t) => t.locale === locale)?.purposes.find((p) => p.purposeKey === key);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = validateDraft(draft, purposes, new Date(), localized);
    if (!result.ok) {
      setErrors(result.errors);
      const first = Object.keys(result.errors)[0];
      form.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    setErrors({});
    publish.reset();
    setConfirming(result.input);
    editorFocus.request('confirm');
  };

  const changed = draft.purposes.filter((text) => changeOf(latest, text) !== 'unchanged');
  const errorText = (key: string) =>
    errors[key] ? (
      <p id={`err-${key}`} className="field-error">
        {errors[key]}
      </p>
    ) : null;

  return (
    <form ref={form} className="form" onSubmit={submit} noValidate aria-labelledby="draft-heading">
      <p className="lead">
        Draft of version {next}, starting from version {latest?.version ?? '—'}. {changed.length} of{' '}
        {draft.purposes.length} purposes differ so far.
      </p>
      {retiredInLatest.length > 0 && (
        <p className="notice-box">
          Left out because they are retired: {retiredInLatest.map((text) => text.title).join(', ')}.
        </p>
      )}
      {Object.keys(errors).length > 0 && (
        <div className="notice-box notice-box--error" role="alert">
          <p>The draft cannot be published yet:</p>
          <ul>
            {Object.entries(errors).map(([key, message]) => (
              <li key={key}>{message}</li>
            ))}
          </ul>
        </div>
      )}

      <LanguagesBar
        draft={draft}
        completeness={completeness}
        titleOf={(key) => purposeOf(key)?.title ?? key}
        onAdd={(locale) => {
          setDraft((previous) => addLanguage(previous, locale));
          setConfirming(null);
        }}
        onRemove={(locale) => {
          setDraft((previous) => removeLanguage(previous, locale));
          setErrors({});
          setConfirming(null);
        }}
      />

      <fieldset className="draft-row">
        <legend>Summary</legend>
        <div className="lang-grid">
          {locales.map((locale) => {
            const key = fieldKey(draft, locale, 'summary');
            const id = `${summaryId}-${locale}`;
            return (
              <div className="field lang-cell" key={locale}>
                <label htmlFor={id}>Summary, {languageLabel(locale)}</label>
                <textarea
                  id={id}
                  lang={locale}
                  data-field={key}
                  rows={3}
                  maxLength={5000}
                  value={summaryIn(locale)}
                  onChange={(event) => {
                    setTextIn(locale, null, { summary: event.target.value });
                    setConfirming(null);
                  }}
                  aria-invalid={errors[key] ? true : undefined}
                  aria-describedby={errors[key] ? `err-${key}` : undefined}
                />
                {errorText(key)}
              </div>
            );
          })}
        </div>
      </fieldset>

      <ol className="draft-list">
        {draft.purposes.map((text) => (
          <DraftPurpose
            key={text.purposeKey}
            latest={latest}
            localized={localized}
            defaultLocale={draft.defaultLocale}
            locales={locales}
            textIn={(locale) => textIn(locale, text.purposeKey)}
            onChangeIn={(locale, patch) => setTextIn(locale, text.purposeKey, patch)}
            next={next}
            text={text}
            purpose={purposeOf(text.purposeKey)}
            onChange={(patch) => setText(text.purposeKey, patch)}
            errorText={errorText}
            errors={errors}
          />
        ))}
      </ol>

      <ReadabilityPanel draft={draft} titleOf={(key) => purposeOf(key)?.title ?? key} />

      <div className="field">
        <label htmlFor={effectiveId}>Effective from (optional)</label>
        <input
          id={effectiveId}
          data-field="effectiveAt"
          type="datetime-local"
          value={draft.effectiveAt}
          onChange={(event) => {
            setDraft({ ...draft, effectiveAt: event.target.value });
            setConfirming(null);
          }}
          aria-invalid={errors.effectiveAt ? true : undefined}
          aria-describedby={`${effectiveId}-hint${errors.effectiveAt ? ' err-effectiveAt' : ''}`}
        />
        <p id={`${effectiveId}-hint`} className="hint">
          Your local time ({localTimeZone()}). Grants marked for re-consent stop counting from then; people are asked
          again as soon as it is published. Leave empty for “on publication”.
        </p>
        {errorText('effectiveAt')}
      </div>

      {confirming ? (
        <div className="review" data-testid="publish-review">
          <h3 ref={editorFocus.target('confirm')} tabIndex={-1}>
            Publish version {next}?
          </h3>
          <ul>
            <li>
              {changed.length} {changed.length === 1 ? 'purpose is' : 'purposes are'} new or reworded
              {changed.length > 0 ? `: ${changed.map((text) => text.title).join(', ')}` : ''}.
            </li>
            <li>
              Re-consent required for:{' '}
              {confirming.purposes
                .filter((text) => text.requiresReconsent)
                .map((text) => text.title)
                .join(', ') || 'none'}
              .
            </li>
            <li>Effective {confirming.effectiveAt ? formatDateTime(confirming.effectiveAt) : 'on publication'}.</li>
          </ul>
          <p className="notice-box">
            A published version cannot be changed or withdrawn; a later version can only replace it.
          </p>
          {publish.isError && <PublishRefusal error={publish.error} />}
          {(acceptIssues || isApiError(publish.error, 'BAD_USER_INPUT')) && (
            <label className="field--check-inline">
              <input
                type="checkbox"
                checked={acceptIssues}
                onChange={(event) => setAcceptIssues(event.target.checked)}
              />{' '}
              Publish even though the plain-language check found issues (they stay on record in the check above)
            </label>
          )}
          <div className="actions">
            <button
              type="button"
              className="button button--primary"
              aria-disabled={publish.isPending}
              onClick={() =>
                !publish.isPending &&
                publish.mutate(acceptIssues ? { ...confirming, acceptReadabilityIssues: true } : confirming, {
                  onSuccess: (notice) => onPublished(notice),
                })
              }
            >
              {publish.isPending ? 'Publishing…' : `Publish version ${next} now`}
            </button>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                setConfirming(null);
                editorFocus.request('review');
              }}
              disabled={publish.isPending}
            >
              Keep editing
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="submit" className="button button--primary" ref={editorFocus.target('review')}>
            Review and publish…
          </button>
          <button type="button" className="button button--quiet" onClick={onCancel}>
            Discard draft
          </button>
        </div>
      )}
    </form>
  );
}

function DraftPurposeRow({
  latest,
  localized,
  defaultLocale,
  locales,
  textIn,
  onChangeIn,
  next,
  text,
  purpose,
  onChange,
  errorText,
  errors,
}: {
  latest: Notice | undefined;
  localized: Notice[];
  defaultLocale: string;
  locales: string[];
  textIn: (locale: string) => { title: string; description: string } | undefined;
  onChangeIn: (locale: string, patch: { title?: string; description?: string }) => void;
  next: number;
  text: DraftPurposeText;
  purpose: PurposeItem | undefined;
  onChange: (patch: Partial<DraftPurposeText>) => void;
  errorText: (key: string) => ReactNode;
  errors: DraftErrors;
}) {
  const cellId = useId();
  const reconsentId = useId();
  const change = changeOf(latest, text);
  const suggest = suggestsReconsent(latest, text, purpose);
  return (
    <li className="draft-purpose" data-purpose={text.purposeKey}>
      <h3>
        {purpose?.title ?? text.purposeKey} <span className="key">{text.purposeKey}</span>{' '}
        <span className={`tag tag--${change}`}>
          {change === 'new' ? 'New in this version' : change === 'changed' ? 'Reworded' : 'Unchanged'}
        </span>
      </h3>
      <p className="meta">{purpose ? LEGAL_BASIS_LABEL[purpose.legalBasis] : ''}</p>
      <div className="lang-grid">
        {locales.map((locale) => {
          const inLocale = textIn(locale) ?? { title: '', description: '' };
          const published = locale === defaultLocale ? latest : publishedIn(localized, locale);
          const current = purposeTextIn(published, text.purposeKey);
          const localChange = changeOf(published, { purposeKey: text.purposeKey, ...inLocale });
          const titleKey = `${locale === defaultLocale ? '' : `${locale}:`}${text.purposeKey}.title`;
          const descriptionKey = `${locale === defaultLocale ? '' : `${locale}:`}${text.purposeKey}.description`;
          const language = languageLabel(locale);
          return (
            <div className="lang-cell" key={locale} data-locale={locale}>
              <p className="lang-cell__head">
                <span lang={locale}>{nativeLanguageName(locale)}</span> <span className="key">{locale}</span>{' '}
                {locales.length > 1 &&
                  (!inLocale.title.trim() || !inLocale.description.trim() ? (
                    <span className="tag tag--changed">To write</span>
                  ) : (
                    <span className={`tag tag--${localChange}`}>
                      {localChange === 'new' ? 'New' : localChange === 'changed' ? 'Reworded' : 'Unchanged'}
                    </span>
                  ))}
              </p>
              <div className="field">
                <label htmlFor={`${cellId}-${locale}-title`}>
                  Title in version {next}
                  {locales.length > 1 ? `, ${language}` : ''}
                </label>
                <input
                  id={`${cellId}-${locale}-title`}
                  lang={locale}
                  data-field={titleKey}
                  value={inLocale.title}
                  maxLength={200}
                  onChange={(event) => onChangeIn(locale, { title: event.target.value })}
                  aria-invalid={errors[titleKey] ? true : undefined}
                  aria-describedby={errors[titleKey] ? `err-${titleKey}` : undefined}
                />
                {errorText(titleKey)}
              </div>
              <div className="field">
                <label htmlFor={`${cellId}-${locale}-description`}>
                  Description in version {next}
                  {locales.length > 1 ? `, ${language}` : ''}
                </label>
                <textarea
                  id={`${cellId}-${locale}-description`}
                  lang={locale}
                  data-field={descriptionKey}
                  rows={4}
                  maxLength={5000}
                  value={inLocale.description}
                  onChange={(event) => onChangeIn(locale, { description: event.target.value })}
                  aria-invalid={errors[descriptionKey] ? true : undefined}
                  aria-describedby={errors[descriptionKey] ? `err-${descriptionKey}` : undefined}
                />
                {errorText(descriptionKey)}
              </div>
              {localChange !== 'unchanged' && (inLocale.title.trim() || inLocale.description.trim()) && (
                <PurposeTextCompare
                  oldLabel={
                    published && current
                      ? `Version ${published.version} (published${locales.length > 1 ? `, ${locale}` : ''})`
                      : latest
                        ? `Version ${latest.version} has no ${locale} text`
                        : 'No earlier version'
                  }
                  newLabel={`Version ${next} (draft${locales.length > 1 ? `, ${locale}` : ''})`}
                  before={current}
                  after={inLocale}
                />
              )}
            </div>
          );
        })}
      </div>
      {purpose?.requiresConsent ? (
        <div className="field field--check">
          <input
            id={reconsentId}
            type="checkbox"
            checked={text.requiresReconsent}
            onChange={(event) => onChange({ requiresReconsent: event.target.checked })}
            aria-describedby={`${reconsentId}-hint`}
          />
          <label htmlFor={reconsentId}>Requires re-consent</label>
          <p id={`${reconsentId}-hint`} className="hint">
            {suggest && !text.requiresReconsent ? (
              <strong className="suggestion">
                Suggested: the wording of this consent purpose changed. If the change is material, earlier grants should
                stop counting.{' '}
              </strong>
            ) : null}
            Earlier grants stop counting from the effective date, and people are asked again.
            {change === 'new' ? ' (A new purpose is asked anyway: nobody has granted it yet.)' : ''}
          </p>
        </div>
      ) : (
        <p className="meta">No consent is asked for this purpose, so re-consent does not apply.</p>
      )}
    </li>
  );
}

/**
 * A purpose's row re-renders only when something it shows changed: with every language side by side, re-rendering
 * every row on each keystroke made typing lag. Texts keep their identity unless edited (the draft is updated
 * immutably), and the callbacks only read what the compared props carry (errors) or update through setDraft.
 */
const DraftPurpose = memo(DraftPurposeRow, (before, after) => {
  if (
    before.text !== after.text ||
    before.errors !== after.errors ||
    before.latest !== after.latest ||
    before.localized !== after.localized ||
    before.purpose !== after.purpose ||
    before.next !== after.next ||
    before.locales.join() !== after.locales.join()
  )
    return false;
  return after.locales.every((locale) => before.textIn(locale) === after.textIn(locale));
});

/**
 * The draft's languages: each with what it still lacks (publishing needs every text in every language), a way to
 * remove a translation, and a picker of languages to add, named in their own language.
 */
function LanguagesBar({
  draft,
  completeness,
  titleOf,
  onAdd,
  onRemove,
}: {
  draft: NoticeDraft;
  completeness: LanguageCompleteness[];
  titleOf: (key: string) => string;
  onAdd: (locale: string) => void;
  onRemove: (locale: string) => void;
}) {
  const pickerId = useId();
  const taken = new Set([draft.defaultLocale, ...draft.translations.map((t) => t.locale)]);
  const offered = NOTICE_LANGUAGES.filter((locale) => !taken.has(locale));
  const [choice, setChoice] = useState('');
  const incomplete = completeness.filter((l) => !l.complete);
  return (
    <section className="languages" aria-labelledby={`${pickerId}-heading`} data-testid="draft-languages">
      <h3 id={`${pickerId}-heading`}>Languages</h3>
      <p className="hint">
        People read the notice in the language closest to theirs; every language needs the summary and every purpose’s
        title and description before the version can be published.
      </p>
      <ul className="language-list" aria-live="polite">
        {completeness.map((language) => (
          <li
            key={language.locale}
            className={language.complete ? 'language language--complete' : 'language language--incomplete'}
            data-testid={`language-${language.locale}`}
          >
            <span className="language__name">
              <span lang={language.locale}>{nativeLanguageName(language.locale)}</span>{' '}
              <span className="key">{language.locale}</span>
              {language.isDefault && <span className="tag">Default</span>}
            </span>{' '}
            {language.complete ? (
              <span className="tag tag--unchanged">Complete</span>
            ) : (
              <>
                <span className="tag tag--changed">Incomplete</span>{' '}
                <span className="language__missing">
                  Missing:{' '}
                  {[
                    ...(language.summaryMissing ? ['summary'] : []),
                    ...language.missing.map(
                      (m) =>
                        `${titleOf(m.purposeKey)} (${m.fields.length === 2 ? 'title and description' : m.fields[0]})`,
                    ),
                  ].join(', ')}
                  .
                </span>
              </>
            )}
            {!language.isDefault && (
              <button
                type="button"
                className="link-button"
                onClick={() => onRemove(language.locale)}
                aria-label={`Remove ${languageLabel(language.locale)}`}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {incomplete.length > 0 && (
        <p className="meta">
          {incomplete.length === 1 ? 'One language is' : `${incomplete.length} languages are`} incomplete: publishing is
          refused until every text is written.
        </p>
      )}
      {offered.length > 0 && (
        <div className="language-add">
          <label htmlFor={pickerId}>Add a language</label>
          <select id={pickerId} value={choice} onChange={(event) => setChoice(event.target.value)}>
            <option value="">Choose…</option>
            {offered.map((locale) => (
              <option key={locale} value={locale} lang={locale}>
                {languageLabel(locale)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button"
            disabled={!choice}
            onClick={() => {
              onAdd(choice);
              setChoice('');
            }}
          >
            Add language
          </button>
        </div>
      )}
    </section>
  );
}

/**
 * Why the server refused to publish: for bad input each problem it names on its own line (which language lacks
 * which purpose, which text is not plain enough), otherwise the usual error text.
 */
function PublishRefusal({ error }: { error: unknown }) {
  if (!isApiError(error, 'BAD_USER_INPUT')) return <MutationError what="Publishing" error={error} />;
  const raw = error.extensions.problems;
  const problems = Array.isArray(raw) && raw.every((p) => typeof p === 'string') ? (raw as string[]) : [];
  return (
    <div className="notice-box notice-box--error" role="alert" data-testid="publish-refused">
      <p>
        <strong>The server refused to publish (BAD_USER_INPUT).</strong>{' '}
        {problems.length ? 'Fix these and try again:' : error.message}
      </p>
      {problems.length > 0 && (
        <ul>
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PublishedVersion({
  notice,
  previous,
  titles,
}: {
  notice: Notice;
  previous: Notice | undefined;
  titles: PurposeItem[] | undefined;
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const reconsent = notice.purposes.filter((text) => text.requiresReconsent);
  const titleOf = (key: string) => titles?.find((purpose) => purpose.key === key)?.title ?? key;
  return (
    <li className="version" value={notice.version}>
      <div className="version-head">
        <h3>Version {notice.version}</h3>
        <p className="meta">
          Published {formatDate(notice.publishedAt)} · in force from {formatDateTime(notice.effectiveAt)} ·{' '}
          {notice.purposes.length} purposes
          {reconsent.length > 0 ? ` · re-consent: ${reconsent.map((text) => titleOf(text.purposeKey)).join(', ')}` : ''}
        </p>
        <button
          type="button"
          className="link-button"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen(!open)}
        >
          {open ? `Hide version ${notice.version}` : `Show version ${notice.version}`}
        </button>
      </div>
      <div id={panelId} hidden={!open}>
        {open && (
          <div className="notice-text">
            <p className="summary">{notice.summary}</p>
            <ul className="plain-list">
              {notice.purposes.map((text) => {
                const before = purposeTextIn(previous, text.purposeKey);
                return (
                  <li key={text.purposeKey}>
                    <p className="compare-title">
                      {text.title} <span className="key">{text.purposeKey}</span>
                      {text.requiresReconsent && <span className="tag">Re-consent required</span>}
                      {previous && !before && <span className="tag">New</span>}
                    </p>
                    {previous && before && textChanged(before, text) ? (
                      <PurposeTextCompare
                        oldLabel={`Version ${previous.version}`}
                        newLabel={`Version ${notice.version}`}
                        before={before}
                        after={text}
                      />
                    ) : (
                      <p>{text.description}</p>
                    )}
                  </li>
                );
              })}
            </ul>
            <p className="meta">
              Content hash <code>{notice.contentHash}</code>
            </p>
          </div>
        )}
      </div>
    </li>
  );
}
