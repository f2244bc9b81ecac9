import {
  consentOverview as overview,
  parseInput,
  ZOverviewRange,
  type OverviewInterval,
  type PurposeOverview,
} from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** Which days, in which buckets. */
export interface ConsentOverviewInput {
  from: string;
  to: string;
  interval?: string | null;
}

/**
 * Per active consent purpose, answers over time and now (ADMIN, SUPPORT), from the count tables the ledger writer
 * keeps: the work does not grow with the ledger, only with the days asked for.
 */
export async function consentOverview(
  deps: Pick<UseCaseDeps, 'counts' | 'catalog' | 'now'>,
  principal: Principal | null,
  input: ConsentOverviewInput,
): Promise<{ from: string; to: string; interval: OverviewInterval; purposes: PurposeOverview[]; computedAt: Date }> {
  requireRole(principal, ['ADMIN', 'SUPPORT']);
  const range = parseInput(ZOverviewRange, { ...input, interval: input.interval ?? undefined });
  const at = deps.now();
  const [counts, states] = await Promise.all([deps.counts.sumRange(range), deps.counts.listStateCounts()]);
  const { purposes, notices } = deps.catalog.get();
  return { ...range, purposes: overview({ purposes, notices, counts, states, range, at }), computedAt: at };
}
