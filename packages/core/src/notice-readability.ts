import { AssentError } from './errors';
import { LEGACY_LOCALE } from './locale';
import { scoreText, type ScoreOptions } from './readability';
import type { NoticeTranslation } from './types';

/** How readable one text of a notice is (contract 1.1 TextReadability). */
export interface TextReadability {
  /** null for the summary. */
  purposeKey: string | null;
  locale: string;
  field: 'summary' | 'title' | 'description';
  score: number;
  ok: boolean;
  issues: string[];
}

/** The texts of a notice draft, in its default language and its translations. */
export interface NoticeTexts {
  defaultLocale?: string | undefined;
  summary: string;
  purposes: readonly { purposeKey: string; title: string; description: string }[];
  translations?: readonly NoticeTranslation[] | undefined;
}

/** Scores every text of a notice draft: per language, the summary, then each purpose's title and description. */
export function noticeReadability(n: NoticeTexts, opts: ScoreOptions = {}): TextReadability[] {
  const languages = [
    { locale: n.defaultLocale ?? LEGACY_LOCALE, summary: n.summary, purposes: n.purposes },
    ...(n.translations ?? []),
  ];
  return languages.flatMap(({ locale, summary, purposes }) => [
    { purposeKey: null, locale, field: 'summary' as const, ...pick(scoreText(summary, locale, opts)) },
    ...purposes.flatMap((p) => [
      { purposeKey: p.purposeKey, locale, field: 'title' as const, ...pick(scoreText(p.title, locale, opts)) },
      {
        purposeKey: p.purposeKey,
        locale,
        field: 'description' as const,
        ...pick(scoreText(p.description, locale, opts)),
      },
    ]),
  ]);
}

const pick = ({ score, ok, issues }: { score: number; ok: boolean; issues: string[] }) => ({ score, ok, issues });

/** Where a text sits, e.g. "de analytics.description" or "en summary". */
export function textLabel(t: Pick<TextReadability, 'locale' | 'purposeKey' | 'field'>): string {
  return `${t.locale} ${t.purposeKey === null ? t.field : `${t.purposeKey}.${t.field}`}`;
}

/**
 * The publication rule of plain language: every text must be ok, unless the publisher accepts the issues
 * (acceptReadabilityIssues). BAD_USER_INPUT lists each text that is not ok with its reasons.
 */
export function checkNoticeReadability(results: readonly TextReadability[], acceptIssues: boolean): void {
  if (acceptIssues) return;
  const failing = results.filter((r) => !r.ok);
  if (failing.length === 0) return;
  const lines = failing.map((r) => `${textLabel(r)}: ${r.issues.join('; ')}`);
  throw new AssentError(
    'BAD_USER_INPUT',
    `Some texts are not plain enough to publish (or set acceptReadabilityIssues: true): ${lines.join(' | ')}`,
    { details: { texts: failing, problems: lines } },
  );
}
