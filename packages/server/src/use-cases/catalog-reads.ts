import {
  localizeNotice,
  localizePurposes,
  parseInput,
  ZLocaleRequest,
  type LocalizedNotice,
  type Purpose,
} from '@assent/core';
import type { UseCaseDeps } from './deps.ts';

/** All purposes, active first (public), worded as the notice in force words them in the locale asked. */
export function listPurposes(
  deps: Pick<UseCaseDeps, 'catalog' | 'now'>,
  input: { locale?: string | null } = {},
): Purpose[] {
  const { purposes } = deps.catalog.get();
  return localizePurposes(
    purposes,
    deps.catalog.noticeAt(deps.now()),
    parseInput(ZLocaleRequest, input.locale, 'locale'),
  );
}

/** Every published notice, newest first (public), each in the locale asked or its default. */
export function listNoticeVersions(
  deps: Pick<UseCaseDeps, 'catalog'>,
  input: { locale?: string | null } = {},
): LocalizedNotice[] {
  const locale = parseInput(ZLocaleRequest, input.locale, 'locale');
  return deps.catalog.get().notices.map((n) => localizeNotice(n, locale));
}
