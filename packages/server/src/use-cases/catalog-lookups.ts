import {
  AssentError,
  decisionInstantProblem,
  parseInput,
  ZDateTime,
  ZPurposeKey,
  type NoticeVersion,
  type Purpose,
} from '@assent/core';
import type { CatalogCache } from '../services/catalog.service.ts';

/** The purpose with this key, or NOT_FOUND (BAD_USER_INPUT for a malformed key). */
export function purposeOrThrow(catalog: CatalogCache, key: string): Purpose {
  const p = catalog.get().purposeByKey.get(parseInput(ZPurposeKey, key, 'purposeKey'));
  if (!p) throw new AssentError('NOT_FOUND', `No purpose with key '${key}'.`);
  return p;
}

/** The notice in force at `at`, or NOT_FOUND before the first one is published. */
export function currentNoticeOrThrow(catalog: CatalogCache, at: Date): NoticeVersion {
  const n = catalog.noticeAt(at);
  if (!n) throw new AssentError('NOT_FOUND', 'No notice has been published yet.');
  return n;
}

/** A decision's optional instant (null and undefined both mean now): now or in the past (BAD_USER_INPUT otherwise). */
export function parseAt(at: unknown, now: Date): Date | undefined {
  if (at == null) return undefined;
  const instant = parseInput(ZDateTime, at, 'at');
  const problem = decisionInstantProblem(instant, now);
  if (problem) throw new AssentError('BAD_USER_INPUT', problem, { details: { field: 'at' } });
  return instant;
}
