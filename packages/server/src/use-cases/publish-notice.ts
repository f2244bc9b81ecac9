import {
  checkNoticeReadability,
  checkTranslations,
  localizeNotice,
  noticeContentHash,
  noticeReadability,
  parseInput,
  planNoticePublication,
  ZPublishNoticeInput,
  type LocalizedNotice,
} from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** A notice to publish as a client sends it. */
export interface PublishNoticeInput {
  summary: string;
  purposes: readonly { purposeKey: string; title: string; description: string; requiresReconsent: boolean }[];
  effectiveAt?: Date | null;
  /** 1.1: the language of summary and purposes (default 'en'). */
  defaultLocale?: string | null;
  /** 1.1: the same texts in other languages; each must word every purpose. */
  translations?:
    | readonly {
        locale: string;
        summary: string;
        purposes: readonly { purposeKey: string; title: string; description: string }[];
      }[]
    | null;
  /** 1.1: publish even though some texts are not plain enough. */
  acceptReadabilityIssues?: boolean | null;
}

/**
 * Publishes notice version N+1 (ADMIN) once the core's rules allow it: the publication rules, complete translations,
 * and plain language in every text (unless acceptReadabilityIssues). Returned in its default locale.
 */
export async function publishNotice(
  deps: Pick<UseCaseDeps, 'catalogRepo' | 'catalog' | 'onCommit' | 'now' | 'readabilityMin'>,
  principal: Principal | null,
  rawInput: PublishNoticeInput,
): Promise<LocalizedNotice> {
  requireRole(principal, ['ADMIN']);
  const input = parseInput(ZPublishNoticeInput, rawInput);
  const t = deps.now();
  // The rules must see every purpose, also one defined a moment ago on another instance.
  await deps.catalog.refresh();
  const { effectiveAt } = planNoticePublication({
    listed: input.purposes,
    purposes: deps.catalog.get().purposes,
    effectiveAt: input.effectiveAt,
    now: t,
  });
  const { defaultLocale, translations } = input;
  checkTranslations({ defaultLocale, purposes: input.purposes, translations });
  checkNoticeReadability(noticeReadability(input, { min: deps.readabilityMin }), input.acceptReadabilityIssues);
  const notice = await deps.catalogRepo.appendNotice({
    summary: input.summary,
    effectiveAt,
    publishedAt: t,
    purposes: input.purposes,
    defaultLocale,
    translations,
    contentHash: (version) =>
      noticeContentHash({
        version,
        summary: input.summary,
        effectiveAt,
        purposes: input.purposes,
        defaultLocale,
        translations,
      }),
  });
  await deps.catalog.refresh();
  deps.onCommit();
  return localizeNotice(notice, defaultLocale);
}
