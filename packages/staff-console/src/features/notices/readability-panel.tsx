import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useGraphQLClient } from '@assent/web-kit';
import type { PublishNoticeInput } from '../../gql/graphql';
import { languageLabel } from '../../ui/language-names';
import { QueryError } from '../../ui/query-error';
import type { NoticeDraft } from './notice-draft';
import { markIssues, parseIssue } from './readability-issues';
import { noticeReadabilityQueryOptions, type TextReadabilityItem } from './readability.queries';

/** How long typing must pause before the draft is checked again. */
export const READABILITY_DEBOUNCE_MS = 600;

/**
 * The draft's texts as noticeReadability takes them; null while a text of the default language is still empty (there
 * is nothing to score). A translation still being written is scored for the texts it has: a missing summary leaves
 * the language out, a purpose without both its texts is left out of it.
 */
export function readabilityInput(draft: NoticeDraft): PublishNoticeInput | null {
  const summary = draft.summary.trim();
  const purposes = draft.purposes.map((p) => ({
    purposeKey: p.purposeKey,
    title: p.title.trim(),
    description: p.description.trim(),
    requiresReconsent: false,
  }));
  if (!summary || purposes.some((p) => !p.title || !p.description)) return null;
  const translations = draft.translations
    .filter((t) => t.summary.trim())
    .map((t) => ({
      locale: t.locale,
      summary: t.summary.trim(),
      purposes: t.purposes
        .map((p) => ({ purposeKey: p.purposeKey, title: p.title.trim(), description: p.description.trim() }))
        .filter((p) => p.title && p.description),
    }));
  return {
    summary,
    purposes,
    defaultLocale: draft.defaultLocale,
    ...(translations.length ? { translations } : {}),
  };
}

/** The texts of one language of the draft. */
function textsIn(draft: NoticeDraft, locale: string) {
  if (locale === draft.defaultLocale) return { summary: draft.summary, purposes: draft.purposes };
  return draft.translations.find((t) => t.locale === locale) ?? { summary: '', purposes: [] };
}

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

const FIELD_LABEL: Record<string, string> = { summary: 'Summary', title: 'Title', description: 'Description' };

/**
 * The plain-language check while the admin types, one column per language: every text's reading ease and whether
 * publishing would accept it,
 * the sentence or word each issue is about marked in the text, and the plainer wording suggested for jargon.
 */
export function ReadabilityPanel({ draft, titleOf }: { draft: NoticeDraft; titleOf: (key: string) => string }) {
  const request = useGraphQLClient();
  const input = useDebounced(
    useMemo(() => readabilityInput(draft), [draft]),
    READABILITY_DEBOUNCE_MS,
  );
  const check = useQuery({ ...noticeReadabilityQueryOptions(request, input!), enabled: input !== null });
  const textOf = (item: TextReadabilityItem) => {
    const texts = textsIn(draft, item.locale);
    return item.purposeKey == null
      ? texts.summary
      : (texts.purposes.find((p) => p.purposeKey === item.purposeKey)?.[item.field as 'title' | 'description'] ?? '');
  };
  const locales = [draft.defaultLocale, ...draft.translations.map((t) => t.locale)];

  let body;
  if (input === null) body = <p className="meta">Fill in every text to check how plain it is.</p>;
  else if (check.isPending) body = <p className="meta">Checking…</p>;
  else if (check.isError)
    body = <QueryError what="the plain-language check" error={check.error} onRetry={() => void check.refetch()} />;
  else {
    const notOk = check.data.filter((t) => !t.ok).length;
    body = (
      <>
        <p className={notOk ? 'notice-box notice-box--warning' : 'notice-box notice-box--success'}>
          {notOk === 0
            ? `All ${check.data.length} texts read plainly enough to publish.`
            : `${notOk} of ${check.data.length} texts need work: publishing refuses them unless you accept the issues.`}
          {check.isFetching ? ' Checking again…' : ''}
        </p>
        <div className="lang-grid">
          {locales.map((locale) => {
            const mine = check.data.filter((t) => t.locale === locale);
            const flagged = mine.filter((t) => t.issues.length > 0);
            const needWork = mine.filter((t) => !t.ok).length;
            // A title of two words has no meaningful reading ease: the lowest score is the prose's.
            const prose = mine.filter((t) => t.field !== 'title');
            return (
              <section
                key={locale}
                className="lang-cell readability-lang"
                aria-label={`Plain-language check, ${languageLabel(locale)}`}
                data-testid={`readability-${locale}`}
              >
                <h4 className="lang-cell__head">{languageLabel(locale)}</h4>
                <p className="meta">
                  {mine.length === 0
                    ? 'Nothing to check yet: write the summary in this language.'
                    : needWork === 0
                      ? `${mine.length} ${mine.length === 1 ? 'text reads' : 'texts read'} plainly.`
                      : `${needWork} ${needWork === 1 ? 'text needs' : 'texts need'} work here (of ${mine.length}).`}{' '}
                  {prose.length > 0 && (
                    <>
                      Lowest reading ease of the summary and descriptions:{' '}
                      {Math.round(Math.min(...prose.map((t) => t.score)))}.
                    </>
                  )}
                </p>
                <ul className="readability-list">
                  {flagged.map((item) => {
                    const issues = item.issues.map(parseIssue);
                    const where =
                      item.purposeKey == null ? 'Summary' : `${titleOf(item.purposeKey)} · ${FIELD_LABEL[item.field]}`;
                    return (
                      <li
                        key={`${item.purposeKey ?? ''}.${item.field}.${item.locale}`}
                        className="readability-item"
                        data-testid="readability-item"
                      >
                        <p className="readability-item__head">
                          <strong>{where}</strong> <span className="key">{item.locale}</span>{' '}
                          <span className={`tag ${item.ok ? 'tag--unchanged' : 'tag--changed'}`}>
                            {item.ok ? 'OK' : 'Needs work'}
                          </span>{' '}
                          <span className="meta">reading ease {item.score}</span>
                        </p>
                        <p className="readability-item__text" lang={item.locale}>
                          {markIssues(textOf(item), issues).map((s, i) =>
                            s.marked ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>,
                          )}
                        </p>
                        <ul className="readability-item__issues">
                          {issues.map((issue) => (
                            <li key={issue.text}>
                              {issue.kind === 'jargon' ? (
                                <>
                                  Jargon: “{issue.term}”. Try instead: <strong>{issue.suggestion}</strong>
                                </>
                              ) : issue.kind === 'long-sentence' ? (
                                <>A sentence of {issue.words} words (marked): split it into shorter ones.</>
                              ) : issue.kind === 'passive' ? (
                                <>Passive voice: “{issue.phrase}”. Say who does it.</>
                              ) : (
                                issue.text
                              )}
                            </li>
                          ))}
                        </ul>
                      </li>
                    );
                  })}
                </ul>
              </section>
            );
          })}
        </div>
      </>
    );
  }
  return (
    <section className="readability-panel" aria-labelledby="readability-heading" data-testid="readability-panel">
      <h3 id="readability-heading">Plain-language check</h3>
      <div aria-live="polite">{body}</div>
    </section>
  );
}
