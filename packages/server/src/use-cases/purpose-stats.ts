import { purposeStats as countByStatus, type PurposeStats } from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** Per active consent purpose, how many subjects are in each state now (ADMIN, SUPPORT), from the projection's counts. */
export async function purposeStats(
  deps: Pick<UseCaseDeps, 'ledger' | 'counts' | 'catalog' | 'now'>,
  principal: Principal | null,
): Promise<{ subjects: number; purposes: PurposeStats[]; computedAt: Date }> {
  requireRole(principal, ['ADMIN', 'SUPPORT']);
  const at = deps.now();
  const [counts, subjects] = await Promise.all([deps.counts.listStateCounts(), deps.ledger.subjectCount()]);
  const { purposes, notices } = deps.catalog.get();
  return { subjects, purposes: countByStatus({ purposes, notices, counts, subjects, at }), computedAt: at };
}
