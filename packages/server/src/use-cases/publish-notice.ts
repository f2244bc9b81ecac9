import { noticeContentHash, parseInput, planNoticePublication, ZPublishNoticeInput, type NoticeVersion } from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** A notice to publish as a client sends it. */
export interface PublishNoticeInput {
  summary: string;
  purposes: readonly { purposeKey: string; title: string; description: string; requiresReconsent: boolean }[];
  effectiveAt?: Date | null;
}

/** Publishes notice version N+1 (ADMIN) once the core's publication rules allow it. */
export async function publishNotice(deps: Pick<UseCaseDeps, 'catalogRepo' | 'catalog' | 'onCommit' | 'now'>, principal: Principal | null, rawInput: PublishNoticeInput): Promise<NoticeVersion> {
  requireRole(principal, ['ADMIN']);
  const input = parseInput(ZPublishNoticeInput, rawInput);
  const t = deps.now();
  // The rules must see every purpose, also one defined a moment ago on another instance.
  await deps.catalog.refresh();
  const { effectiveAt } = planNoticePublication({ listed: input.purposes, purposes: deps.catalog.get().purposes, effectiveAt: input.effectiveAt, now: t });
  const notice = await deps.catalogRepo.appendNotice({
    summary: input.summary, effectiveAt, publishedAt: t, purposes: input.purposes,
    contentHash: (version) => noticeContentHash({ version, summary: input.summary, effectiveAt, purposes: input.purposes }),
  });
  await deps.catalog.refresh();
  deps.onCommit();
  return notice;
}
