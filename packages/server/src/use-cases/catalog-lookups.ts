import { AssentError, parseInput, ZDateTime, ZPurposeKey, type NoticeVersion, type Purpose } from '@assent/core';
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

/**
 * A decision's optional instant (null and undefined both mean now). The contract's decide(at:) answers from the records
 * with occurredAt <= at and the notice in force at that instant, so a future instant is taken too: what a notice
 * scheduled to take effect then will mean for the records there are now.
 */
export function parseAt(at: unknown): Date | undefined {
  return at == null ? undefined : parseInput(ZDateTime, at, 'at');
}
