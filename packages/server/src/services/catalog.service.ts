import { noticeInForce, type NoticeVersion, type Purpose } from '@assent/core';
import type { CatalogRepository } from '../db/catalog.repository.ts';

/** A snapshot of purposes and notices, the small, rarely changing data every decision reads. */
export interface CatalogSnapshot {
  purposes: Purpose[];
  purposeByKey: Map<string, Purpose>;
  /** Newest first. */
  notices: NoticeVersion[];
  noticeById: Map<string, NoticeVersion>;
}

/**
 * Keeps the catalog in memory so a decision costs one projection lookup and no catalog query.
 * Refreshed after every local change, and polled so changes made by another instance show up
 * within `refreshMs`: the poll reads the catalog's stamp (one prepared query) and reloads only when
 * it moved.
 */
export function catalogCache(
  repo: Pick<CatalogRepository, 'listPurposes' | 'listNotices' | 'stamp'>,
  refreshMs = 1000,
) {
  let snapshot: CatalogSnapshot = { purposes: [], purposeByKey: new Map(), notices: [], noticeById: new Map() };
  let loadedStamp: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const load = async () => {
    // The stamp is read first: a change that lands during the load moves it again, and the next poll reloads.
    const stamp = await repo.stamp();
    const [purposes, notices] = await Promise.all([repo.listPurposes(), repo.listNotices()]);
    snapshot = {
      purposes,
      purposeByKey: new Map(purposes.map((p) => [p.key, p])),
      notices,
      noticeById: new Map(notices.map((n) => [n.id, n])),
    };
    loadedStamp = stamp;
    return snapshot;
  };
  const poll = async () => {
    if ((await repo.stamp()) !== loadedStamp) await load();
  };
  return {
    /** The current snapshot. */
    get: () => snapshot,
    /** Reloads now (after a local change). */
    refresh: load,
    /** The notice in force now (or at an instant). */
    noticeAt: (at: Date) => noticeInForce(snapshot.notices, at),
    /** Starts background refresh. */
    start() {
      timer = setInterval(() => void poll().catch(() => {}), refreshMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}

/** The catalog cache's type. */
export type CatalogCache = ReturnType<typeof catalogCache>;
