import { localizeNotice, parseInput, ZLocaleRequest, type LocalizedNotice } from '@assent/core';
import { currentNoticeOrThrow } from './catalog-lookups.ts';
import type { UseCaseDeps } from './deps.ts';

/** The notice in force now (public), in the locale asked (a tag or an Accept-Language value); NOT_FOUND before the first is published. */
export function currentNotice(
  deps: Pick<UseCaseDeps, 'catalog' | 'now'>,
  input: { locale?: string | null } = {},
): LocalizedNotice {
  return localizeNotice(
    currentNoticeOrThrow(deps.catalog, deps.now()),
    parseInput(ZLocaleRequest, input.locale, 'locale'),
  );
}
