import { noticeReadability as scoreNotice, parseInput, ZPublishNoticeInput, type TextReadability } from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';
import type { PublishNoticeInput } from './publish-notice.ts';

/** The plain-language check publishNotice applies to a draft, without publishing (ADMIN). */
export function noticeReadability(
  deps: Pick<UseCaseDeps, 'readabilityMin'>,
  principal: Principal | null,
  rawInput: PublishNoticeInput,
): TextReadability[] {
  requireRole(principal, ['ADMIN']);
  return scoreNotice(parseInput(ZPublishNoticeInput, rawInput), { min: deps.readabilityMin });
}
