import { parseInput, ZPurposeKey, type Purpose } from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** Retires a purpose (ADMIN): it stays in history, is no longer offered, and decisions say PURPOSE_INACTIVE. */
export async function retirePurpose(
  deps: Pick<UseCaseDeps, 'catalogRepo' | 'catalog' | 'now'>,
  principal: Principal | null,
  input: { key: string },
): Promise<Purpose> {
  requireRole(principal, ['ADMIN']);
  const retired = await deps.catalogRepo.retirePurpose(parseInput(ZPurposeKey, input.key, 'key'), deps.now());
  await deps.catalog.refresh();
  return retired;
}
