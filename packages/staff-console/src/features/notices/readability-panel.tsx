import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useGraphQLClient } from '@assent/web-kit';
import type { PublishNoticeInput } from '../../gql/graphql';
import { QueryError } from '../../ui/query-error';
import type { NoticeDraft } from './notice-draft';
import { markIssues, parseIssue } from './readability-issues';
import { noticeReadabilityQueryOptions, type TextReadabilityItem } from './readability.queries';

/** How long typing must pause before the draft is checked again. */
export const READABILITY_DEBOUNCE_MS = 600;

/** The draft's texts as noticeReadability takes them; null while a text is still empty (there is nothing to score). */
export function readabilityInput(draft: NoticeDraft): PublishNoticeInput | null {
  const summary = draft.summary.trim();
  const purposes = draft.purposes.map((p) => ({
    purposeKey: p.purposeKey,
    title: p.title.trim(),
    description: p.description.trim(),
    requiresReconsent: false,
  }));
  if (!summary || purposes.some((p) => !p.title || !p.description)) return null;
  return { summary, purposes };
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
 * The plain-language check while the admin types: every text's reading ease and whether publishing would accept it,
 * the sentence or word each issue is about marked in the text, and the plainer wording suggested for jargon.
 */
export function ReadabilityPanel({ draft, titleOf }: { draft: NoticeDraft; titleOf: (key: string) => string }) {
  const request = useGraphQLClient();
  const input = useDebounced(
    useMemo(() => readabilityInput(draft), [draft]),
    READABILITY_DEBOUNCE_MS,
  );
  const check = useQuery({ ...noticeReadabilityQueryOptions(request, input!), enabled: input !== null });
  const textOf = (item: TextReadabilityItem) =>
    item.purposeKey == null
      ? draft.summary
      : (draft.purposes.find((p) => p.purposeKey === item.purposeKey)?.[item.field as 'title' | 'description'] ?? '');

  let body;
  if (input === null) body = <p className="meta">Fill in every text to check how plain it is.</p>;
  else if (check.isPending) body = <p className="meta">Checking…</p>;
  else if (check.isError)
    body = <QueryError what="the plain-language check" error={check.error} onRetry={() => void check.refetch()} />;
  else {
    const flagged = check.data.filter((t) => t.issues.length > 0);
    const notOk = check.data.filter((t) => !t.ok).length;
    body = (
      <>
        <p className={notOk ? 'notice-box notice-box--warning' : 'notice-box notice-box--success'}>
          {notOk === 0
            ? `All ${check.data.length} texts read plainly enough to publish.`
            : `${notOk} of ${check.data.length} texts need work: publishing refuses them unless you accept the issues.`}
          {check.isFetching ? ' Checking again…' : ''}
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
                <p className="readability-item__text">
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
