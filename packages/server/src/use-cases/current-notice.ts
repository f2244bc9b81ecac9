import type { NoticeVersion } from '@assent/core';
import { currentNoticeOrThrow } from './catalog-lookups.ts';
import type { UseCaseDeps } from './deps.ts';

/** The notice in force now (public); NOT_FOUND before the first is published. */
export function currentNotice(deps: Pick<UseCaseDeps, 'catalog' | 'now'>): NoticeVersion {
  return currentNoticeOrThrow(deps.catalog, deps.now());
}
